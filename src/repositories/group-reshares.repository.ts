import type { Kysely, Transaction } from 'kysely';
import type { Database, ShareRow } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * The live reshares a user made from live shares to a group: what they could only make as
 * a member of that group.
 */
export function resharesThroughGroup(db: Executor, groupId: string, userId: string): Promise<ShareRow[]> {
  return db
    .selectFrom('shares')
    .selectAll()
    .where('owner_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('parent_share_id', 'in', (eb) =>
      eb
        .selectFrom('shares as parent')
        .select('parent.id')
        .where('parent.recipient_group_id', '=', groupId)
        .where('parent.revoked_at', 'is', null),
    )
    .execute();
}
