import { sql, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { Database, NewUser, UserRow, UsersTable } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export function findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Usernames are unique regardless of case. */
export function findUserByUsername(db: Executor, username: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
    .executeTakeFirst();
}

export async function insertUser(db: Executor, user: NewUser): Promise<void> {
  await db.insertInto('users').values(user).execute();
}

/**
 * Does any user exist? One index entry read, whatever the number of users: GET /setup is
 * public and asked at every start, so it must not count 100,000 users each time.
 */
export async function anyUserExists(db: Executor): Promise<boolean> {
  return (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** A LIKE pattern matching `text` anywhere, its own `%`, `_` and `\` taken literally. */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** `lower(column) like pattern` with `\` as the escape character, the same on both engines. */
const lowerLike = (column: 'username', pattern: string) =>
  sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;

function usersMatching(db: Executor, q: string | undefined) {
  const query = db.selectFrom('users');
  return q ? query.where(lowerLike('username', containsPattern(q))) : query;
}

export interface UserPage {
  offset: number;
  limit: number;
  /** Case-insensitive substring of the username. */
  q?: string | undefined;
}

export function listUsers(db: Executor, page: UserPage): Promise<UserRow[]> {
  return usersMatching(db, page.q)
    .selectAll()
    .orderBy(sql`lower(username)`)
    .orderBy('id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
}

export async function countUsersMatching(db: Executor, q: string | undefined): Promise<number> {
  const row = await usersMatching(db, q)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Enabled users whose name contains `q`, those whose name starts with it first: the
 * candidates of a recipient picker.
 */
export function lookupUsers(db: Executor, q: string, limit: number) {
  const prefix = containsPattern(q).slice(1);
  return db
    .selectFrom('users')
    .select(['id', 'username'])
    .where('disabled', '=', 0)
    .where(lowerLike('username', containsPattern(q)))
    .orderBy(sql`case when ${lowerLike('username', prefix)} then 0 else 1 end`)
    .orderBy(sql`lower(username)`)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function updateUser(db: Executor, id: string, changes: Updateable<UsersTable>): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', id).execute();
}

/** Deletes a user; the schema cascades to everything they own. False when there was none. */
export async function deleteUser(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Enabled administrators, optionally leaving one out (the one about to change). */
export async function countActiveAdmins(db: Executor, except?: string): Promise<number> {
  let query = db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('role', '=', 'admin')
    .where('disabled', '=', 0);
  if (except) query = query.where('id', '!=', except);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Ends every session of a user but one (a password change keeps the session that made it). */
export async function revokeOtherSessions(
  db: Executor,
  userId: string,
  keepSessionId: string,
  at: string,
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('id', '!=', keepSessionId)
    .where('revoked_at', 'is', null)
    .execute();
}
