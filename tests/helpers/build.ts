import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/*
 * Tests that start Pinakes as a process (browser journeys, faults, the CLI) run the built
 * package, dist/ and web/dist, as `npm start` and an installed `pinakes` do: never src/ through tsx.
 */

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
/** The command `npm start` and the installed `pinakes` run. */
export const BUILT_CLI = path.join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js');

const BUILD_TIMEOUT_MS = 5 * 60_000;

interface Part {
  name: string;
  /** Written by the build; older than a source means stale. */
  output: string;
  sources: string[];
  command: string[];
}

const PARTS: Part[] = [
  {
    name: 'server',
    output: BUILT_CLI,
    sources: ['src', 'package.json', 'tsconfig.json', 'tsconfig.build.json'],
    command: [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
  },
  {
    name: 'web app',
    output: path.join(REPO_ROOT, 'web', 'dist', 'index.html'),
    sources: ['web/src', 'web/public', 'web/index.html', 'web/vite.config.ts'],
    command: [
      path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'web/vite.config.ts',
      '--logLevel',
      'warn',
    ],
  },
];

const LOCK = path.join(
  os.tmpdir(),
  `pinakes-build-${crypto.createHash('sha1').update(REPO_ROOT).digest('hex').slice(0, 10)}.lock`,
);
const LOCK_STALE_MS = BUILD_TIMEOUT_MS;

function newestSourceMtime(entry: string): number {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return /\.test\.tsx?$/.test(entry) ? 0 : stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(entry).map((name) => newestSourceMtime(path.join(entry, name))));
}

function isFresh(part: Part): boolean {
  const built = fs.statSync(part.output, { throwIfNoEntry: false });
  if (!built) return false;
  return (
    Math.max(...part.sources.map((source) => newestSourceMtime(path.join(REPO_ROOT, source)))) <=
    built.mtimeMs
  );
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
 * Makes sure dist/ and web/dist are built from the current sources. A fresh build (`npm run
 * build` in CI) is used as is; a missing or stale part is rebuilt once, by whichever test
 * process gets here first.
 */
export function ensureBuilt(): void {
  if (PARTS.every(isFresh)) return;
  withLock(() => {
    for (const part of PARTS) {
      if (isFresh(part)) continue;
      console.log(
        `# building the ${part.name} (${path.relative(REPO_ROOT, part.output)} is missing or stale)`,
      );
      const result = spawnSync(process.execPath, part.command, {
        cwd: REPO_ROOT,
        stdio: 'inherit',
        timeout: BUILD_TIMEOUT_MS,
      });
      if (result.status !== 0) {
        throw new Error(
          `the ${part.name} build failed (${result.error?.message ?? result.status ?? result.signal})`,
        );
      }
      // Freshness is judged by this file's time: make it the build's, whatever the tool left as it was.
      const now = new Date();
      fs.utimesSync(part.output, now, now);
    }
  });
}
