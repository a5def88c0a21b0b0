import { sql, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import { compiledOnce, idList, inIdList } from '../db/compiled-query.js';
import type { Database, GroupsTable } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export type GroupRow = Selectable<GroupsTable>;

/** A group with how many members it has. */
export interface GroupWithCount extends GroupRow {
  member_count: number;
}

export interface GroupMember {
  id: string;
  username: string;
}

function groupsWithCounts(db: Executor) {
  return db
    .selectFrom('groups')
    .selectAll('groups')
    .select((eb) =>
      eb
        .selectFrom('group_members')
        .select(eb.fn.countAll<number>().as('count'))
        .whereRef('group_members.group_id', '=', 'groups.id')
        .as('member_count'),
    );
}

const withNumericCount = <T extends { member_count: number | string | null }>(row: T) => ({
  ...row,
  member_count: Number(row.member_count ?? 0),
});

export async function findGroupById(db: Executor, id: string): Promise<GroupWithCount | undefined> {
  const row = await groupsWithCounts(db).where('groups.id', '=', id).executeTakeFirst();
  return row && withNumericCount(row);
}

/** Group names are unique regardless of case. */
export async function findGroupByName(db: Executor, name: string): Promise<GroupWithCount | undefined> {
  const row = await groupsWithCounts(db)
    .where((eb) => eb(eb.fn('lower', ['groups.name']), '=', name.toLowerCase()))
    .executeTakeFirst();
  return row && withNumericCount(row);
}

export interface GroupPage {
  offset: number;
  limit: number;
  /** Only groups this user is a member of. */
  memberId?: string | undefined;
}

/** Ids of the groups a user is in, as a subquery. */
const groupIdsOf = (db: Executor, userId: string) =>
  db.selectFrom('group_members').select('group_members.group_id').where('group_members.user_id', '=', userId);

export async function listGroups(db: Executor, page: GroupPage): Promise<GroupWithCount[]> {
  const { memberId } = page;
  const rows = await groupsWithCounts(db)
    .$if(memberId !== undefined, (qb) => qb.where('groups.id', 'in', groupIdsOf(db, memberId ?? '')))
    .orderBy(sql`lower(groups.name)`)
    .orderBy('groups.id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return rows.map(withNumericCount);
}

export async function countGroups(db: Executor, memberId: string | undefined): Promise<number> {
  const row = await db
    .selectFrom('groups')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .$if(memberId !== undefined, (qb) => qb.where('groups.id', 'in', groupIdsOf(db, memberId ?? '')))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function insertGroup(db: Executor, group: GroupRow): Promise<void> {
  await db.insertInto('groups').values(group).execute();
}

export async function updateGroup(db: Executor, id: string, changes: Updateable<GroupsTable>): Promise<void> {
  await db.updateTable('groups').set(changes).where('id', '=', id).execute();
}

/** Deletes a group; its memberships and the shares to it go with it (schema cascades). */
export async function deleteGroup(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom('groups').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export function groupMembers(db: Executor, groupId: string): Promise<GroupMember[]> {
  return db
    .selectFrom('group_members')
    .innerJoin('users', 'users.id', 'group_members.user_id')
    .select(['users.id', 'users.username'])
    .where('group_members.group_id', '=', groupId)
    .orderBy(sql`lower(users.username)`)
    .orderBy('users.id')
    .execute();
}

const membersOfGroups = compiledOnce(
  (db, dialect) =>
    db
      .selectFrom('group_members')
      .select(['group_id', 'user_id'])
      .where(inIdList(dialect, 'group_id', 'ids')),
  ['ids'],
);

/** The members of each of these groups, by group id (one prepared statement whatever their number). */
export async function groupMemberIds(
  db: Executor,
  groupIds: readonly string[],
): Promise<Map<string, string[]>> {
  const members = new Map<string, string[]>();
  const unique = [...new Set(groupIds)];
  if (unique.length === 0) return members;
  const { rows } = await membersOfGroups(db, { ids: idList(db, unique) });
  for (const row of rows) {
    const list = members.get(row.group_id);
    if (list) list.push(row.user_id);
    else members.set(row.group_id, [row.user_id]);
  }
  return members;
}

export async function isGroupMember(db: Executor, groupId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('group_members')
    .select('user_id')
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Adds a member; adding one twice changes nothing. */
export async function addGroupMember(
  db: Executor,
  groupId: string,
  userId: string,
  at: string,
): Promise<void> {
  await db
    .insertInto('group_members')
    .values({ group_id: groupId, user_id: userId, added_at: at })
    .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
    .execute();
}

/** False when the user was not a member. */
export async function removeGroupMember(db: Executor, groupId: string, userId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('group_members')
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
