import type { DialectName } from '../src/db/database.js';
import { LINK_PASSWORD, setUpLinks } from './lib/link-setup.js';
import { load, request } from './lib/load.js';
import type { BenchOptions } from './lib/options.js';
import { fmt, type Table } from './lib/report.js';
import { isMain, runScenarios, type Scenario } from './lib/scenario.js';
import { RssSampler, startServer } from './lib/server.js';
import { CONNECTIONS } from './p1-link.js';

const IDLE_GOAL = 150 * 1024 * 1024;
const LOAD_GOAL = 300 * 1024 * 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(dialect: DialectName, options: BenchOptions): Promise<Table[]> {
  const setup = await setUpLinks(dialect, options, 'p4');
  const server = await startServer(setup.target, options, { label: 'p4' });
  try {
    await sleep(2000);
    const idle = server.rss();
    const linkUrl = `${server.url}/api/v1/shared/${setup.open.token}`;
    const first = await request(linkUrl);
    if (first.status !== 200) throw new Error(`opening the link answered ${first.status}`);
    const sampler = new RssSampler(server.pid, 25);
    const open = await load({
      label: 'open link',
      url: linkUrl,
      connections: CONNECTIONS,
      duration: options.duration,
    });
    const protectedRun = await load({
      label: 'password link',
      url: `${server.url}/api/v1/shared/${setup.protectedLink.token}`,
      connections: CONNECTIONS,
      duration: options.duration,
      headers: { 'x-share-password': LINK_PASSWORD },
    });
    const peak = sampler.stop();
    await sleep(5000);
    const after = server.rss();
    return [
      {
        scenario: 'p4',
        dialect,
        title: 'server memory (RSS)',
        rows: [
          { metric: 'idle, 2 s after start', value: fmt.mb(idle), goal: '<= 150 MB', ok: idle <= IDLE_GOAL },
          {
            metric: `peak under P1 load (${CONNECTIONS} connections, open then password link, ${options.duration} s each)`,
            value: fmt.mb(peak),
            goal: '<= 300 MB',
            ok: peak <= LOAD_GOAL,
          },
          { metric: 'idle again, 5 s after the load', value: fmt.mb(after) },
          {
            metric: 'load served',
            value: `${fmt.rps(open.requestsPerSecond)} open, ${fmt.rps(protectedRun.requestsPerSecond)} password; ${open.errors + open.non2xx + protectedRun.errors + protectedRun.non2xx} bad`,
          },
        ],
      },
    ];
  } finally {
    await server.stop();
    await setup.target.destroy();
  }
}

export const p4: Scenario = { id: 'p4', title: 'memory', run };

if (isMain(import.meta.url)) await runScenarios([p4]);
