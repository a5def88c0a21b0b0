import type { DialectName } from '../../src/db/database.js';

/**
 * Which databases this run covers. `npm test` (scripts/test.mjs) decides once and passes
 * PINAKES_TEST_DIALECTS; a single file run by hand gets SQLite, plus PostgreSQL when
 * PINAKES_TEST_POSTGRES_URL is set.
 */
function resolve(): DialectName[] {
  const fromRunner = process.env.PINAKES_TEST_DIALECTS;
  if (fromRunner) return fromRunner.split(',').filter(Boolean) as DialectName[];
  return process.env.PINAKES_TEST_POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

export const DIALECTS: DialectName[] = resolve();

export const POSTGRES_URL =
  process.env.PINAKES_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
