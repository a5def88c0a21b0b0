import type { AppContext } from '../context.js';
import type { NotificationRow, NotificationType, ShareRow } from '../db/schema.js';
import { isUniqueViolation } from '../db/database.js';
import { newId } from '../lib/ids.js';
import { notFound } from '../errors.js';
import {
  presentNotification,
  type NotificationShareSummary,
  type ShareNotification,
} from '../presenters/notification.presenter.js';
import {
  countUnreadNotifications,
  listUnreadNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  sharesForSummaries,
} from '../repositories/notifications.repository.js';
import { targetName, targetNames } from './share-targets.service.js';

type ShareForNotice = Pick<
  ShareRow,
  | 'id'
  | 'owner_id'
  | 'target_type'
  | 'target_id'
  | 'recipient_type'
  | 'recipient_user_id'
  | 'recipient_group_id'
>;

/** Who a share reaches: its user, or every current member of its group (never its owner). */
export async function shareRecipientIds(ctx: AppContext, share: ShareForNotice): Promise<string[]> {
  if (share.recipient_type === 'user' && share.recipient_user_id) return [share.recipient_user_id];
  if (share.recipient_type !== 'group' || !share.recipient_group_id) return [];
  const rows = await ctx.db.kysely
    .selectFrom('group_members')
    .select('user_id')
    .where('group_id', '=', share.recipient_group_id)
    .where('user_id', '!=', share.owner_id)
    .execute();
  return rows.map((row) => row.user_id);
}

/** Label used when a share's target is gone (deleted items revoke their shares, notices stay). */
const UNNAMED_TARGET = 'an item';

const MESSAGES: Record<NotificationType, (owner: string, name: string) => string> = {
  new_share: (owner, name) => `${owner} shared "${name}" with you.`,
  share_updated: (owner, name) => `${owner} changed the share of "${name}".`,
  share_revoked: (owner, name) => `${owner} stopped sharing "${name}" with you.`,
  share_expiring: (owner, name) => `Your access to "${name}", shared by ${owner}, ends within a day.`,
  share_accessed: (_owner, name) => `Someone opened your link to "${name}".`,
};

/**
 * Writes one notification per user and pushes each to live streams. Inserts in chunks so a
 * group of thousands costs a few statements. With a `dedupeKey(userId)`, a notification that
 * already exists is skipped (so a restart never sends the same one twice).
 */
export async function notifyUsers(
  ctx: AppContext,
  userIds: readonly string[],
  share: ShareForNotice,
  type: NotificationType,
  dedupeKey?: (userId: string) => string,
): Promise<void> {
  if (userIds.length === 0) return;
  const db = ctx.db.kysely;
  const [owner, name] = await Promise.all([
    db.selectFrom('users').select('username').where('id', '=', share.owner_id).executeTakeFirst(),
    targetName(db, share.target_type, share.target_id),
  ]);
  const ownerName = owner?.username ?? 'Someone';
  const targetLabel = name ?? UNNAMED_TARGET;
  const now = ctx.clock.now().toISOString();
  const rows: NotificationRow[] = userIds.map((userId) => ({
    id: newId(),
    user_id: userId,
    share_id: share.id,
    notification_type: type,
    message: MESSAGES[type](ownerName, targetLabel),
    is_read: 0,
    dedupe_key: dedupeKey ? dedupeKey(userId) : null,
    created_at: now,
  }));

  const written: NotificationRow[] = [];
  const CHUNK = 500;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    if (dedupeKey) {
      const inserted = await db
        .insertInto('notifications')
        .values(chunk)
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .returning('id')
        .execute()
        .catch((error: unknown) => {
          if (isUniqueViolation(error)) return [];
          throw error;
        });
      const ids = new Set(inserted.map((row) => row.id));
      written.push(...chunk.filter((row) => ids.has(row.id)));
    } else {
      await db.insertInto('notifications').values(chunk).execute();
      written.push(...chunk);
    }
  }

  const summary = { target_type: share.target_type, target_name: targetLabel, owner_username: ownerName };
  await ctx.notifications.publish(
    written.map((row) => ({ userId: row.user_id, notification: presentNotification(row, summary) })),
  );
}

/** Tells every recipient of a share (each member of a group) what happened to it. */
export async function notifyShareRecipients(
  ctx: AppContext,
  share: ShareForNotice,
  type: Extract<NotificationType, 'new_share' | 'share_updated' | 'share_revoked'>,
): Promise<void> {
  await notifyUsers(ctx, await shareRecipientIds(ctx, share), share, type);
}

/** Presents notifications with their share summaries, looked up for the whole batch at once. */
export async function presentNotifications(
  ctx: Pick<AppContext, 'db'>,
  rows: readonly NotificationRow[],
): Promise<ShareNotification[]> {
  const db = ctx.db.kysely;
  const shareIds = rows.map((row) => row.share_id).filter((id): id is string => id !== null);
  const shares = await sharesForSummaries(db, shareIds);
  const names = await targetNames(db, shares);
  const summaries = new Map<string, NotificationShareSummary>(
    shares.map((share) => [
      share.id,
      {
        target_type: share.target_type,
        target_name: names.get(`${share.target_type}:${share.target_id}`) ?? UNNAMED_TARGET,
        owner_username: share.owner_username,
      },
    ]),
  );
  return rows.map((row) =>
    presentNotification(row, row.share_id ? (summaries.get(row.share_id) ?? null) : null),
  );
}

/** A page of the user's unread notifications, newest first, with how many are unread in all. */
export async function listUnread(
  ctx: AppContext,
  userId: string,
  page: { offset: number; limit: number },
): Promise<{ items: ShareNotification[]; total: number }> {
  const db = ctx.db.kysely;
  const [rows, total] = await Promise.all([
    listUnreadNotifications(db, userId, page),
    countUnreadNotifications(db, userId),
  ]);
  return { items: await presentNotifications(ctx, rows), total };
}

/** Marks one notification read (idempotent); someone else's or an unknown one is a 404. */
export async function markRead(ctx: AppContext, userId: string, id: string): Promise<ShareNotification> {
  const row = await markNotificationRead(ctx.db.kysely, userId, id);
  if (!row) throw notFound('Notification');
  const [presented] = await presentNotifications(ctx, [row]);
  if (!presented) throw notFound('Notification');
  return presented;
}

export async function markAllRead(ctx: AppContext, userId: string): Promise<{ updated: number }> {
  return { updated: await markAllNotificationsRead(ctx.db.kysely, userId) };
}
