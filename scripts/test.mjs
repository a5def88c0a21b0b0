#!/usr/bin/env node
// Runs the whole suite with node's test runner, once over every database this machine has.
// PostgreSQL is used when reachable (PINAKES_TEST_POSTGRES_URL, default the local server);
// PINAKES_TEST_REQUIRE_POSTGRES=1 (CI) makes its absence a failure instead of a skip.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

const url = process.env.PINAKES_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const required = process.env.PINAKES_TEST_REQUIRE_POSTGRES === '1';

async function postgresReachable() {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

function findTests(dir, filter) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(full, filter));
    else if (entry.name.endsWith('.test.ts') && full.includes(filter)) found.push(full);
  }
  return found.sort();
}

const reachable = await postgresReachable();
const dialects = ['sqlite'];
if (reachable === true) {
  dialects.push('postgres');
} else if (required) {
  console.error(
    `PostgreSQL is required (PINAKES_TEST_REQUIRE_POSTGRES=1) but ${url} is unreachable: ${reachable}`,
  );
  process.exit(1);
} else {
  console.log(
    `NOTE: PostgreSQL at ${url} is unreachable (${reachable}); the PostgreSQL half of the suite is SKIPPED.`,
  );
}
console.log(`Testing on: ${dialects.join(', ')}`);

const filter = process.argv[2] ?? '';
const files = findTests('tests', filter);
if (files.length === 0) {
  console.error(`no test files match "${filter}"`);
  process.exit(1);
}
// No test can hang: each is failed after TEST_TIMEOUT_MS, the whole run killed after RUN_TIMEOUT_MS.
const TEST_TIMEOUT_MS = 5 * 60_000;
const RUN_TIMEOUT_MS = 45 * 60_000;
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    `--test-timeout=${TEST_TIMEOUT_MS}`,
    '--test-reporter=spec',
    ...files,
  ],
  {
    stdio: 'inherit',
    timeout: RUN_TIMEOUT_MS,
    killSignal: 'SIGKILL',
    env: { ...process.env, PINAKES_TEST_DIALECTS: dialects.join(',') },
  },
);
if (result.error) console.error(`the test run failed: ${result.error.message}`);
if (reachable !== true) {
  console.log('NOTE: the PostgreSQL half was skipped: only SQLite was tested.');
}
process.exit(result.status ?? 1);
