import fs from 'node:fs';
import path from 'node:path';

/** One measured figure, with its ceiling (if any) and the goal it is held to. */
export interface Row {
  metric: string;
  value: string;
  ceiling?: string;
  ratio?: string;
  goal?: string;
  /** true = meets the goal, false = misses it, undefined = informational. */
  ok?: boolean;
}

export interface Table {
  scenario: string;
  dialect: string;
  title: string;
  rows: Row[];
  notes?: string[];
}

export const fmt = {
  ms: (value: number) =>
    Number.isFinite(value) ? `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms` : 'n/a',
  rps: (value: number) => `${Math.round(value).toLocaleString('en-US')} req/s`,
  mb: (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`,
  mbps: (bytesPerSecond: number) => `${(bytesPerSecond / 1024 / 1024).toFixed(0)} MiB/s`,
  ratio: (value: number) => `${value.toFixed(2)} x`,
  int: (value: number) => Math.round(value).toLocaleString('en-US'),
  s: (ms: number) => `${(ms / 1000).toFixed(2)} s`,
};

function cell(text: string | undefined): string {
  return (text ?? '').replace(/\|/g, '\\|');
}

/** A Markdown table: readable in a terminal and pasted as is into docs/benchmarks.md. */
export function renderTable(table: Table): string {
  const header = ['metric', 'measured', 'ceiling', 'ratio', 'goal', 'ok'];
  const lines = table.rows.map((row) => [
    row.metric,
    row.value,
    row.ceiling ?? '',
    row.ratio ?? '',
    row.goal ?? '',
    row.ok === undefined ? '' : row.ok ? 'yes' : 'NO',
  ]);
  const widths = header.map((name, column) =>
    Math.max(name.length, ...lines.map((line) => cell(line[column]).length)),
  );
  const format = (values: string[]) =>
    `| ${values.map((value, column) => cell(value).padEnd(widths[column] ?? 0)).join(' | ')} |`;
  const out = [
    `### ${table.scenario.toUpperCase()} — ${table.title} (${table.dialect})`,
    '',
    format(header),
    `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`,
    ...lines.map(format),
  ];
  for (const note of table.notes ?? []) out.push('', note);
  return `${out.join('\n')}\n`;
}

export function printTable(table: Table): void {
  process.stdout.write(`\n${renderTable(table)}`);
}

/**
 * Keeps the tables of a run in tmp/bench/last-run.json (ignored by git), so a report can be
 * assembled without re-running; nothing tracked is ever written.
 */
export function saveTables(tables: Table[]): void {
  const dir = path.resolve('tmp', 'bench');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'last-run.json');
  let previous: Table[] = [];
  try {
    previous = JSON.parse(fs.readFileSync(file, 'utf8')) as Table[];
  } catch {
    previous = [];
  }
  const key = (table: Table) => `${table.scenario}|${table.dialect}|${table.title}`;
  const fresh = new Set(tables.map(key));
  fs.writeFileSync(
    file,
    JSON.stringify([...previous.filter((table) => !fresh.has(key(table))), ...tables], null, 2),
  );
}
