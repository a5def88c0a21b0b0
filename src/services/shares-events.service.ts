import type { Insertable } from 'kysely';
import type { AppContext } from '../context.js';
import type { ShareAction, ShareActivityTable, ShareRow } from '../db/schema.js';
import { newId } from '../lib/ids.js';
import type { Principal } from '../plugins/auth.js';
import { notifyShareRecipients, type ShareNoticeOf } from './notifications.service.js';

/** Who changes a share, and from where (null from the command line). */
export interface ShareActor {
  principal: Principal;
  ip: string | null;
}

/** One share-log entry. `details` never holds a password or a token. */
export function activityEntry(
  shareId: string,
  actor: ShareActor,
  action: ShareAction,
  details: Record<string, unknown>,
  now: string,
): Insertable<ShareActivityTable> {
  return {
    id: newId(),
    share_id: shareId,
    actor_id: actor.principal.userId,
    actor_ip: actor.ip,
    action,
    details: JSON.stringify(details),
    created_at: now,
  };
}

export type ShareNotice = ShareNoticeOf<ShareRow>;

/**
 * Tells recipients what happened, once the change is committed: a few statements whatever the
 * number of shares (a batch revoke tells up to 500). The change stands whatever happens here, so
 * a failure is logged rather than turned into an error for the caller.
 */
export async function afterCommit(ctx: AppContext, notices: readonly ShareNotice[]): Promise<void> {
  try {
    await notifyShareRecipients(ctx, notices);
  } catch (error) {
    ctx.log.error(
      { err: error, shareIds: notices.map((notice) => notice.share.id) },
      'could not notify share recipients',
    );
  }
}
