import type { DialectName } from '../src/db/database.js';
import { apiToken } from './lib/fixtures.js';
import { setUpLinks } from './lib/link-setup.js';
import { load, request, timeSequential, type Timing } from './lib/load.js';
import type { BenchOptions } from './lib/options.js';
import { p3Database, seedTable } from './lib/p3-database.js';
import { fmt, type Row, type Table } from './lib/report.js';
import { isMain, runScenarios, type Scenario } from './lib/scenario.js';
import { startServer, type RunningServer } from './lib/server.js';
import type { Target } from './lib/target.js';

const LIST_SAMPLES = 200;
const DEEP_SAMPLES = 40;
const LINK_SAMPLES = 1000;
const STARTS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** Median time from spawn to the first healthy answer over a few starts (the last start stays up). */
async function startups(
  target: Target,
  options: BenchOptions,
  label: string,
): Promise<{ server: RunningServer; ms: number }> {
  const times: number[] = [];
  for (let i = 0; i < STARTS - 1; i++) {
    const server = await startServer(target, options, { label });
    times.push(server.startupMs);
    await server.stop();
  }
  const server = await startServer(target, options, { label });
  times.push(server.startupMs);
  return { server, ms: median(times) };
}

function timingRow(metric: string, timing: Timing, goalMs?: number): Row {
  return {
    metric,
    value: `p50 ${fmt.ms(timing.p50)}, p99 ${fmt.ms(timing.p99)}${timing.failures ? `, ${timing.failures} FAILED` : ''}`,
    ...(goalMs !== undefined
      ? { goal: `p50 <= ${goalMs} ms`, ok: timing.p50 <= goalMs && timing.failures === 0 }
      : {}),
  };
}

async function run(dialect: DialectName, options: BenchOptions): Promise<Table[]> {
  const tables: Table[] = [];
  // The reference: the same link request on an empty database.
  const empty = await setUpLinks(dialect, options, 'p3-empty');
  let emptyLink: Timing;
  let emptyLoad: Awaited<ReturnType<typeof load>>;
  let emptyStartup: number;
  {
    const { server, ms } = await startups(empty.target, options, 'p3-empty');
    emptyStartup = ms;
    try {
      const url = `${server.url}/api/v1/shared/${empty.open.token}`;
      emptyLink = await timeSequential(LINK_SAMPLES, () => request(url), { warmup: 200 });
      emptyLoad = await load({
        label: 'open link, empty database',
        url,
        connections: 50,
        duration: Math.min(5, options.duration),
        warmup: 2,
      });
    } finally {
      await server.stop();
      await empty.target.destroy();
    }
  }

  const seeded = await p3Database(dialect, options);
  const { target, manifest } = seeded;
  if (seeded.seeded) tables.push(seedTable(dialect, manifest));
  const sizes = manifest.sizes;
  const { server, ms: startupMs } = await startups(target, options, 'p3');
  try {
    const owner = {
      authorization: `Bearer ${await apiToken(target, manifest.bigOwner.id, manifest.bigOwner.sessionId)}`,
    };
    const recipient = {
      authorization: `Bearer ${await apiToken(target, manifest.recipient.id, manifest.recipient.sessionId)}`,
    };
    const api = `${server.url}/api/v1`;
    const get = (path: string, headers: Record<string, string>) => () =>
      request(`${api}${path}`, { headers });

    const firstOutgoing = await request(`${api}/shares/outgoing?limit=50`, { headers: owner });
    if (firstOutgoing.status !== 200)
      throw new Error(
        `outgoing answered ${firstOutgoing.status}: ${firstOutgoing.body.toString('utf8').slice(0, 300)}`,
      );
    const outgoingTotal = Number(firstOutgoing.headers['x-total-count']);
    const incomingFirst = await request(`${api}/shares/incoming?limit=50`, { headers: recipient });
    const incomingTotal = Number(incomingFirst.headers['x-total-count']);

    const outgoing = await timeSequential(LIST_SAMPLES, get('/shares/outgoing?limit=50', owner));
    const incoming = await timeSequential(LIST_SAMPLES, get('/shares/incoming?limit=50', recipient));
    const activity = await timeSequential(
      LIST_SAMPLES,
      get(`/shares/${manifest.hotLink.id}/activity?limit=50`, owner),
    );
    const deepOffset = Math.min(100_000, Math.floor(sizes.bigOwnerShares / 2));
    const deep = await timeSequential(
      DEEP_SAMPLES,
      get(`/shares/outgoing?offset=${deepOffset}&limit=50`, owner),
      { warmup: 3 },
    );

    const rows: Row[] = [
      {
        metric: 'outgoing total (X-Total-Count) / incoming total',
        value: `${fmt.int(outgoingTotal)} / ${fmt.int(incomingTotal)}`,
      },
      timingRow('outgoing, first page (50)', outgoing, 5),
      timingRow('incoming, first page (50)', incoming, 5),
      timingRow(`activity of the hot link (${fmt.int(sizes.hotLinkActivity)} rows), first page`, activity, 5),
      timingRow(`outgoing at offset ${fmt.int(deepOffset)}`, deep, 50),
    ];

    // Constant-time paging, when the list hands out a cursor for the next page.
    const cursor = firstOutgoing.headers['x-next-cursor'];
    if (typeof cursor === 'string' && cursor) {
      let next: string = cursor;
      let pages = 0;
      const target = Math.floor(deepOffset / 50);
      const walkBegan = performance.now();
      while (pages < target && next) {
        const answer = await request(`${api}/shares/outgoing?limit=200&cursor=${encodeURIComponent(next)}`, {
          headers: owner,
        });
        next = String(answer.headers['x-next-cursor'] ?? '');
        pages += 4;
      }
      const walk = performance.now() - walkBegan;
      const deepCursor = next;
      const cursorTiming = await timeSequential(
        DEEP_SAMPLES * 5,
        get(`/shares/outgoing?limit=50&cursor=${encodeURIComponent(deepCursor)}`, owner),
      );
      rows.push(timingRow(`outgoing by cursor near offset ${fmt.int(deepOffset)}`, cursorTiming, 5), {
        metric: `walking ${fmt.int(deepOffset)} shares by cursor (200 a page)`,
        value: fmt.s(walk),
      });
    } else {
      rows.push({ metric: 'outgoing by cursor', value: 'no cursor offered (no X-Next-Cursor header)' });
    }

    const linkUrl = `${server.url}/api/v1/shared/${manifest.hotLink.token}`;
    const link = await timeSequential(LINK_SAMPLES, () => request(linkUrl), { warmup: 200 });
    const linkLoad = await load({
      label: 'open hot link',
      url: linkUrl,
      connections: 50,
      duration: Math.min(5, options.duration),
      warmup: 2,
    });
    const ratio = link.p50 / emptyLink.p50;
    rows.push(
      {
        metric: 'open the hot link, sequential',
        value: `p50 ${fmt.ms(link.p50)}, p99 ${fmt.ms(link.p99)}`,
        ceiling: `p50 ${fmt.ms(emptyLink.p50)} (empty db)`,
        ratio: fmt.ratio(ratio),
        goal: '<= 1.2 x',
        ok: ratio <= 1.2 && link.failures === 0,
      },
      {
        metric: 'open the hot link, 50 connections',
        value: `${fmt.rps(linkLoad.requestsPerSecond)}, p99 ${fmt.ms(linkLoad.p99)}, ${linkLoad.errors + linkLoad.non2xx} bad`,
        ceiling: `${fmt.rps(emptyLoad.requestsPerSecond)} (empty db)`,
        ratio: fmt.ratio(emptyLoad.requestsPerSecond / linkLoad.requestsPerSecond),
      },
      {
        metric: 'startup (spawn to healthy), median of 3',
        value: fmt.s(startupMs),
        ceiling: `${fmt.s(emptyStartup)} (empty db)`,
        goal: '<= 1.5 s',
        ok: startupMs <= 1500,
      },
    );
    tables.push({
      scenario: 'p3',
      dialect,
      title: `lists and links on ${fmt.int(sizes.shares)} shares`,
      rows,
    });
    return tables;
  } finally {
    await server.stop();
    await target.destroy();
  }
}

export const p3: Scenario = { id: 'p3', title: 'scale', run };

if (isMain(import.meta.url)) await runScenarios([p3]);
