import autocannon from 'autocannon';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DialectName } from '../src/db/database.js';
import { LINK_PASSWORD, setUpLinks } from './lib/link-setup.js';
import { load, request, type LoadResult } from './lib/load.js';
import type { BenchOptions } from './lib/options.js';
import { fmt, type Row, type Table } from './lib/report.js';
import { isMain, runScenarios, type Scenario } from './lib/scenario.js';
import { RssSampler, startNodeScript, startServer } from './lib/server.js';
import type { Target } from './lib/target.js';

export const CONNECTIONS = 50;
const EXACT_REQUESTS = 2000;
const CEILING_SCRIPT = path.resolve('bench/lib/ceiling-json.mjs');

function loadRows(result: LoadResult, ceiling?: LoadResult): Row[] {
  const ratio = ceiling ? result.requestsPerSecond / ceiling.requestsPerSecond : undefined;
  return [
    {
      metric: `${result.label}: throughput`,
      value: fmt.rps(result.requestsPerSecond),
      ...(ceiling ? { ceiling: fmt.rps(ceiling.requestsPerSecond) } : {}),
      ...(ratio !== undefined ? { ratio: fmt.ratio(ratio), goal: '>= 0.5 x', ok: ratio >= 0.5 } : {}),
    },
    {
      metric: `${result.label}: latency p50 / p99`,
      value: `${fmt.ms(result.p50)} / ${fmt.ms(result.p99)}`,
      ...(ceiling
        ? {
            ceiling: `${fmt.ms(ceiling.p50)} / ${fmt.ms(ceiling.p99)}`,
            goal: 'p99 <= 20 ms',
            ok: result.p99 <= 20,
          }
        : {}),
    },
    {
      metric: `${result.label}: errors / non-2xx`,
      value: `${result.errors} / ${result.non2xx} of ${fmt.int(result.total)}`,
      goal: '0 / 0',
      ok: result.errors === 0 && result.non2xx === 0,
    },
  ];
}

async function accessCount(target: Target, shareId: string): Promise<number> {
  const db = await target.open();
  try {
    const row = await db.kysely
      .selectFrom('shares')
      .select('access_count')
      .where('id', '=', shareId)
      .executeTakeFirstOrThrow();
    return Number(row.access_count);
  } finally {
    await db.close();
  }
}

async function run(dialect: DialectName, options: BenchOptions): Promise<Table[]> {
  const setup = await setUpLinks(dialect, options, 'p1');
  const server = await startServer(setup.target, options, { label: 'p1' });
  const bodyFile = path.join(os.tmpdir(), `pinakes-bench-p1-body-${process.pid}.json`);
  let ceilingServer: Awaited<ReturnType<typeof startNodeScript>> | undefined;
  try {
    const linkUrl = `${server.url}/api/v1/shared/${setup.open.token}`;
    const first = await request(linkUrl);
    if (first.status !== 200)
      throw new Error(`opening the link answered ${first.status}: ${first.body.toString('utf8')}`);
    const opened = JSON.parse(first.body.toString('utf8')) as { access_token: string };
    fs.writeFileSync(bodyFile, first.body);
    ceilingServer = await startNodeScript(CEILING_SCRIPT, [bodyFile]);

    const duration = options.duration;
    const warmup = Math.min(3, duration);
    const ceiling = await load({
      label: 'bare node:http, same body',
      url: ceilingServer.url,
      connections: CONNECTIONS,
      duration,
      warmup,
    });
    await ceilingServer.stop();
    ceilingServer = undefined;

    const idleRss = server.rss();
    const sampler = new RssSampler(server.pid);
    const link = await load({ label: 'open link', url: linkUrl, connections: CONNECTIONS, duration, warmup });
    const protectedResult = await load({
      label: 'password link (X-Share-Password)',
      url: `${server.url}/api/v1/shared/${setup.protectedLink.token}`,
      connections: CONNECTIONS,
      duration,
      warmup,
      headers: { 'x-share-password': LINK_PASSWORD },
    });
    const file = await load({
      label: 'file via access_token (stream, 22 KB)',
      url: `${server.url}/api/v1/shared/${setup.open.token}/media/${setup.mediaId}/stream`,
      connections: CONNECTIONS,
      duration,
      warmup,
      headers: { 'x-share-access': opened.access_token },
    });
    const peakRss = sampler.stop();

    // Racing visitors: every 200 counts exactly one access (a fixed number of requests, all awaited).
    const before = await accessCount(setup.target, setup.open.id);
    const exact = await autocannon({ url: linkUrl, connections: CONNECTIONS, amount: EXACT_REQUESTS });
    const counted = (await accessCount(setup.target, setup.open.id)) - before;

    const rows: Row[] = [
      ...loadRows(link, ceiling),
      ...loadRows(protectedResult, ceiling),
      ...loadRows(file),
    ];
    rows.push(
      { metric: 'body size (link answer)', value: `${first.body.length} bytes` },
      {
        metric: `open link: accesses counted for ${fmt.int(EXACT_REQUESTS)} racing requests`,
        value: `${fmt.int(counted)} counted, ${fmt.int(exact['2xx'])} answered 200`,
        goal: 'equal',
        ok: counted === exact['2xx'] && exact['2xx'] === EXACT_REQUESTS,
      },
      { metric: 'server RSS idle / peak under load', value: `${fmt.mb(idleRss)} / ${fmt.mb(peakRss)}` },
    );
    return [
      {
        scenario: 'p1',
        dialect,
        title: `open a public link, ${CONNECTIONS} connections, ${duration} s each`,
        rows,
      },
    ];
  } finally {
    await ceilingServer?.stop();
    await server.stop();
    fs.rmSync(bodyFile, { force: true });
    await setup.target.destroy();
  }
}

export const p1: Scenario = { id: 'p1', title: 'public link', run };

if (isMain(import.meta.url)) await runScenarios([p1]);
