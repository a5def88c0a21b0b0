import type { Insertable, Kysely, SelectQueryBuilder, Transaction } from 'kysely';
import { compiledOnce, slot } from '../db/database.js';
import type { Database, ShareActivityRow, ShareActivityTable } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** An activity entry with the username of whoever acted (null for visitors and deleted users). */
export type ShareActivityWithActor = ShareActivityRow & { actor_username: string | null };

const CHUNK = 500;

/** Appends entries to share logs, in chunks so a cascade over many shares costs few statements. */
export async function insertActivity(db: Executor, rows: Insertable<ShareActivityTable>[]): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK) {
    await db
      .insertInto('share_activity')
      .values(rows.slice(start, start + CHUNK))
      .execute();
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
