import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { DialectName } from '../../src/db/database.js';
import { BUILT_CLI, ensureBuilt, REPO_ROOT } from './build.js';
import { POSTGRES_URL } from './dialects.js';
import { dropPostgresSchema } from './security.js';

const START_TIMEOUT_MS = 30_000;
/** A request the server has not answered in this time fails the test instead of hanging it. */
const REQUEST_TIMEOUT_MS = 60_000;

export const ADMIN_USERNAME = 'root-admin';
export const ADMIN_PASSWORD = 'fault-tests-admin-password';

/** A free TCP port on the loopback interface (the kernel picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface ServerHandle {
  port: number;
  baseUrl: string;
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or the signal name) when the process ends. */
  exited: Promise<number | string>;
}

/**
 * Where one real server keeps its data: a temp dir and, on PostgreSQL, a schema of its own.
 * The servers it starts run the built package (`pinakes serve` from dist/, as `npm start` does)
 * and are killed by cleanup() if a test left them running.
 */
export class ServerHome {
  readonly dataDir: string;
  readonly schema: string | undefined;
  private readonly children = new Set<ChildProcess>();

  constructor(
    readonly dialect: DialectName,
    dataDir?: string,
  ) {
    this.dataDir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pinakes-fault-'));
    this.schema = dialect === 'postgres' ? `f_${crypto.randomBytes(6).toString('hex')}` : undefined;
  }

  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      PINAKES_DATA_DIR: this.dataDir,
      PINAKES_ADMIN_USERNAME: ADMIN_USERNAME,
      PINAKES_ADMIN_PASSWORD: ADMIN_PASSWORD,
      PINAKES_LOG_LEVEL: 'warn',
      ...extra,
    };
    if (this.dialect === 'postgres') {
      env.PINAKES_DATABASE_URL = extra.PINAKES_DATABASE_URL ?? POSTGRES_URL;
      env.PINAKES_DATABASE_SCHEMA = this.schema;
    }
    return env;
  }

  /** Starts `pinakes serve` and waits until /health answers. */
  async start(extraEnv: Record<string, string> = {}): Promise<ServerHandle> {
    ensureBuilt();
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [BUILT_CLI, 'serve', '--host', '127.0.0.1', '--port', String(port)],
      {
        cwd: REPO_ROOT,
        env: this.env({ PINAKES_PUBLIC_URL: `http://127.0.0.1:${port}`, ...extraEnv }),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | string>((resolve) =>
      child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
    );
    const handle: ServerHandle = {
      port,
      baseUrl: `http://127.0.0.1:${port}`,
      child,
      output: () => output,
      exited,
    };
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${output}`);
      try {
        const res = await httpRequest(handle, { method: 'GET', path: '/api/v1/health' });
        if (res.status === 200) return handle;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`server did not start in time:\n${output}`);
      }
      await sleep(100);
    }
  }

  async cleanup(): Promise<void> {
    await Promise.all(
      [...this.children].map(async (child) => {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }),
    );
    if (this.schema) await dropPostgresSchema(this.schema);
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface HttpOptions {
  method: string;
  path: string;
  token?: string;
  json?: unknown;
  body?: Buffer | string;
  headers?: Record<string, string>;
  /** Called once the whole request has been written (it is then in flight at the server). */
  onSent?: () => void;
}

/**
 * One request on its own connection (no pooling): a refused or reset connection rejects, a
 * response of any status resolves. Used where we must know each request reached the server.
 */
export function httpRequest(server: Pick<ServerHandle, 'port'>, options: HttpOptions): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const payload =
      options.json !== undefined
        ? Buffer.from(JSON.stringify(options.json))
        : options.body !== undefined
          ? Buffer.from(options.body)
          : undefined;
    const headers: Record<string, string | number> = { connection: 'close', ...(options.headers ?? {}) };
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    if (payload) headers['content-length'] = payload.length;
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const request = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        method: options.method,
        path: options.path,
        headers,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        response.on('error', reject);
      },
    );
    request.setTimeout(REQUEST_TIMEOUT_MS, () =>
      request.destroy(new Error(`${options.method} ${options.path}: no answer in ${REQUEST_TIMEOUT_MS} ms`)),
    );
    request.on('error', reject);
    request.end(payload, () => options.onSent?.());
  });
}

export async function loginAsAdmin(server: Pick<ServerHandle, 'port'>): Promise<string> {
  const res = await httpRequest(server, {
    method: 'POST',
    path: '/api/v1/auth/login',
    json: { username: ADMIN_USERNAME, password: ADMIN_PASSWORD },
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.body}`);
  return (JSON.parse(res.body) as { access_token: string }).access_token;
}
