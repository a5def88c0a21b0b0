import type { Insertable } from 'kysely';
import type { AppContext } from '../context.js';
import type { ShareAction, ShareActivityTable, ShareRow } from '../db/schema.js';
import { newId } from '../lib/ids.js';
import type { Principal } from '../plugins/auth.js';
import { notifyShareRecipients } from './notifications.service.js';

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

export interface ShareNotice {
  share: ShareRow;
  type: 'new_share' | 'share_updated' | 'share_revoked';
}

/** How many shares' recipients are told at once (a batch revoke tells up to 500 shares' worth). */
const NOTIFY_CONCURRENCY = 8;

/**
 * Tells recipients what happened, once the change is committed. The change stands whatever
 * happens here, so a failure is logged rather than turned into an error for the caller.
 * Several shares are told at once: each costs a few statements, and a batch of 500 told one
 * after another waits for 2,000 round trips.
 */
export async function afterCommit(ctx: AppContext, notices: readonly ShareNotice[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < notices.length) {
      const notice = notices[next++];
      if (!notice) continue;
      try {
        await notifyShareRecipients(ctx, notice.share, notice.type);
      } catch (error) {
        ctx.log.error({ err: error, shareId: notice.share.id }, 'could not notify share recipients');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(NOTIFY_CONCURRENCY, notices.length) }, worker));
}
