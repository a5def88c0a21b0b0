import { type Kysely, type Transaction, type Updateable } from 'kysely';
import type { Database, NewShare, ShareRow, SharesTable, ShareTargetType } from '../db/schema.js';
import { compiledOnce, idList, inIdList, slot } from '../db/compiled-query.js';
import type { DialectName } from '../db/database.js';
import { liveIncomingShares } from '../access/incoming-shares.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface Page {
  offset: number;
  limit: number;
}

/** A share that has not been revoked (revoked shares are gone as far as the API is concerned). */
export function findLiveShare(db: Executor, id: string): Promise<ShareRow | undefined> {
  return db
    .selectFrom('shares')
    .selectAll()
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/**
 * A live share read inside a transaction that is about to change it or hang a reshare off it.
 * PostgreSQL locks the row until commit; SQLite runs one write transaction at a time anyway.
 */
export function lockLiveShare(
  db: Transaction<Database>,
  dialect: DialectName,
  id: string,
): Promise<ShareRow | undefined> {
  const query = db.selectFrom('shares').selectAll().where('id', '=', id).where('revoked_at', 'is', null);
  return (dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
}

export async function insertShare(db: Executor, row: NewShare): Promise<void> {
  await db.insertInto('shares').values(row).execute();
}

/** Changes a live share and bumps its state version, so link access tokens issued before it die. */
export async function updateLiveShare(
  db: Executor,
  id: string,
  changes: Updateable<SharesTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('shares')
    .set(changes)
    .set((eb) => ({ state_version: eb('state_version', '+', 1) }))
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Every live share descended from the given ones (reshares, their reshares, ...), walked level by
 * level through parent_share_id. The given shares themselves are not included.
 */
export async function findLiveDescendants(db: Executor, rootIds: readonly string[]): Promise<ShareRow[]> {
  const found: ShareRow[] = [];
  const seen = new Set(rootIds);
  let level = [...rootIds];
  while (level.length > 0) {
    const children: ShareRow[] = [];
    for (let start = 0; start < level.length; start += 500) {
      children.push(
        ...(await db
          .selectFrom('shares')
          .selectAll()
          .where('parent_share_id', 'in', level.slice(start, start + 500))
          .where('revoked_at', 'is', null)
          .execute()),
      );
    }
    level = [];
    for (const child of children) {
      if (seen.has(child.id)) continue;
      seen.add(child.id);
      found.push(child);
      level.push(child.id);
    }
  }
  return found;
}

/**
 * Revokes live shares, bumping their state version. With `ownerId`, only shares that person owns
 * are touched. Returns how many were revoked, so a caller can tell whether all of them were.
 */
export async function revokeLiveShares(
  db: Executor,
  ids: readonly string[],
  now: string,
  ownerId?: string,
): Promise<number> {
  let revoked = 0;
  for (let start = 0; start < ids.length; start += 500) {
    let query = db
      .updateTable('shares')
      .set((eb) => ({ revoked_at: now, updated_at: now, state_version: eb('state_version', '+', 1) }))
      .where('id', 'in', ids.slice(start, start + 500))
      .where('revoked_at', 'is', null);
    if (ownerId !== undefined) query = query.where('owner_id', '=', ownerId);
    revoked += Number((await query.executeTakeFirst()).numUpdatedRows);
  }
  return revoked;
}

/** Live shares of exactly this target that reach this person and let them reshare it. */
export function findReshareableShares(
  db: Executor,
  userId: string,
  target: { type: ShareTargetType; id: string },
  now: string,
): Promise<ShareRow[]> {
  return liveIncomingShares(db, userId, now)
    .selectAll('shares')
    .where('shares.target_type', '=', target.type)
    .where('shares.target_id', '=', target.id)
    .where('shares.can_reshare', '=', 1)
    .where('shares.owner_id', '!=', userId)
    .execute();
}

/** Is this person in this group right now? */
export async function isGroupMember(db: Executor, groupId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('group_members')
    .select('user_id')
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

const usernames = compiledOnce(
  (db, dialect) =>
    db
      .selectFrom('users')
      .select(['id', 'username'])
      .where(inIdList(dialect, 'id', 'ids')),
  ['ids'],
);

/** Usernames by id, for many users at once (one prepared statement whatever their number). */
export async function usernamesByIds(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const { rows } = await usernames(db, { ids: idList(db, unique) });
  return new Map(rows.map((row) => [row.id, row.username]));
}

const groupNames = compiledOnce(
  (db, dialect) =>
    db
      .selectFrom('groups')
      .select(['id', 'name'])
      .where(inIdList(dialect, 'id', 'ids')),
  ['ids'],
);

/** Group names by id, for many groups at once. */
export async function groupNamesByIds(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const { rows } = await groupNames(db, { ids: idList(db, unique) });
  return new Map(rows.map((row) => [row.id, row.name]));
}

const TARGET_TABLE = {
  media: 'media',
  collection: 'collections',
  tag: 'tags',
  saved_search: 'saved_searches',
} as const satisfies Record<ShareTargetType, keyof Database>;

const ownerQuery = (table: (typeof TARGET_TABLE)[ShareTargetType]) =>
  compiledOnce(
    (db) =>
      table === 'media'
        ? db.selectFrom('media').select(['owner_id', 'title as name']).where('id', '=', slot('id'))
        : db.selectFrom(table).select(['owner_id', 'name']).where('id', '=', slot('id')),
    ['id'],
  );
const ownerOf: Record<ShareTargetType, ReturnType<typeof ownerQuery>> = {
  media: ownerQuery(TARGET_TABLE.media),
  collection: ownerQuery(TARGET_TABLE.collection),
  tag: ownerQuery(TARGET_TABLE.tag),
  saved_search: ownerQuery(TARGET_TABLE.saved_search),
};

/** The owner and name of a shareable target, or undefined when there is no such target. */
export async function findTargetOwner(
  db: Executor,
  target: { type: ShareTargetType; id: string },
): Promise<{ ownerId: string; name: string } | undefined> {
  const row = (await ownerOf[target.type](db, { id: target.id })).rows[0];
  return row && { ownerId: row.owner_id, name: row.name };
}
