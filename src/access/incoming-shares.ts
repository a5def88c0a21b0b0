import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** The permission flags a share carries, by the action they allow. */
export const PERMISSION_COLUMN = {
  view: 'can_view',
  download: 'can_download',
  edit: 'can_edit',
  delete: 'can_delete',
  reshare: 'can_reshare',
  add: 'can_add',
} as const;

export type ShareAction = keyof typeof PERMISSION_COLUMN;

/**
 * Live shares whose recipient is this user, directly or through a group they are in now
 * (so a group share follows membership as it changes). Live: not revoked, not expired.
 * Reshares are revoked, narrowed and capped eagerly when their parent changes, so a share's
 * own row is the whole truth here.
 */
export function liveIncomingShares(db: Executor, userId: string, now: string) {
  return db
    .selectFrom('shares')
    .where('shares.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('shares.expires_at', 'is', null), eb('shares.expires_at', '>', now)]))
    .where((eb) =>
      eb.or([
        eb('shares.recipient_user_id', '=', userId),
        eb(
          'shares.recipient_group_id',
          'in',
          eb
            .selectFrom('group_members')
            .select('group_members.group_id')
            .where('group_members.user_id', '=', userId),
        ),
      ]),
    );
}
