import { execSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DialectName } from '../../src/db/database.js';
import { benchOptions, type BenchOptions } from './options.js';
import { printTable, saveTables, type Table } from './report.js';
import { assertBuilt } from './server.js';
import { postgresReachable } from './target.js';

export interface Scenario {
  id: string;
  title: string;
  run(dialect: DialectName, options: BenchOptions): Promise<Table[]>;
}

/** True when this module is the script node was asked to run. */
export const isMain = (moduleUrl: string): boolean =>
  process.argv[1] !== undefined && pathToFileURL(path.resolve(process.argv[1])).href === moduleUrl;

function commit(): string {
  try {
    const sha = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
    const dirty = execSync('git status --porcelain --untracked-files=no', { encoding: 'utf8' }).trim() !== '';
    return `${sha}${dirty ? ' (with uncommitted changes)' : ''}`;
  } catch {
    return 'unknown';
  }
}

/** The machine line every report starts with (cores, memory, CPU model, Node, commit). */
export function machineLine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const memory = (os.totalmem() / 1024 ** 3).toFixed(0);
  const load = os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  return `machine: ${os.availableParallelism()} cores, ${memory} GiB, ${cpu}, ${os.platform()} ${os.release()}; node ${process.version}; commit ${commit()}; load average ${load}`;
}

/** Runs scenarios on each selected database, prints every table, and exits non-zero on a crash. */
export async function runScenarios(scenarios: Scenario[]): Promise<void> {
  const options = benchOptions();
  assertBuilt();
  const selected = scenarios.filter((scenario) => !options.only || options.only.includes(scenario.id));
  process.stdout.write(`${machineLine()}\n`);
  process.stdout.write(
    `scenarios: ${selected.map((scenario) => scenario.id).join(', ')}; databases: ${options.dialects.join(', ')}; scale ${options.scale}; ${options.duration} s per load run\n`,
  );
  const tables: Table[] = [];
  let failed = false;
  for (const dialect of options.dialects) {
    if (dialect === 'postgres' && !(await postgresReachable(options.postgresUrl))) {
      process.stdout.write(`\nPostgreSQL at ${options.postgresUrl} is unreachable: its runs are SKIPPED.\n`);
      failed = true;
      continue;
    }
    for (const scenario of selected) {
      const began = Date.now();
      process.stdout.write(`\n== ${scenario.id} ${scenario.title} on ${dialect}\n`);
      try {
        const produced = await scenario.run(dialect, options);
        for (const table of produced) printTable(table);
        tables.push(...produced);
        saveTables(produced);
      } catch (error) {
        failed = true;
        process.stdout.write(
          `\n${scenario.id} on ${dialect} FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
      }
      process.stdout.write(
        `(${scenario.id} on ${dialect} took ${((Date.now() - began) / 1000).toFixed(0)} s)\n`,
      );
    }
  }
  const misses = tables.flatMap((table) =>
    table.rows
      .filter((row) => row.ok === false)
      .map((row) => `${table.scenario} ${table.dialect}: ${row.metric} = ${row.value} (goal ${row.goal})`),
  );
  if (misses.length > 0)
    process.stdout.write(`\nGoals missed:\n${misses.map((miss) => `  - ${miss}`).join('\n')}\n`);
  else if (!failed) process.stdout.write('\nAll goals met.\n');
  if (failed) process.stdout.write('\nSome runs FAILED or were skipped (see above).\n');
  if (failed) process.exitCode = 1;
}
