import {
  PostgresAdapter,
  sql,
  type Compilable,
  type CompiledQuery,
  type Kysely,
  type QueryResult,
  type RawBuilder,
} from 'kysely';
import type pg from 'pg';
import { postgresPoolOf, type DialectName } from './database.js';
import type { Database } from './schema.js';

/*
 * Queries on the hottest paths (a link visit, the first page of a list, creating a share), built
 * and compiled once instead of on every call: building the query tree and printing its SQL cost
 * more than running such a query. On PostgreSQL they are also prepared once per connection.
 */

/** Stands for a value in a query built once by `compiledOnce` (a string no caller can send: it holds a NUL). */
export const slot = (name: string): string => `\u0000slot:${name}`;

/** Raw SQL as `compiledOnce` takes a query: something it can compile for this database. */
export const compilableSql = (db: Kysely<Database>, query: RawBuilder<unknown>): Compilable<unknown> => ({
  compile: () => query.compile(db),
});

/** The engine behind a Kysely instance (or a transaction of one). */
export function dialectOf(db: Kysely<Database>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * `column in (the ids in slot name)` as one statement whatever the number of ids: a text array
 * on PostgreSQL, a JSON array on SQLite. Pass the ids through `idList`.
 */
export function inIdList(dialect: DialectName, column: string, name: string) {
  return dialect === 'postgres'
    ? sql<boolean>`${sql.ref(column)} = any(${slot(name)}::text[])`
    : sql<boolean>`${sql.ref(column)} in (select value from json_each(${slot(name)}))`;
}

/** The value for an `inIdList` slot. */
export const idList = (db: Kysely<Database>, ids: readonly string[]): unknown =>
  dialectOf(db) === 'postgres' ? [...ids] : JSON.stringify(ids);

/** Names of the statements `compiledOnce` prepares on PostgreSQL connections (one per query). */
let preparedStatements = 0;

interface Compiled<Row, Name> {
  query: CompiledQuery<Row>;
  /** For each parameter, the slot it stands for (null: a constant of the query). */
  slots: Array<Name | null>;
}

/**
 * A query built and compiled once per engine, then run with new values: `build` marks each value
 * with `slot(name)`. It runs on whatever it is given, a transaction included; run on a
 * PostgreSQL database itself, the statement is also prepared once per connection (a named
 * statement), so the server stops parsing and planning it on every call.
 */
export function compiledOnce<Row, Name extends string>(
  build: (db: Kysely<Database>, dialect: DialectName) => Compilable<Row>,
  names: readonly Name[],
): (db: Kysely<Database>, values: Record<Name, unknown>) => Promise<QueryResult<Row>> {
  const compiled = new Map<DialectName, Compiled<Row, Name>>();
  const byMarker = new Map<unknown, Name>(names.map((name) => [slot(name), name]));
  const statementName = `pinakes_${(preparedStatements += 1)}`;
  return async (db, values) => {
    const dialect = dialectOf(db);
    let entry = compiled.get(dialect);
    if (!entry) {
      const query = build(db, dialect).compile();
      const slots = query.parameters.map((parameter) => byMarker.get(parameter) ?? null);
      const found = new Set(slots);
      const missing = names.find((name) => !found.has(name));
      if (missing) throw new Error(`compiled query has no slot "${missing}"`);
      const unnamed = query.parameters.find(
        (parameter, index) => slots[index] === null && String(parameter).startsWith(slot('')),
      );
      if (unnamed !== undefined)
        throw new Error(`compiled query slot ${JSON.stringify(unnamed)} is not named`);
      entry = { query, slots };
      compiled.set(dialect, entry);
    }
    const { query, slots } = entry;
    const parameters = slots.map((name, index) => (name === null ? query.parameters[index] : values[name]));
    const pool = postgresPoolOf(db);
    if (!pool) return db.executeQuery<Row>({ ...query, parameters });
    const result = await pool.query<Row & pg.QueryResultRow>({
      name: statementName,
      text: query.sql,
      values: parameters,
    });
    return {
      rows: result.rows,
      ...(result.command === 'SELECT' ? {} : { numAffectedRows: BigInt(result.rowCount ?? 0) }),
    };
  };
}
