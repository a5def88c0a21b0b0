// `npm run bench:seed`: builds the P3 database (BENCH_SCALE, BENCH_DB) into tmp/bench/ and keeps
// it, so `BENCH_KEEP=1 npm run bench:p3` measures it without seeding again.
import { benchOptions } from './lib/options.js';
import { seedKept, seedTable } from './lib/p3-database.js';
import { printTable } from './lib/report.js';
import { machineLine } from './lib/scenario.js';
import { postgresReachable } from './lib/target.js';

const options = benchOptions();
process.stdout.write(`${machineLine()}\n`);
for (const dialect of options.dialects) {
  if (dialect === 'postgres' && !(await postgresReachable(options.postgresUrl))) {
    process.stdout.write(`PostgreSQL at ${options.postgresUrl} is unreachable: skipped.\n`);
    process.exitCode = 1;
    continue;
  }
  const { manifest } = await seedKept(dialect, options);
  printTable(seedTable(dialect, manifest));
}
