import type { DialectName } from '../../src/db/database.js';

/** Benchmark settings, all from the environment so every npm script takes the same knobs. */
export interface BenchOptions {
  /** Which databases to run on (BENCH_DB=sqlite|postgres; default both). */
  dialects: DialectName[];
  /** Which scenarios to run (BENCH_ONLY=p1,p3; default all). */
  only: string[] | null;
  /** Size factor of the P3 seed (BENCH_SCALE=0.01 for a quick run; default 1 = the documented sizes). */
  scale: number;
  /** Seconds of load per measured run (BENCH_DURATION; default 10). */
  duration: number;
  /** PostgreSQL server (BENCH_POSTGRES_URL; default the local test database). */
  postgresUrl: string;
  /** Write a CPU profile of every server under test into this directory (BENCH_PROFILE=dir). */
  profileDir: string | null;
  /** Keep the seeded P3 database for the next run (BENCH_KEEP=1) and reuse a kept one. */
  keep: boolean;
  /** Size of the P2 file in MiB (BENCH_FILE_MIB; default 1024). */
  fileMiB: number;
}

function number(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

export function benchOptions(): BenchOptions {
  const db = (process.env.BENCH_DB ?? '').trim();
  let dialects: DialectName[];
  if (db === '' || db === 'all') dialects = ['sqlite', 'postgres'];
  else if (db === 'sqlite' || db === 'postgres') dialects = [db];
  else throw new Error(`BENCH_DB must be sqlite, postgres or all, got "${db}"`);
  const only = (process.env.BENCH_ONLY ?? '')
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);
  return {
    dialects,
    only: only.length > 0 ? only : null,
    scale: number('BENCH_SCALE', 1),
    duration: number('BENCH_DURATION', 10),
    postgresUrl: process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    profileDir: process.env.BENCH_PROFILE || null,
    keep: process.env.BENCH_KEEP === '1',
    fileMiB: number('BENCH_FILE_MIB', 1024),
  };
}
