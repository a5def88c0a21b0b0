import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { buildApp } from '../../src/app.js';
import { loadConfig, type ConfigOverrides } from '../../src/config.js';
import type { DialectName } from '../../src/db/database.js';
import { ManualClock } from '../../src/lib/clock.js';
import type { TestApp, TestRequest } from './app.js';
import { POSTGRES_URL } from './dialects.js';

/** Collects every log line the app writes, so a test can search them for secrets. */
export class LogCapture {
  readonly lines: string[] = [];
  write(line: string): void {
    this.lines.push(line);
  }
  text(): string {
    return this.lines.join('');
  }
}

export interface InstrumentedTestApp extends TestApp {
  logs: LogCapture;
}

export interface InstrumentedOptions {
  overrides?: ConfigOverrides;
  /** Pino level for the captured logs (default `trace`: everything the app might say). */
  logLevel?: string;
  /** Extra routes to add before the app is ready (e.g. one that throws). */
  extraRoutes?: (app: FastifyInstance) => void;
}

/**
 * Like startTestApp, but with logs captured in memory and room for extra routes before the app
 * is sealed: for the tests that look at what the app writes to its log or at how it fails.
 */
export async function startInstrumentedApp(
  dialect: DialectName,
  { overrides = {}, logLevel = 'trace', extraRoutes }: InstrumentedOptions = {},
): Promise<InstrumentedTestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinakes-sec-'));
  const schema = dialect === 'postgres' ? `s_${crypto.randomBytes(6).toString('hex')}` : undefined;
  const clock = new ManualClock(new Date());
  const logs = new LogCapture();
  const config = loadConfig(
    {},
    {
      dataDir,
      databaseUrl: dialect === 'postgres' ? POSTGRES_URL : undefined,
      databaseSchema: schema,
      publicUrl: 'http://pinakes.test',
      logLevel,
      ...overrides,
    },
  );
  const { app, ctx } = await buildApp({ config, clock, logStream: logs });
  extraRoutes?.(app);
  await app.ready();
  return {
    app,
    ctx,
    clock,
    dialect,
    dataDir,
    logs,
    request: ({ token, headers = {}, ...options }: TestRequest): Promise<LightMyRequestResponse> =>
      app.inject({
        ...options,
        headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      }),
    async close() {
      await app.close();
      if (schema) await dropPostgresSchema(schema);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function dropPostgresSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

/** Asserts-friendly view of an error response: the contract's `{error, message, details?}`. */
export interface ErrorBody {
  error: string;
  message: string;
  details?: Array<{ field: string; message: string }>;
}

/** True when the body is exactly the contract's error shape and leaks nothing internal. */
export function isCleanErrorBody(res: LightMyRequestResponse): boolean {
  if (!String(res.headers['content-type'] ?? '').startsWith('application/json')) return false;
  let body: unknown;
  try {
    body = res.json();
  } catch {
    return false;
  }
  if (typeof body !== 'object' || body === null) return false;
  const keys = Object.keys(body);
  const { error, message } = body as Partial<ErrorBody>;
  if (typeof error !== 'string' || typeof message !== 'string') return false;
  if (!keys.every((key) => ['error', 'message', 'details'].includes(key))) return false;
  return !LEAK_PATTERN.test(res.body);
}

/** Things that must never reach a client: stack frames, SQL, file system paths, driver names. */
export const LEAK_PATTERN =
  /\bat [\w.<>]+ \(|node_modules|\/tmp\/|\/work\/|\bselect\b.+\bfrom\b|\binsert into\b|SQLITE_|better-sqlite3|\bpg\b|ECONN|stack/i;

/** Base64url without padding, as JWT segments are written. */
export const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/** A JWT with any header, payload and raw signature: for tokens no honest signer would make. */
export function rawJwt(header: object, payload: object, signature = ''): string {
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.${signature}`;
}

/** Signs header.payload with HMAC (HS256/384/512) under any key. */
export function hmacJwt(
  alg: 'HS256' | 'HS384' | 'HS512',
  key: Uint8Array | string,
  header: object,
  payload: object,
): string {
  const digest = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg];
  const signingInput = `${b64url(JSON.stringify({ ...header, alg }))}.${b64url(JSON.stringify(payload))}`;
  const signature = crypto.createHmac(digest, key).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}

/** Seconds since the epoch on a clock. */
export const epochSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/** Splits a JWT and decodes its payload. */
export function jwtPayload(token: string): Record<string, unknown> {
  const [, payload = ''] = token.split('.');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export function jwtHeader(token: string): Record<string, unknown> {
  const [header = ''] = token.split('.');
  return JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Median of a list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
