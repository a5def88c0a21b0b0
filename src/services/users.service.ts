import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import { isUniqueViolation } from '../db/database.js';
import type { Database, UserRow } from '../db/schema.js';
import { AppError, forbidden, invalidField } from '../errors.js';
import { isoNow } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import { hashPassword } from '../lib/passwords.js';
import { countUsers, findUserById, insertUser } from '../repositories/users.repository.js';
import type { Role } from '../plugins/auth.js';
import type { Transaction } from 'kysely';

export const USERNAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

export interface NewUserInput {
  username: string;
  password: string;
  role: Role;
}

function checkNewUser(input: NewUserInput): void {
  if (!new RegExp(USERNAME_PATTERN).test(input.username)) {
    throw invalidField('username', 'Use 1 to 64 letters, digits, dots, dashes or underscores.');
  }
  if (input.password.length < PASSWORD_MIN || input.password.length > PASSWORD_MAX) {
    throw invalidField('password', `A password has ${PASSWORD_MIN} to ${PASSWORD_MAX} characters.`);
  }
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
export async function createFirstAdmin(
  ctx: AppContext,
  input: Omit<NewUserInput, 'role'>,
): Promise<UserRow> {
  checkNewUser({ ...input, role: 'admin' });
  return ctx.db.kysely.transaction().execute(async (trx) => {
    if (ctx.db.dialect === 'postgres') {
      await sql`select pg_advisory_xact_lock(84200001)`.execute(trx);
    }
    if ((await countUsers(trx)) > 0) throw forbidden('Pinakes is already set up.');
    return insertNewUser(ctx, trx, { ...input, role: 'admin' });
  });
}

export async function needsSetup(ctx: AppContext): Promise<boolean> {
  return (await countUsers(ctx.db.kysely)) === 0;
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
