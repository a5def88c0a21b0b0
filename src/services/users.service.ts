import { sql, type Transaction } from 'kysely';
import type { AppContext } from '../context.js';
import { isUniqueViolation } from '../db/database.js';
import type { Database, UserRow } from '../db/schema.js';
import {
  AppError,
  badRequest,
  forbidden,
  invalidField,
  notFound,
  rateLimited,
  unauthorized,
} from '../errors.js';
import { isoNow } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import { hashPassword, verifyPassword } from '../lib/passwords.js';
import { FailureThrottle } from '../lib/throttle.js';
import type { Principal, Role } from '../plugins/auth.js';
import { revokeUserSessions } from '../repositories/sessions.repository.js';
import { releaseOwnerMedia, removeUnreferencedContent } from './media-files.service.js';
import {
  anyUserExists,
  countActiveAdmins,
  countUsersMatching,
  deleteUser as deleteUserRow,
  findUserById,
  findUserByUsername,
  insertUser,
  listUsers as listUserRows,
  lookupUsers as lookupUserRows,
  revokeOtherSessions,
  updateUser as updateUserRow,
  type UserPage,
} from '../repositories/users.repository.js';

export const USERNAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;
/** A recipient picker shows at most this many candidates. */
export const LOOKUP_LIMIT = 20;

export interface NewUserInput {
  username: string;
  password: string;
  role: Role;
}

export function checkPassword(password: string, field = 'password'): void {
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) {
    throw invalidField(field, `A password has ${PASSWORD_MIN} to ${PASSWORD_MAX} characters.`);
  }
}

function checkNewUser(input: NewUserInput): void {
  if (!new RegExp(USERNAME_PATTERN).test(input.username)) {
    throw invalidField('username', 'Use 1 to 64 letters, digits, dots, dashes or underscores.');
  }
  checkPassword(input.password);
}

async function insertNewUser(
  ctx: AppContext,
  trx: Transaction<Database>,
  input: NewUserInput,
): Promise<UserRow> {
  const now = isoNow(ctx.clock);
  const row: UserRow = {
    id: newId(),
    username: input.username,
    password_hash: await hashPassword(input.password),
    role: input.role,
    disabled: 0,
    created_at: now,
    updated_at: now,
  };
  try {
    await insertUser(trx, row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('conflict', 'That username is taken.');
    throw error;
  }
  return row;
}

export async function createUser(ctx: AppContext, input: NewUserInput): Promise<UserRow> {
  checkNewUser(input);
  return ctx.db.kysely.transaction().execute((trx) => insertNewUser(ctx, trx, input));
}

/**
 * Creates the first administrator, only while no user exists. Atomic: of two racing calls
 * one wins and the other gets 403 (on PostgreSQL an advisory lock serialises them; SQLite
 * serialises writers itself).
 */
export async function createFirstAdmin(ctx: AppContext, input: Omit<NewUserInput, 'role'>): Promise<UserRow> {
  checkNewUser({ ...input, role: 'admin' });
  return ctx.db.kysely.transaction().execute(async (trx) => {
    if (ctx.db.dialect === 'postgres') {
      await sql`select pg_advisory_xact_lock(84200001)`.execute(trx);
    }
    if (await anyUserExists(trx)) throw forbidden('Pinakes is already set up.');
    return insertNewUser(ctx, trx, { ...input, role: 'admin' });
  });
}

export async function needsSetup(ctx: AppContext): Promise<boolean> {
  return !(await anyUserExists(ctx.db.kysely));
}

/** At start: the administrator named by PINAKES_ADMIN_USERNAME/PASSWORD, if no user exists yet. */
export async function ensureFirstAdmin(ctx: AppContext): Promise<void> {
  const { adminUsername, adminPassword } = ctx.config;
  if (!adminUsername || !adminPassword) return;
  if (!(await needsSetup(ctx))) return;
  try {
    await createFirstAdmin(ctx, { username: adminUsername, password: adminPassword });
    ctx.log.info({ username: adminUsername }, 'created the first administrator');
  } catch (error) {
    if (error instanceof AppError && error.code === 'forbidden') return;
    throw error;
  }
}

export const getUser = (ctx: AppContext, id: string) => findUserById(ctx.db.kysely, id);

export async function requireUser(ctx: AppContext, id: string): Promise<UserRow> {
  const user = await findUserById(ctx.db.kysely, id);
  if (!user) throw notFound('User');
  return user;
}

export async function requireUserByName(ctx: AppContext, username: string): Promise<UserRow> {
  const user = await findUserByUsername(ctx.db.kysely, username);
  if (!user) throw notFound(`User "${username}"`);
  return user;
}

export async function listUsers(
  ctx: AppContext,
  page: UserPage,
): Promise<{ items: UserRow[]; total: number }> {
  const db = ctx.db.kysely;
  const [items, total] = await Promise.all([listUserRows(db, page), countUsersMatching(db, page.q)]);
  return { items, total };
}

/** Enabled users whose name contains `q` (prefix matches first): id and username only. */
export function lookupUsers(ctx: AppContext, q: string) {
  const text = q.trim();
  if (text.length === 0) throw invalidField('q', 'Type at least one character.');
  return lookupUserRows(ctx.db.kysely, text, LOOKUP_LIMIT);
}

/*
 * Changes that could leave the server without an administrator run under one lock (an
 * advisory lock on PostgreSQL; SQLite has a single writer), so two admins demoting each
 * other at once cannot both succeed.
 */
const ADMIN_GUARD_LOCK = 84200002;

function withAdminGuard<T>(ctx: AppContext, run: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    if (ctx.db.dialect === 'postgres') {
      await sql`select pg_advisory_xact_lock(${sql.lit(ADMIN_GUARD_LOCK)})`.execute(trx);
    }
    return run(trx);
  });
}

const isActiveAdmin = (user: Pick<UserRow, 'role' | 'disabled'>) =>
  user.role === 'admin' && user.disabled === 0;

async function ensureAnotherActiveAdmin(trx: Transaction<Database>, user: UserRow): Promise<void> {
  if ((await countActiveAdmins(trx, user.id)) === 0) {
    throw badRequest(
      `${user.username} is the last active administrator; make another user an administrator first.`,
    );
  }
}

export interface UserChanges {
  role?: Role | undefined;
  disabled?: boolean | undefined;
  /** A new password set by an administrator. */
  password?: string | undefined;
}

/**
 * Changes a user's role, enabled state or password. Disabling a user or resetting their
 * password ends all their sessions; the last active administrator cannot be demoted or
 * disabled.
 */
export async function updateUser(ctx: AppContext, id: string, changes: UserChanges): Promise<UserRow> {
  if (changes.password !== undefined) checkPassword(changes.password);
  const passwordHash = changes.password !== undefined ? await hashPassword(changes.password) : undefined;
  const now = isoNow(ctx.clock);
  return withAdminGuard(ctx, async (trx) => {
    const user = await findUserById(trx, id);
    if (!user) throw notFound('User');
    const updated: UserRow = {
      ...user,
      role: changes.role ?? user.role,
      disabled: changes.disabled === undefined ? user.disabled : changes.disabled ? 1 : 0,
      password_hash: passwordHash ?? user.password_hash,
      updated_at: now,
    };
    if (isActiveAdmin(user) && !isActiveAdmin(updated)) await ensureAnotherActiveAdmin(trx, user);
    const { role, disabled, password_hash, updated_at } = updated;
    await updateUserRow(trx, id, { role, disabled, password_hash, updated_at });
    if (changes.disabled === true || passwordHash !== undefined) await revokeUserSessions(trx, id, now);
    return updated;
  });
}

/**
 * Deletes a user and, by the schema's cascades, their sessions, media rows, collections,
 * tags, saved searches, shares (and reshares made from them), group memberships and
 * notifications; shares of their media end in the same transaction, and their stored files
 * go once it has committed (unless another item has the same bytes). The last active
 * administrator cannot be deleted.
 */
export async function deleteUser(ctx: AppContext, id: string): Promise<UserRow> {
  const { user, hashes } = await withAdminGuard(ctx, async (trx) => {
    const found = await findUserById(trx, id);
    if (!found) throw notFound('User');
    if (isActiveAdmin(found)) await ensureAnotherActiveAdmin(trx, found);
    const released = await releaseOwnerMedia(trx, id, isoNow(ctx.clock));
    await deleteUserRow(trx, id);
    return { user: found, hashes: released };
  });
  await removeUnreferencedContent(ctx, hashes).catch((error: unknown) =>
    ctx.log.error({ err: error, userId: id }, 'could not remove the files of a deleted user'),
  );
  return user;
}

const PASSWORD_FAILURES_ALLOWED = 5;
const PASSWORD_WINDOW_MS = 15 * 60 * 1000;
const passwordThrottles = new WeakMap<AppContext, FailureThrottle>();

function passwordThrottle(ctx: AppContext): FailureThrottle {
  let throttle = passwordThrottles.get(ctx);
  if (!throttle) {
    throttle = new FailureThrottle(ctx.clock, PASSWORD_FAILURES_ALLOWED, PASSWORD_WINDOW_MS);
    passwordThrottles.set(ctx, throttle);
  }
  return throttle;
}

/**
 * A signed-in user changes their own password. The current password must be right (wrong
 * guesses are throttled per user, so a stolen access token cannot brute-force it); every
 * other session of the user ends, the one that made the change stays signed in.
 */
export async function changeOwnPassword(
  ctx: AppContext,
  principal: Principal,
  input: { current_password: string; new_password: string },
): Promise<void> {
  const throttle = passwordThrottle(ctx);
  const wait = throttle.retryAfterSeconds(principal.userId);
  if (wait > 0) throw rateLimited(wait, 'Too many wrong passwords; try again later.');

  const user = await findUserById(ctx.db.kysely, principal.userId);
  if (!user || !(await verifyPassword(user.password_hash, input.current_password))) {
    throttle.fail(principal.userId);
    throw unauthorized('The current password is wrong.');
  }
  throttle.reset(principal.userId);
  checkPassword(input.new_password, 'new_password');
  if (input.new_password === input.current_password) {
    throw invalidField('new_password', 'Choose a password different from the current one.');
  }

  const passwordHash = await hashPassword(input.new_password);
  const now = isoNow(ctx.clock);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await updateUserRow(trx, user.id, { password_hash: passwordHash, updated_at: now });
    await revokeOtherSessions(trx, user.id, principal.sessionId, now);
  });
}
