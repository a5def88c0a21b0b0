import { sql, type Kysely, type Transaction } from 'kysely';
import { compilableSql, compiledOnce, dialectOf, slot } from '../db/compiled-query.js';
import type { Database, NotificationRow, ShareTargetType } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** A PostgreSQL NOTIFY to send in the same statement as a write: it goes out when that commits. */
export interface SameStatementNotify {
  channel: string;
  payloads: string[];
}

/*
 * Any number of notifications in one statement of one fixed shape (prepared once): arrays
 * unnested on PostgreSQL, with the NOTIFY for other processes in the same statement (sent when
 * it commits); a JSON array read by json_each on SQLite.
 */
const NOTIFICATION_COLUMNS = sql.raw(
  'notifications (id, user_id, share_id, notification_type, message, is_read, dedupe_key, created_at)',
);
const insertArrays = compiledOnce(
  (db) =>
    compilableSql(
      db,
      sql`with written as (insert into ${NOTIFICATION_COLUMNS}
          select n.id, n.user_id, n.share_id, n.notification_type, n.message, 0, null, ${slot('createdAt')}::timestamptz
          from unnest(${slot('ids')}::text[], ${slot('userIds')}::text[], ${slot('shareIds')}::text[],
            ${slot('types')}::text[], ${slot('messages')}::text[])
            as n(id, user_id, share_id, notification_type, message))
        select pg_notify(${slot('channel')}, payload) from unnest(${slot('payloads')}::text[]) as payload`,
    ),
  ['createdAt', 'ids', 'userIds', 'shareIds', 'types', 'messages', 'channel', 'payloads'],
);
const insertJson = compiledOnce(
  (db) =>
    compilableSql(
      db,
      sql`insert into ${NOTIFICATION_COLUMNS}
        select n.value ->> 0, n.value ->> 1, n.value ->> 2, n.value ->> 3, n.value ->> 4, 0, null, ${slot('createdAt')}
        from json_each(${slot('rows')}) as n`,
    ),
  ['createdAt', 'rows'],
);

type NewNotification = Pick<NotificationRow, 'id' | 'user_id' | 'share_id' | 'notification_type' | 'message'>;

/** Writes notifications created at one time (unread, no dedupe key); on PostgreSQL sends `notify` with them. */
export async function insertNotifications(
  db: Executor,
  rows: readonly NewNotification[],
  createdAt: string,
  notify: SameStatementNotify | null,
): Promise<void> {
  if (rows.length === 0) return;
  if (dialectOf(db) === 'postgres') {
    await insertArrays(db, {
      createdAt,
      ids: rows.map((row) => row.id),
      userIds: rows.map((row) => row.user_id),
      shareIds: rows.map((row) => row.share_id),
      types: rows.map((row) => row.notification_type),
      messages: rows.map((row) => row.message),
      channel: notify?.channel ?? '',
      payloads: notify?.payloads ?? [],
    });
    return;
  }
  const tuples = rows.map((row) => [row.id, row.user_id, row.share_id, row.notification_type, row.message]);
  await insertJson(db, { createdAt, rows: JSON.stringify(tuples) });
}

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
