import type { AppContext } from '../context.js';
import { existingDedupeKeys, sharesExpiringBetween } from '../repositories/scheduled-work.repository.js';
import { notifyUsers, shareRecipientIds } from '../services/notifications.service.js';

/** Recipients are warned this long before a share to them expires. */
export const EXPIRING_NOTICE_MS = 24 * 60 * 60 * 1000;

export const expiringDedupeKey = (shareId: string, userId: string) => `expiring:${shareId}:${userId}`;

/**
 * Tells each recipient of a user or group share that expires within the next 24 hours (and
 * has not yet) that it is about to end. Each (share, user) notice has a dedupe key, so runs
 * that repeat, overlap or follow a restart never send one twice. Returns how many were sent.
 */
export async function notifyExpiringShares(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const shares = await sharesExpiringBetween(
    ctx.db.kysely,
    now.toISOString(),
    new Date(now.getTime() + EXPIRING_NOTICE_MS).toISOString(),
  );
  let sent = 0;
  for (const share of shares) {
    const recipients = await shareRecipientIds(ctx, share);
    if (recipients.length === 0) continue;
    // Skip users already told, so a share seen every minute for a day costs one cheap query.
    const told = await existingDedupeKeys(
      ctx.db.kysely,
      recipients.map((userId) => expiringDedupeKey(share.id, userId)),
    );
    const untold = recipients.filter((userId) => !told.has(expiringDedupeKey(share.id, userId)));
    if (untold.length === 0) continue;
    await notifyUsers(ctx, untold, share, 'share_expiring', {
      dedupeKey: (userId) => expiringDedupeKey(share.id, userId),
    });
    sent += untold.length;
  }
  return sent;
}
