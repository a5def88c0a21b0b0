import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Target } from './target.js';

/** Column of a bulk insert; `type` is the PostgreSQL array element type used by unnest. */
export interface Column {
  name: string;
  type: 'text' | 'integer' | 'bigint' | 'timestamptz' | 'double precision';
}

export type Value = string | number | null;

/**
 * Fast inserts for seeding: multi-row prepared INSERTs in large transactions on SQLite, and
 * `INSERT ... SELECT * FROM unnest($1::text[], ...)` (one parameter per column, tens of
 * thousands of rows per statement) on PostgreSQL.
 */
export interface BulkWriter {
  insert(table: string, columns: Column[], rows: Iterable<Value[]>): Promise<number>;
  exec(statement: string): Promise<void>;
  close(): Promise<void>;
}

const SQLITE_ROWS_PER_STATEMENT = 100;
const SQLITE_ROWS_PER_TRANSACTION = 50_000;
const PG_ROWS_PER_STATEMENT = 20_000;

function sqliteWriter(target: Target): BulkWriter {
  const db = new SQLite(path.join(target.dataDir, 'pinakes.db'));
  db.pragma('journal_mode = WAL');
  // Seeding only: a crash mid-seed just means seeding again.
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  db.pragma('cache_size = -262144');
  return {
    async insert(table, columns, rows) {
      const names = columns.map((column) => `"${column.name}"`).join(', ');
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      const many = db.prepare(
        `insert into "${table}" (${names}) values ${new Array(SQLITE_ROWS_PER_STATEMENT).fill(tuple).join(', ')}`,
      );
      const one = db.prepare(`insert into "${table}" (${names}) values ${tuple}`);
      let count = 0;
      let batch: Value[] = [];
      let inBatch = 0;
      const flushTransaction = db.transaction((pending: Value[][]) => {
        for (const values of pending) {
          if (values.length === columns.length) one.run(values);
          else many.run(values);
        }
      });
      let pending: Value[][] = [];
      let pendingRows = 0;
      for (const row of rows) {
        batch.push(...row);
        inBatch++;
        count++;
        if (inBatch === SQLITE_ROWS_PER_STATEMENT) {
          pending.push(batch);
          pendingRows += inBatch;
          batch = [];
          inBatch = 0;
          if (pendingRows >= SQLITE_ROWS_PER_TRANSACTION) {
            flushTransaction(pending);
            pending = [];
            pendingRows = 0;
            await new Promise((resolve) => setImmediate(resolve));
          }
        }
      }
      for (let offset = 0; offset < batch.length; offset += columns.length) {
        pending.push(batch.slice(offset, offset + columns.length));
      }
      flushTransaction(pending);
      return count;
    },
    async exec(statement) {
      db.exec(statement);
    },
    async close() {
      db.pragma('synchronous = NORMAL');
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}

async function postgresWriter(target: Target): Promise<BulkWriter> {
  const schema = target.schema ?? 'public';
  const client = new pg.Client({
    connectionString: target.databaseUrl,
    options: `-c search_path=${schema} -c timezone=UTC`,
  });
  await client.connect();
  await client.query('set synchronous_commit = off');
  return {
    async insert(table, columns, rows) {
      const names = columns.map((column) => `"${column.name}"`).join(', ');
      const unnest = columns.map((column, index) => `$${index + 1}::${column.type}[]`).join(', ');
      const statement = `insert into "${table}" (${names}) select * from unnest(${unnest})`;
      let arrays: Value[][] = columns.map(() => []);
      let inBatch = 0;
      let count = 0;
      const flush = async () => {
        if (inBatch === 0) return;
        await client.query(statement, arrays);
        arrays = columns.map(() => []);
        inBatch = 0;
      };
      for (const row of rows) {
        for (let index = 0; index < columns.length; index++) arrays[index]?.push(row[index] ?? null);
        inBatch++;
        count++;
        if (inBatch === PG_ROWS_PER_STATEMENT) await flush();
      }
      await flush();
      return count;
    },
    async exec(statement) {
      await client.query(statement);
    },
    async close() {
      await client.end();
    },
  };
}

export async function bulkWriter(target: Target): Promise<BulkWriter> {
  return target.dialect === 'postgres' ? postgresWriter(target) : sqliteWriter(target);
}
