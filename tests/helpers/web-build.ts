import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const WEB = path.join(REPO_ROOT, 'web');
const BUILT_INDEX = path.join(WEB, 'dist', 'index.html');
const SOURCES = [
  path.join(WEB, 'src'),
  path.join(WEB, 'public'),
  path.join(WEB, 'index.html'),
  path.join(WEB, 'vite.config.ts'),
];
const LOCK = path.join(
  os.tmpdir(),
  `pinakes-web-build-${crypto.createHash('sha1').update(REPO_ROOT).digest('hex').slice(0, 10)}.lock`,
);
const LOCK_STALE_MS = 5 * 60_000;

function newestSourceMtime(entry: string): number {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return /\.test\.tsx?$/.test(entry) ? 0 : stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(entry).map((name) => newestSourceMtime(path.join(entry, name))));
}

/** True when web/dist exists and is newer than every source of the web app. */
export function webBuildIsFresh(): boolean {
  const built = fs.statSync(BUILT_INDEX, { throwIfNoEntry: false });
  if (!built) return false;
  return Math.max(...SOURCES.map(newestSourceMtime)) <= built.mtimeMs;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** One builder at a time across test processes (they run in parallel). */
function withLock(task: () => void): void {
  const deadline = Date.now() + LOCK_STALE_MS;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (fs.statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > LOCK_STALE_MS || Date.now() > deadline) fs.rmSync(LOCK, { recursive: true, force: true });
      else sleep(250);
    }
  }
  try {
    task();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * Makes sure web/dist is built from the current sources: browser tests run the real app.
 * A fresh build (e.g. `npm run build:web` in CI) is used as is; a missing or stale one is
 * rebuilt with Vite, once, whichever test process gets here first.
 */
export function ensureWebBuilt(): void {
  if (webBuildIsFresh()) return;
  withLock(() => {
    if (webBuildIsFresh()) return;
    console.log('# building the web app (web/dist is missing or older than web/src)');
    const vite = path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
    const result = spawnSync(
      process.execPath,
      [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
      {
        cwd: REPO_ROOT,
        stdio: 'inherit',
      },
    );
    if (result.status !== 0) throw new Error(`the web build failed (exit ${result.status ?? result.signal})`);
  });
}
