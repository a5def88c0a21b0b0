import type { Kysely, SelectQueryBuilder } from 'kysely';
import { compiledOnce, slot } from '../db/compiled-query.js';
import type { DialectName } from '../db/database.js';
import type { Database, ShareRow } from '../db/schema.js';
import type { Page } from './shares.repository.js';

/*
 * The share lists (outgoing, incoming) and the totals behind their X-Total-Count. Every query is
 * built once per database (`compiledOnce`: prepared once per PostgreSQL connection too) and each
 * reads an index range, so a first page costs the same for 50 shares as for 200,000.
 */

/** Where a list page starts: after the item with this creation time and id (newest first). */
export interface ListPosition {
  createdAt: string;
  id: string;
}

/** A page of a newest-first list: skip `offset` items, or start after a position (keyset). */
export interface ListPage extends Page {
  after?: ListPosition | undefined;
}

type SharesQuery<O> = SelectQueryBuilder<Database, 'shares', O>;
const number = (name: string) => slot(name) as unknown as number;

/** Newest first: (created_at, id) descending, the order of every share list and its indexes. */
const newestFirst = <O>(query: SharesQuery<O>) =>
  query.orderBy('shares.created_at', 'desc').orderBy('shares.id', 'desc');

/** Only what comes after the cursor position (slots afterTime, afterId): an index range scan. */
const afterCursor = <O>(query: SharesQuery<O>) =>
  query.where((eb) =>
    eb(eb.refTuple('shares.created_at', 'shares.id'), '<', eb.tuple(slot('afterTime'), slot('afterId'))),
  );

const positionValues = (page: ListPage) => ({ afterTime: page.after?.createdAt, afterId: page.after?.id });

// Outgoing: shares a person owns, newest first, whatever their status; revoked ones never.

const outgoing = (db: Kysely<Database>) =>
  db
    .selectFrom('shares')
    .where('shares.owner_id', '=', slot('ownerId'))
    .where('shares.revoked_at', 'is', null);

const outgoingFirst = compiledOnce(
  (db) => newestFirst(outgoing(db).selectAll('shares')).limit(number('limit')),
  ['ownerId', 'limit'],
);
const outgoingAfter = compiledOnce(
  (db) => newestFirst(afterCursor(outgoing(db)).selectAll('shares')).limit(number('limit')),
  ['ownerId', 'limit', 'afterTime', 'afterId'],
);
// Deep offsets walk the skipped entries in the index alone; only the page's rows are read.
const outgoingAtOffset = compiledOnce(
  (db) =>
    newestFirst(
      db
        .selectFrom('shares')
        .selectAll('shares')
        .where('shares.id', 'in', (eb) =>
          eb
            .selectFrom(
              newestFirst(outgoing(db).select('shares.id'))
                .offset(number('offset'))
                .limit(number('limit'))
                .as('page'),
            )
            .select('page.id'),
        ),
    ),
  ['ownerId', 'limit', 'offset'],
);

/** A page of a person's shares: by position one index range scan however deep, by offset as above. */
export async function listOutgoingShares(
  db: Kysely<Database>,
  ownerId: string,
  page: ListPage,
): Promise<ShareRow[]> {
  const values = { ownerId, limit: page.limit, offset: page.offset, ...positionValues(page) };
  if (page.after) return (await outgoingAfter(db, values)).rows;
  return (await (page.offset === 0 ? outgoingFirst : outgoingAtOffset)(db, values)).rows;
}

const outgoingTotal = compiledOnce(
  (db) =>
    db
      .selectFrom('share_owner_counts')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('live'), eb.lit(0)).as('total'))
      .where('owner_id', '=', slot('ownerId')),
  ['ownerId'],
);

/** How many live shares a person owns: the sum of their counter slots (kept by triggers). */
export async function countOutgoingShares(db: Kysely<Database>, ownerId: string): Promise<number> {
  return Number((await outgoingTotal(db, { ownerId })).rows[0]?.total ?? 0);
}

/*
 * Incoming: live (not revoked, not expired) shares to the person or to a group they are in now,
 * except their own: what `liveIncomingShares` (src/access/incoming-shares.ts) grants, read as
 * two index-driven branches instead of one OR that no index serves. The recipient indexes carry
 * expires_at and owner_id, so both branches, and their counts, read the index alone.
 */

const live = <O>(query: SharesQuery<O>) =>
  query
    .where('shares.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('shares.expires_at', 'is', null), eb('shares.expires_at', '>', slot('now'))]))
    .where('shares.owner_id', '!=', slot('userId'));

const direct = (db: Kysely<Database>) =>
  live(db.selectFrom('shares').where('shares.recipient_user_id', '=', slot('userId')));

const viaGroups = (db: Kysely<Database>) =>
  live(
    db
      .selectFrom('shares')
      .where('shares.recipient_group_id', 'in', (eb) =>
        eb
          .selectFrom('group_members')
          .select('group_members.group_id')
          .where('group_members.user_id', '=', slot('userId')),
      ),
  );

type Branch = <O>(query: SharesQuery<O>) => SharesQuery<O>;

/** The newest `count` ids of each branch (optionally after the cursor), merged into one page. */
function incomingPage(db: Kysely<Database>, dialect: DialectName, position: Branch) {
  const newest = <O>(query: SharesQuery<O>) =>
    newestFirst(position(query).select(['shares.id', 'shares.created_at'])).limit(number('count'));
  // PostgreSQL takes the newest of each group through its index (a LATERAL per group) instead of
  // sorting every share of every group; SQLite's sorter over the covering index is as fast.
  const grouped =
    dialect === 'postgres'
      ? db
          .selectFrom('group_members as member')
          .innerJoinLateral(
            (eb) =>
              newest(
                live(eb.selectFrom('shares').whereRef('shares.recipient_group_id', '=', 'member.group_id')),
              ).as('grouped'),
            (join) => join.onTrue(),
          )
          .select(['grouped.id', 'grouped.created_at'])
          .where('member.user_id', '=', slot('userId'))
      : db.selectFrom(newest(viaGroups(db)).as('grouped')).select(['grouped.id', 'grouped.created_at']);
  const candidates = db
    .selectFrom(newest(direct(db)).as('direct'))
    .select(['direct.id', 'direct.created_at'])
    .unionAll(grouped);
  const pageIds = db
    .selectFrom(candidates.as('candidate'))
    .select('candidate.id')
    .orderBy('candidate.created_at', 'desc')
    .orderBy('candidate.id', 'desc')
    .offset(number('offset'))
    .limit(number('limit'));
  return newestFirst(db.selectFrom('shares').selectAll('shares').where('shares.id', 'in', pageIds));
}

const anywhere: Branch = (query) => query;
const incomingQueries = {
  sqlite: {
    offset: compiledOnce(
      (db) => incomingPage(db, 'sqlite', anywhere),
      ['userId', 'now', 'count', 'offset', 'limit'],
    ),
    after: compiledOnce(
      (db) => incomingPage(db, 'sqlite', afterCursor),
      ['userId', 'now', 'count', 'offset', 'limit', 'afterTime', 'afterId'],
    ),
  },
  postgres: {
    offset: compiledOnce(
      (db) => incomingPage(db, 'postgres', anywhere),
      ['userId', 'now', 'count', 'offset', 'limit'],
    ),
    after: compiledOnce(
      (db) => incomingPage(db, 'postgres', afterCursor),
      ['userId', 'now', 'count', 'offset', 'limit', 'afterTime', 'afterId'],
    ),
  },
};

export async function listIncomingShares(
  db: Kysely<Database>,
  dialect: DialectName,
  userId: string,
  now: string,
  page: ListPage,
): Promise<ShareRow[]> {
  const offset = page.after ? 0 : page.offset;
  const query = incomingQueries[dialect][page.after ? 'after' : 'offset'];
  const values = {
    userId,
    now,
    count: offset + page.limit,
    offset,
    limit: page.limit,
    ...positionValues(page),
  };
  return (await query(db, values)).rows;
}

const directTotal = compiledOnce(
  (db) => direct(db).select((eb) => eb.fn.countAll<number>().as('total')),
  ['userId', 'now'],
);
const groupsTotal = compiledOnce(
  (db) => viaGroups(db).select((eb) => eb.fn.countAll<number>().as('total')),
  ['userId', 'now'],
);

/** The two branches counted in their indexes (exact at `now`: expiry makes a kept counter impossible). */
export async function countIncomingShares(
  db: Kysely<Database>,
  userId: string,
  now: string,
): Promise<number> {
  const [mine, groups] = await Promise.all([
    directTotal(db, { userId, now }),
    groupsTotal(db, { userId, now }),
  ]);
  return Number(mine.rows[0]?.total ?? 0) + Number(groups.rows[0]?.total ?? 0);
}
