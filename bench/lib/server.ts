import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BenchOptions } from './options.js';
import type { Target } from './target.js';

/** The built server (`npm run build`): benchmarks measure what production runs, not tsx. */
export const SERVER_ENTRY = path.resolve(process.env.BENCH_SERVER_ENTRY ?? 'dist/src/cli/main.js');

export function assertBuilt(): void {
  if (!fs.existsSync(SERVER_ENTRY))
    throw new Error(`${SERVER_ENTRY} is missing: run \`npm run build\` first`);
}

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Resident set size of a process in bytes, from /proc (Linux). */
export function rssBytes(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Samples a process's RSS every `everyMs` until stopped; reports the peak. */
export class RssSampler {
  private peak = 0;
  private readonly timer: NodeJS.Timeout;
  constructor(
    private readonly pid: number,
    everyMs = 50,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }
  private sample(): void {
    this.peak = Math.max(this.peak, rssBytes(this.pid));
  }
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
}

export interface RunningServer {
  url: string;
  port: number;
  pid: number;
  /** Milliseconds from spawn to the first healthy answer. */
  startupMs: number;
  rss(): number;
  /** The last lines the server wrote (warnings, errors). */
  log(): string;
  stop(): Promise<void>;
}

function get(url: string): Promise<number> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', () => resolve(0));
    request.setTimeout(2000, () => request.destroy());
  });
}

export interface StartOptions {
  label: string;
  extraEnv?: Record<string, string>;
  /** Extra node flags (e.g. --max-old-space-size). */
  nodeFlags?: string[];
}

/**
 * Starts `node dist/src/cli/main.js serve` on the target as a child process and waits until
 * GET /api/v1/health answers 200. Logs at `warn`; stderr is kept for error reports.
 */
export async function startServer(
  target: Target,
  options: BenchOptions,
  start: StartOptions,
): Promise<RunningServer> {
  assertBuilt();
  const port = await freePort();
  const flags = [...(start.nodeFlags ?? [])];
  if (options.profileDir) {
    fs.mkdirSync(options.profileDir, { recursive: true });
    flags.push(
      '--cpu-prof',
      `--cpu-prof-dir=${path.resolve(options.profileDir)}`,
      `--cpu-prof-name=${start.label}-${target.dialect}-${Date.now()}.cpuprofile`,
    );
  }
  const began = performance.now();
  const child: ChildProcess = spawn(
    process.execPath,
    [...flags, SERVER_ENTRY, 'serve', '--port', String(port)],
    {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        NODE_ENV: 'production',
        PINAKES_HOST: '127.0.0.1',
        PINAKES_LOG_LEVEL: 'warn',
        ...target.env(),
        ...(start.extraEnv ?? {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const state: { exited: number | null } = { exited: null };
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      state.exited = code ?? (signal ? 128 : 1);
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (state.exited !== null)
      throw new Error(`server ${start.label} exited with ${state.exited} during start:\n${output}`);
    if ((await get(`${url}/api/v1/health`)) === 200) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server ${start.label} did not become healthy within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const startupMs = performance.now() - began;
  const pid = child.pid ?? 0;
  return {
    url,
    port,
    pid,
    startupMs,
    rss: () => rssBytes(pid),
    async stop() {
      if (state.exited !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exit;
      clearTimeout(timer);
      if (state.exited !== 0)
        process.stderr.write(`server ${start.label} exited with ${state.exited}:\n${output.slice(-4000)}\n`);
    },
    log: () => output,
  };
}

/** A child process from a node script (the ceilings), started and awaited until it prints its port. */
export async function startNodeScript(
  script: string,
  args: string[],
): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const match = /listening (\d+)/.exec(text);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    async stop() {
      child.kill('SIGTERM');
      await exit;
    },
  };
}
