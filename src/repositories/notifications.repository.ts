import type { Kysely, Transaction } from 'kysely';
import type { Database, NotificationRow, ShareTargetType } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

function unreadOf(db: Executor, userId: string) {
  return db.selectFrom('notifications').where('user_id', '=', userId).where('is_read', '=', 0);
}

/** A page of a user's unread notifications, newest first (ids are time-ordered: they break ties). */
export function listUnreadNotifications(
  db: Executor,
  userId: string,
  page: { offset: number; limit: number },
): Promise<NotificationRow[]> {
  return unreadOf(db, userId)
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
}

export async function countUnreadNotifications(db: Executor, userId: string): Promise<number> {
  const row = await unreadOf(db, userId)
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

/** Marks one of the user's notifications read; undefined when it is not theirs or does not exist. */
export async function markNotificationRead(
  db: Executor,
  userId: string,
  id: string,
): Promise<NotificationRow | undefined> {
  await db
    .updateTable('notifications')
    .set({ is_read: 1 })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('is_read', '=', 0)
    .execute();
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** Marks every unread notification of the user read; returns how many changed. */
export async function markAllNotificationsRead(db: Executor, userId: string): Promise<number> {
  const result = await db
    .updateTable('notifications')
    .set({ is_read: 1 })
    .where('user_id', '=', userId)
    .where('is_read', '=', 0)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Notifications by id (a live stream reloads the ones too large to travel in a NOTIFY payload). */
export function findNotificationsByIds(db: Executor, ids: readonly string[]): Promise<NotificationRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('id', 'in', [...ids])
    .orderBy('id')
    .execute();
}

/** A user's unread notifications written after the one with this id, oldest first (stream resumption). */
export function unreadNotificationsAfter(
  db: Executor,
  userId: string,
  afterId: string,
  limit: number,
): Promise<NotificationRow[]> {
  return unreadOf(db, userId).selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
}

/** For each share: its target and its owner's username, in one query. */
export function sharesForSummaries(
  db: Executor,
  shareIds: readonly string[],
): Promise<Array<{ id: string; target_type: ShareTargetType; target_id: string; owner_username: string }>> {
  if (shareIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('shares')
    .innerJoin('users', 'users.id', 'shares.owner_id')
    .select(['shares.id', 'shares.target_type', 'shares.target_id', 'users.username as owner_username'])
    .where('shares.id', 'in', [...new Set(shareIds)])
    .execute();
}
