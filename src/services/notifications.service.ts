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
  insertNotifications,
  listUnreadNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  sharesForSummaries,
} from '../repositories/notifications.repository.js';
import { groupMemberIds } from '../repositories/groups.repository.js';
import { usernamesByIds } from '../repositories/shares.repository.js';
import { targetNames } from './share-targets.service.js';

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

/** Who each share reaches, in order: its user, or every current member of its group (never its owner). */
async function recipientsOf(ctx: AppContext, shares: readonly ShareForNotice[]): Promise<string[][]> {
  const groupIds = shares.flatMap((share) =>
    share.recipient_type === 'group' && share.recipient_group_id ? [share.recipient_group_id] : [],
  );
  const members = await groupMemberIds(ctx.db.kysely, groupIds);
  return shares.map((share) => {
    if (share.recipient_type === 'user' && share.recipient_user_id) return [share.recipient_user_id];
    if (share.recipient_type !== 'group' || !share.recipient_group_id) return [];
    return (members.get(share.recipient_group_id) ?? []).filter((userId) => userId !== share.owner_id);
  });
}

/** Who a share reaches: its user, or every current member of its group (never its owner). */
export async function shareRecipientIds(ctx: AppContext, share: ShareForNotice): Promise<string[]> {
  return (await recipientsOf(ctx, [share]))[0] ?? [];
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

/** The names a notice shows, when the caller knows them already (a create has both at hand). */
export interface NoticeNames {
  ownerUsername: string;
  targetName: string;
}

/** Owner and target names of many shares, by share id (two statements whatever their number). */
async function namesOf(
  ctx: AppContext,
  shares: readonly ShareForNotice[],
): Promise<Map<string, NoticeNames>> {
  if (shares.length === 0) return new Map();
  const db = ctx.db.kysely;
  const [targets, owners] = await Promise.all([
    targetNames(db, shares),
    usernamesByIds(
      db,
      shares.map((share) => share.owner_id),
    ),
  ]);
  return new Map(
    shares.map((share) => [
      share.id,
      {
        ownerUsername: owners.get(share.owner_id) ?? 'Someone',
        targetName: targets.get(`${share.target_type}:${share.target_id}`) ?? UNNAMED_TARGET,
      },
    ]),
  );
}

/** What happened to one share, for its recipients. */
export interface ShareNoticeOf<Share extends ShareForNotice = ShareForNotice> {
  share: Share;
  type: Extract<NotificationType, 'new_share' | 'share_updated' | 'share_revoked'>;
  /** Known already (saves looking them up). */
  names?: NoticeNames | undefined;
}

interface Notice {
  share: ShareForNotice;
  type: NotificationType;
  names: NoticeNames;
  userIds: readonly string[];
}

/** Rows a fan-out statement writes at most (a batch of shares to large groups is split). */
const FAN_OUT_CHUNK = 5000;

const summaryOf = (notice: Notice) => ({
  target_type: notice.share.target_type,
  target_name: notice.names.targetName,
  owner_username: notice.names.ownerUsername,
});

/**
 * Writes one notification per user of each notice and pushes them to live streams: one
 * statement per 5,000 notifications (on PostgreSQL carrying the NOTIFY for other processes).
 */
async function writeNotices(ctx: AppContext, notices: readonly Notice[]): Promise<void> {
  const createdAt = ctx.clock.now().toISOString();
  const rows = notices.flatMap((notice) => {
    const message = MESSAGES[notice.type](notice.names.ownerUsername, notice.names.targetName);
    const summary = summaryOf(notice);
    return notice.userIds.map((userId) => ({
      row: {
        id: newId(),
        user_id: userId,
        share_id: notice.share.id,
        notification_type: notice.type,
        message,
        is_read: 0,
        dedupe_key: null,
        created_at: createdAt,
      } satisfies NotificationRow,
      summary,
    }));
  });
  for (let start = 0; start < rows.length; start += FAN_OUT_CHUNK) {
    const chunk = rows.slice(start, start + FAN_OUT_CHUNK);
    const events = chunk.map(({ row, summary }) => ({
      userId: row.user_id,
      notification: presentNotification(row, summary),
    }));
    await ctx.notifications.publishWritten(events, (notify) =>
      insertNotifications(
        ctx.db.kysely,
        chunk.map(({ row }) => row),
        createdAt,
        notify,
      ),
    );
  }
}

/**
 * Tells the recipients of each share (every member of a group) what happened to it, in a few
 * statements whatever the number of shares: recipients, names, then the notifications.
 */
export async function notifyShareRecipients(
  ctx: AppContext,
  notices: readonly ShareNoticeOf[],
): Promise<void> {
  if (notices.length === 0) return;
  const recipients = await recipientsOf(
    ctx,
    notices.map((notice) => notice.share),
  );
  const names = await namesOf(
    ctx,
    notices
      .filter((notice, index) => !notice.names && recipients[index]?.length)
      .map((notice) => notice.share),
  );
  await writeNotices(
    ctx,
    notices.flatMap((notice, index) => {
      const userIds = recipients[index] ?? [];
      const known = notice.names ?? names.get(notice.share.id);
      return userIds.length > 0 && known ? [{ ...notice, names: known, userIds }] : [];
    }),
  );
}

export interface NotifyOptions {
  /** Skips a notification that exists already, so a restart never sends the same one twice. */
  dedupeKey?: (userId: string) => string;
}

/** Chunks of the insert that skips duplicates (a scheduler's notices, a few at a time). */
const DEDUPED_CHUNK = 500;

/** Writes one notification of this share to each user. */
export async function notifyUsers(
  ctx: AppContext,
  userIds: readonly string[],
  share: ShareForNotice,
  type: NotificationType,
  { dedupeKey }: NotifyOptions = {},
): Promise<void> {
  if (userIds.length === 0) return;
  const names = (await namesOf(ctx, [share])).get(share.id);
  if (!names) return;
  if (!dedupeKey) {
    await writeNotices(ctx, [{ share, type, names, userIds }]);
    return;
  }
  const createdAt = ctx.clock.now().toISOString();
  const message = MESSAGES[type](names.ownerUsername, names.targetName);
  const summary = summaryOf({ share, type, names, userIds });
  const rows: NotificationRow[] = userIds.map((userId) => ({
    id: newId(),
    user_id: userId,
    share_id: share.id,
    notification_type: type,
    message,
    is_read: 0,
    dedupe_key: dedupeKey(userId),
    created_at: createdAt,
  }));
  const written: NotificationRow[] = [];
  for (let start = 0; start < rows.length; start += DEDUPED_CHUNK) {
    const chunk = rows.slice(start, start + DEDUPED_CHUNK);
    const inserted = await ctx.db.kysely
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
  }
  await ctx.notifications.publish(
    written.map((row) => ({ userId: row.user_id, notification: presentNotification(row, summary) })),
  );
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
