import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { buildApp } from '../../src/app.js';
import { loadConfig, type ConfigOverrides } from '../../src/config.js';
import type { AppContext } from '../../src/context.js';
import type { DialectName } from '../../src/db/database.js';
import { ManualClock } from '../../src/lib/clock.js';
import { POSTGRES_URL } from './dialects.js';

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  clock: ManualClock;
  dialect: DialectName;
  dataDir: string;
  /** app.inject with JSON bodies and a bearer token made easy. */
  request(options: TestRequest): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface TestRequest extends Omit<InjectOptions, 'headers'> {
  token?: string;
  headers?: Record<string, string>;
}

/**
 * A whole app on a real database: SQLite in a fresh temp dir, or PostgreSQL in a fresh
 * schema dropped afterwards, so suites never see each other's rows.
 */
export async function startTestApp(dialect: DialectName, overrides: ConfigOverrides = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinakes-test-'));
  const schema = dialect === 'postgres' ? `t_${crypto.randomBytes(6).toString('hex')}` : undefined;
  const clock = new ManualClock(new Date());
  const config = loadConfig(
    {},
    {
      dataDir,
      databaseUrl: dialect === 'postgres' ? POSTGRES_URL : undefined,
      databaseSchema: schema,
      publicUrl: 'http://pinakes.test',
      logLevel: 'silent',
      ...overrides,
    },
  );
  const { app, ctx } = await buildApp({ config, clock, logger: false });
  await app.ready();

  return {
    app,
    ctx,
    clock,
    dialect,
    dataDir,
    request: ({ token, headers = {}, ...options }) =>
      app.inject({
        ...options,
        headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      }),
    async close() {
      await app.close();
      if (schema) await dropSchema(schema);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}
