import { type Kysely, type Transaction, type Updateable } from 'kysely';
import type { Database, NewShare, ShareRow, SharesTable, ShareTargetType } from '../db/schema.js';
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

/** The live share of a target to this user or group, if there is one (one at most: unique indexes). */
export function findLiveShareToRecipient(
  db: Executor,
  target: { type: ShareTargetType; id: string },
  recipient: { userId: string } | { groupId: string },
): Promise<Pick<ShareRow, 'id'> | undefined> {
  let query = db
    .selectFrom('shares')
    .select('id')
    .where('target_type', '=', target.type)
    .where('target_id', '=', target.id)
    .where('revoked_at', 'is', null);
  query =
    'userId' in recipient
      ? query.where('recipient_user_id', '=', recipient.userId)
      : query.where('recipient_group_id', '=', recipient.groupId);
  return query.executeTakeFirst();
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

/** Shares a person owns, newest first, whatever their status; revoked ones never. */
function outgoingQuery(db: Executor, ownerId: string) {
  return db.selectFrom('shares').where('owner_id', '=', ownerId).where('revoked_at', 'is', null);
}

export function listOutgoingShares(db: Executor, ownerId: string, page: Page): Promise<ShareRow[]> {
  return outgoingQuery(db, ownerId)
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
}

export async function countOutgoingShares(db: Executor, ownerId: string): Promise<number> {
  const row = await outgoingQuery(db, ownerId)
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

/** Live shares to a person or a group they are in now, except those they made themselves. */
function incomingQuery(db: Executor, userId: string, now: string) {
  return liveIncomingShares(db, userId, now).where('shares.owner_id', '!=', userId);
}

export function listIncomingShares(
  db: Executor,
  userId: string,
  now: string,
  page: Page,
): Promise<ShareRow[]> {
  return incomingQuery(db, userId, now)
    .selectAll('shares')
    .orderBy('shares.created_at', 'desc')
    .orderBy('shares.id', 'desc')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
}

export async function countIncomingShares(db: Executor, userId: string, now: string): Promise<number> {
  const row = await incomingQuery(db, userId, now)
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  return Number(row.total);
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

/** Usernames by id, for many users at once. */
export async function usernamesByIds(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'username']).where('id', 'in', unique).execute();
  return new Map(rows.map((row) => [row.id, row.username]));
}

/** Group names by id, for many groups at once. */
export async function groupNamesByIds(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('groups').select(['id', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** The owner of a shareable target, or undefined when there is no such target. */
export async function targetOwnerId(
  db: Executor,
  target: { type: ShareTargetType; id: string },
): Promise<string | undefined> {
  const table = TARGET_TABLE[target.type];
  const row = await db.selectFrom(table).select('owner_id').where('id', '=', target.id).executeTakeFirst();
  return row?.owner_id;
}

const TARGET_TABLE = {
  media: 'media',
  collection: 'collections',
  tag: 'tags',
  saved_search: 'saved_searches',
} as const satisfies Record<ShareTargetType, keyof Database>;

/** A user who may receive a share: exists and is not disabled. */
export function findActiveUser(db: Executor, id: string) {
  return db
    .selectFrom('users')
    .select(['id', 'username'])
    .where('id', '=', id)
    .where('disabled', '=', 0)
    .executeTakeFirst();
}

export function findGroup(db: Executor, id: string) {
  return db.selectFrom('groups').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}
