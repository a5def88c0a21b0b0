import { sql, type Insertable, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
import { compilableSql, compiledOnce, dialectOf, slot } from '../db/compiled-query.js';
import type { Database, ShareActivityRow, ShareActivityTable } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** An activity entry with the username of whoever acted (null for visitors and deleted users). */
export type ShareActivityWithActor = ShareActivityRow & { actor_username: string | null };

const CHUNK = 500;
/** The columns of a log entry, in the order every insert of one writes them. */
export const ACTIVITY_COLUMNS = [
  'id',
  'share_id',
  'actor_id',
  'actor_ip',
  'action',
  'details',
  'created_at',
] as const;

/*
 * Any number of entries in one statement of one fixed shape (prepared once, not once per batch
 * size): arrays unnested on PostgreSQL, a JSON array read by json_each on SQLite.
 */
const insertArrays = compiledOnce(
  (db) =>
    compilableSql(
      db,
      sql`insert into share_activity (id, share_id, actor_id, actor_ip, action, details, created_at)
        select * from unnest(${slot('id')}::text[], ${slot('share_id')}::text[], ${slot('actor_id')}::text[],
          ${slot('actor_ip')}::text[], ${slot('action')}::text[], ${slot('details')}::text[],
          ${slot('created_at')}::timestamptz[])`,
    ),
  ACTIVITY_COLUMNS,
);
const insertJson = compiledOnce(
  (db) =>
    compilableSql(
      db,
      sql`insert into share_activity (id, share_id, actor_id, actor_ip, action, details, created_at)
        select e.value ->> '$.id', e.value ->> '$.share_id', e.value ->> '$.actor_id', e.value ->> '$.actor_ip',
          e.value ->> '$.action', e.value ->> '$.details', e.value ->> '$.created_at'
        from json_each(${slot('rows')}) as e`,
    ),
  ['rows'],
);

/** Appends entries to share logs, up to 500 a statement, in the order given. */
export async function insertActivity(db: Executor, rows: Insertable<ShareActivityTable>[]): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    if (postgres) {
      const arrays = Object.fromEntries(
        ACTIVITY_COLUMNS.map((column) => [column, chunk.map((row) => row[column] ?? null)]),
      ) as Record<(typeof ACTIVITY_COLUMNS)[number], unknown>;
      await insertArrays(db, arrays);
    } else {
      await insertJson(db, { rows: JSON.stringify(chunk) });
    }
  }
}

const activityPage = (db: Kysely<Database>) =>
  db
    .selectFrom('share_activity')
    .leftJoin('users', 'users.id', 'share_activity.actor_id')
    .selectAll('share_activity')
    .select('users.username as actor_username')
    .where('share_activity.share_id', '=', slot('shareId'));

const newestFirst = <O>(query: SelectQueryBuilder<Database, 'share_activity' | 'users', O>) =>
  query
    .orderBy('share_activity.created_at', 'desc')
    .orderBy('share_activity.id', 'desc')
    .limit(slot('limit') as unknown as number);

const pageAtOffset = compiledOnce(
  (db) => newestFirst(activityPage(db)).offset(slot('offset') as unknown as number),
  ['shareId', 'limit', 'offset'],
);
const pageAfter = compiledOnce(
  (db) =>
    newestFirst(
      activityPage(db).where((eb) =>
        eb(
          eb.refTuple('share_activity.created_at', 'share_activity.id'),
          '<',
          eb.tuple(slot('afterTime'), slot('afterId')),
        ),
      ),
    ),
  ['shareId', 'limit', 'afterTime', 'afterId'],
);

/** One page of a share's log, newest first: after a position (keyset), or skipping `offset` entries. */
export async function listActivity(
  db: Kysely<Database>,
  shareId: string,
  page: { offset: number; limit: number; after?: { createdAt: string; id: string } | undefined },
): Promise<ShareActivityWithActor[]> {
  const { after } = page;
  const result = after
    ? await pageAfter(db, { shareId, limit: page.limit, afterTime: after.createdAt, afterId: after.id })
    : await pageAtOffset(db, { shareId, limit: page.limit, offset: page.offset });
  return result.rows;
}

const logTotal = compiledOnce(
  (db) => db.selectFrom('share_activity_counts').select('total').where('share_id', '=', slot('shareId')),
  ['shareId'],
);

/** How many entries a share's log holds (a counter kept by triggers, not a count of the log). */
export async function countActivity(db: Kysely<Database>, shareId: string): Promise<number> {
  return Number((await logTotal(db, { shareId })).rows[0]?.total ?? 0);
}
