import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { PinakesMigrations, type MigrationDialect } from './migrations/index.js';

export type DialectName = MigrationDialect;

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  /** PostgreSQL: the schema the tables live in (`public` unless configured). */
  schema?: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  dataDir: string;
  databaseUrl: string | undefined;
  /** PostgreSQL only: the schema to work in (created when missing). */
  schema?: string | undefined;
}

const PG_TIMESTAMPTZ = 1184;
const PG_TIMESTAMP = 1114;
const PG_INT8 = 20;

function postgresTypes(): pg.CustomTypesConfig {
  // Times come back as RFC 3339 strings and counts as numbers, as they do on SQLite.
  const parsers: Record<number, (value: string) => unknown> = {
    [PG_TIMESTAMPTZ]: (value) => new Date(value).toISOString(),
    [PG_TIMESTAMP]: (value) => new Date(`${value}Z`).toISOString(),
    [PG_INT8]: (value) => Number(value),
  };
  return {
    getTypeParser: ((oid: number) =>
      parsers[oid] ??
      (pg.types.getTypeParser(oid, 'text') as (
        value: string,
      ) => unknown)) as pg.CustomTypesConfig['getTypeParser'],
  };
}

/**
 * What the SQLite connection keeps prepared: statements of at most 4 KiB of SQL (a prepared
 * program is some 30 times its text: the few hundred short statements the app runs again and
 * again, not bulk inserts whose shape changes with every batch), at most 256 KiB of SQL in all,
 * least recently used out first.
 */
const CACHED_STATEMENT_MAX_CHARS = 4 * 1024;
const STATEMENT_CACHE_CHARS = 256 * 1024;

/**
 * The better-sqlite3 database as Kysely's driver sees it, preparing each SQL text once: the
 * driver calls `prepare` for every query, and parsing and planning the same SQL again is a
 * tenth of the time of a short request. A statement still being iterated (a streamed query)
 * is busy, so a second user of the same SQL gets a fresh one.
 */
export function cachingStatements(database: SQLite.Database, budgetChars = STATEMENT_CACHE_CHARS) {
  const statements = new Map<string, SQLite.Statement>();
  let cachedChars = 0;
  return {
    close: () => {
      statements.clear();
      database.close();
    },
    prepare(sqlText: string): SQLite.Statement {
      const cached = statements.get(sqlText);
      if (cached && !cached.busy) {
        statements.delete(sqlText);
        statements.set(sqlText, cached);
        return cached;
      }
      const statement = database.prepare(sqlText);
      if (cached || sqlText.length > CACHED_STATEMENT_MAX_CHARS) return statement;
      statements.set(sqlText, statement);
      cachedChars += sqlText.length;
      for (const oldest of statements.keys()) {
        if (cachedChars <= budgetChars) break;
        statements.delete(oldest);
        cachedChars -= oldest.length;
      }
      return statement;
    },
  };
}

function openSqlite(dataDir: string): Db {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = new SQLite(path.join(dataDir, 'pinakes.db'));
  file.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a process crash; only an OS crash may lose the last commits.
  file.pragma('synchronous = NORMAL');
  file.pragma('foreign_keys = ON');
  file.pragma('busy_timeout = 5000');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(file) }) });
  return { kysely, dialect: 'sqlite', close: () => kysely.destroy() };
}

function assertSchemaName(schema: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name "${schema}"`);
}

/** The pool behind each PostgreSQL Kysely instance, for the statements `compiledOnce` prepares. */
const postgresPools = new WeakMap<Kysely<Database>, pg.Pool>();

/** The pool of a PostgreSQL database's own Kysely instance (undefined for SQLite and for transactions). */
export const postgresPoolOf = (db: Kysely<Database>): pg.Pool | undefined => postgresPools.get(db);

async function openPostgres(url: string, schema: string | undefined): Promise<Db> {
  // JIT compiles even a short count for 7-30 ms; short OLTP queries never earn that back.
  const options = ['-c timezone=UTC', '-c jit=off'];
  if (schema) {
    assertSchemaName(schema);
    options.push(`-c search_path=${schema}`);
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // A database that stops answering must turn into 503s, not requests that hang forever.
    connectionTimeoutMillis: 5_000,
    query_timeout: 60_000,
    keepAlive: true,
    options: options.join(' '),
    types: postgresTypes(),
  });
  // An idle client's error (the server restarted) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // A client in use when its connection dies also emits 'error' (with no pool listener then):
  // its query fails (the request gets a 503) and the pool drops it; the event must not crash us.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  postgresPools.set(kysely, pool);
  if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(kysely);
  return { kysely, dialect: 'postgres', schema: schema ?? 'public', close: () => kysely.destroy() };
}

export async function openDatabase(options: DatabaseOptions): Promise<Db> {
  const url = options.databaseUrl;
  if (url && /^postgres(ql)?:\/\//.test(url)) return openPostgres(url, options.schema);
  if (url) throw new Error('PINAKES_DATABASE_URL must be a postgres:// URL (unset means embedded SQLite)');
  return openSqlite(options.dataDir);
}

export async function migrateToLatest(db: Db): Promise<void> {
  // Name the schema: otherwise Kysely sees the migration tables of any other schema in the
  // same database (another instance, a parallel test run) and skips creating its own.
  const migrator = new Migrator({
    db: db.kysely,
    provider: new PinakesMigrations(db.dialect),
    ...(db.schema ? { migrationTableSchema: db.schema } : {}),
  });
  let { error, results } = await migrator.migrateToLatest();
  // Kysely checks for its tables by introspecting every schema of the database; another schema
  // dropped at that moment (another instance, a parallel test run) fails the check with
  // invalid_schema_name. Nothing was migrated then, so trying again is safe.
  for (let attempt = 1; attempt < 5 && isOtherSchemaDropped(error); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    ({ error, results } = await migrator.migrateToLatest());
  }
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    const cause =
      error instanceof Error ? error : new Error(`migration ${failed?.migrationName ?? 'unknown'} failed`);
    throw new Error(`database migration failed: ${cause.message}`, { cause });
  }
}

const INVALID_SCHEMA_NAME = '3F000';

function isOtherSchemaDropped(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === INVALID_SCHEMA_NAME
  );
}

/** True when a write failed on a unique or primary-key constraint, on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
