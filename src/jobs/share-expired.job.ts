import type { AppContext } from '../context.js';
import { newId } from '../lib/ids.js';
import { insertActivity } from '../repositories/share-activity.repository.js';
import { claimExpiredShares } from '../repositories/scheduled-work.repository.js';

const BATCH = 500;

/**
 * Writes the `expired` entry in the log of each share that has expired, once per share:
 * the share is marked (expired_logged_at) in the same transaction as its entry is written.
 * Returns how many entries were written.
 */
export async function logExpiredShares(ctx: AppContext): Promise<number> {
  let logged = 0;
  for (;;) {
    const now = ctx.clock.now().toISOString();
    const claimed = await ctx.db.kysely.transaction().execute(async (trx) => {
      const shares = await claimExpiredShares(trx, now, BATCH);
      await insertActivity(
        trx,
        shares.map((share) => ({
          id: newId(),
          share_id: share.id,
          actor_id: null,
          actor_ip: null,
          action: 'expired' as const,
          details: JSON.stringify({ expires_at: share.expires_at }),
          // Logged when it happened, whenever the scheduler got to it.
          created_at: share.expires_at ?? now,
        })),
      );
      return shares.length;
    });
    logged += claimed;
    if (claimed < BATCH) return logged;
  }
}
