import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrateToLatest, openDatabase, type DialectName, type Db } from '../../src/db/database.js';
import { loadOrCreateKey } from '../../src/lib/secrets.js';
import type { BenchOptions } from './options.js';

/**
 * One database (and data directory) a benchmark runs against: a temp dir with SQLite, or a temp
 * dir plus a dedicated PostgreSQL schema `bench_<random>` that is dropped afterwards.
 */
export interface Target {
  dialect: DialectName;
  dataDir: string;
  databaseUrl: string | undefined;
  schema: string | undefined;
  jwtSecret: string;
  /** The environment a server needs to run on this target. */
  env(): Record<string, string>;
  /** Opens the database (migrated to the latest schema) for seeding. */
  open(): Promise<Db>;
  sealKey(): Buffer;
  destroy(): Promise<void>;
}

interface TargetSpec {
  dataDir: string;
  schema: string | undefined;
  jwtSecret: string;
}

function makeTarget(dialect: DialectName, options: BenchOptions, spec: TargetSpec, owned: boolean): Target {
  const databaseUrl = dialect === 'postgres' ? options.postgresUrl : undefined;
  return {
    dialect,
    dataDir: spec.dataDir,
    databaseUrl,
    schema: spec.schema,
    jwtSecret: spec.jwtSecret,
    env() {
      const env: Record<string, string> = {
        PINAKES_DATA_DIR: spec.dataDir,
        PINAKES_JWT_SECRET: spec.jwtSecret,
      };
      if (databaseUrl) env.PINAKES_DATABASE_URL = databaseUrl;
      if (spec.schema) env.PINAKES_DATABASE_SCHEMA = spec.schema;
      return env;
    },
    async open() {
      const db = await openDatabase({ dataDir: spec.dataDir, databaseUrl, schema: spec.schema });
      await migrateToLatest(db);
      return db;
    },
    sealKey: () => loadOrCreateKey(spec.dataDir, 'seal'),
    async destroy() {
      if (!owned) return;
      if (spec.schema) await dropSchema(options.postgresUrl, spec.schema);
      fs.rmSync(spec.dataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh, empty target removed by `destroy()`. */
export function freshTarget(dialect: DialectName, options: BenchOptions, label: string): Target {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `pinakes-bench-${label}-`));
  const schema = dialect === 'postgres' ? `bench_${crypto.randomBytes(5).toString('hex')}` : undefined;
  return makeTarget(
    dialect,
    options,
    { dataDir, schema, jwtSecret: crypto.randomBytes(32).toString('hex') },
    true,
  );
}

/** Where a kept (BENCH_KEEP=1) seeded database lives between runs. */
const keptRoot = () => path.resolve('tmp', 'bench');

export interface KeptSeed {
  target: Target;
  /** What the seed recorded about itself (sizes, ids, tokens), or null when nothing is kept yet. */
  manifest: unknown;
}

/**
 * A seeded target that survives the run (BENCH_KEEP=1): `tmp/bench/<name>-<dialect>` and the
 * PostgreSQL schema `bench_keep_<name>`. Never destroyed by `destroy()`; `forget` removes it.
 */
export function keptTarget(dialect: DialectName, options: BenchOptions, name: string): KeptSeed {
  const dataDir = path.join(keptRoot(), `${name}-${dialect}`);
  const schema = dialect === 'postgres' ? `bench_keep_${name}` : undefined;
  const manifestFile = path.join(dataDir, 'bench-manifest.json');
  const manifest: unknown = fs.existsSync(manifestFile)
    ? JSON.parse(fs.readFileSync(manifestFile, 'utf8'))
    : null;
  fs.mkdirSync(dataDir, { recursive: true });
  const secretFile = path.join(dataDir, 'bench-jwt-secret');
  if (!fs.existsSync(secretFile))
    fs.writeFileSync(secretFile, crypto.randomBytes(32).toString('hex'), { mode: 0o600 });
  const jwtSecret = fs.readFileSync(secretFile, 'utf8').trim();
  return { target: makeTarget(dialect, options, { dataDir, schema, jwtSecret }, false), manifest };
}

export function saveManifest(target: Target, manifest: unknown): void {
  fs.writeFileSync(path.join(target.dataDir, 'bench-manifest.json'), JSON.stringify(manifest, null, 2));
}

/** Removes a kept target completely (its directory and its schema). */
export async function forgetKept(target: Target, options: BenchOptions): Promise<void> {
  if (target.schema) await dropSchema(options.postgresUrl, target.schema);
  fs.rmSync(target.dataDir, { recursive: true, force: true });
}

async function dropSchema(url: string, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

/** True when the PostgreSQL server answers. */
export async function postgresReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}
