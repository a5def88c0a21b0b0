import autocannon from 'autocannon';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import type { DialectName } from '../src/db/database.js';
import type { Database } from '../src/db/schema.js';
import { newId } from '../src/lib/ids.js';
import { bearer, createMedia, createUsers, type BenchUser } from './lib/fixtures.js';
import { json, percentile, request } from './lib/load.js';
import type { BenchOptions } from './lib/options.js';
import { fmt, type Row, type Table } from './lib/report.js';
import { isMain, runScenarios, type Scenario } from './lib/scenario.js';
import { startServer } from './lib/server.js';
import { freshTarget, type Target } from './lib/target.js';

const CREATES = 10_000;
const CREATE_CONNECTIONS = 10;
const BATCH = 500;
const BATCHES = 10;
const GROUP_MEMBERS = 10_000;
const STREAMS = 1_000;

async function addGroup(db: Kysely<Database>, name: string, members: BenchUser[]): Promise<string> {
  const id = newId();
  const now = new Date().toISOString();
  await db
    .insertInto('groups')
    .values({ id, name, description: null, created_at: now, updated_at: now })
    .execute();
  for (let start = 0; start < members.length; start += 1000) {
    await db
      .insertInto('group_members')
      .values(
        members
          .slice(start, start + 1000)
          .map((member) => ({ group_id: id, user_id: member.id, added_at: now })),
      )
      .execute();
  }
  return id;
}

async function mediaItem(db: Kysely<Database>, ownerId: string, title: string): Promise<string> {
  return createMedia(db, {
    ownerId,
    title,
    fileName: `${title}.jpg`,
    mediaType: 'image',
    mimeType: 'image/jpeg',
    hash: newId().replace(/-/g, '').padEnd(64, '0'),
    size: 1000,
  });
}

interface World {
  owner: BenchUser;
  users: BenchUser[];
  media: { creates: string; group: string; streams: string };
  bigGroup: string;
  streamGroup: string;
}

async function build(target: Target): Promise<World> {
  const db = await target.open();
  try {
    const [owner] = await createUsers(db.kysely, target, ['owner']);
    if (!owner) throw new Error('no owner');
    const names = Array.from({ length: GROUP_MEMBERS }, (_, i) => `member-${String(i).padStart(5, '0')}`);
    const users = await createUsers(db.kysely, target, names, 'viewer');
    return {
      owner,
      users,
      media: {
        creates: await mediaItem(db.kysely, owner.id, 'shared-widely'),
        group: await mediaItem(db.kysely, owner.id, 'for-the-big-group'),
        streams: await mediaItem(db.kysely, owner.id, 'for-the-stream-group'),
      },
      bigGroup: await addGroup(db.kysely, 'everyone', users),
      streamGroup: await addGroup(db.kysely, 'watchers', users.slice(0, STREAMS)),
    };
  } finally {
    await db.close();
  }
}

/** POST /shares to 10,000 different users through `CREATE_CONNECTIONS` connections. */
async function createMany(
  url: string,
  world: World,
): Promise<{ seconds: number; ok: number; bad: number; p99: number }> {
  let next = 0;
  const began = performance.now();
  const result = await autocannon({
    url: `${url}/api/v1/shares`,
    connections: CREATE_CONNECTIONS,
    amount: CREATES,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        headers: { ...bearer(world.owner), 'content-type': 'application/json' },
        setupRequest: (spec) => {
          const user = world.users[next++ % world.users.length];
          return {
            ...spec,
            body: JSON.stringify({
              target_type: 'media',
              target_id: world.media.creates,
              recipient_type: 'user',
              recipient_user_id: user?.id,
            }),
          };
        },
      },
    ],
  });
  return {
    seconds: (performance.now() - began) / 1000,
    ok: result['2xx'],
    bad: result.non2xx + result.errors,
    p99: result.latency.p99,
  };
}

async function countNotifications(target: Target, shareId: string): Promise<number> {
  const db = await target.open();
  try {
    const row = await db.kysely
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('share_id', '=', shareId)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  } finally {
    await db.close();
  }
}

/** Opens one SSE stream; resolves once `ready` arrived, and records when the first notification does. */
function openStream(url: string, user: BenchUser): Promise<{ notified: Promise<number>; close(): void }> {
  return new Promise((resolve, reject) => {
    let resolveNotified: (at: number) => void = () => {};
    const notified = new Promise<number>((done) => (resolveNotified = done));
    const req = http.get(
      `${url}/api/v1/notifications/stream`,
      { headers: { ...bearer(user), accept: 'text/event-stream' }, agent: false },
      (response) => {
        if (response.statusCode !== 200) {
          reject(new Error(`stream answered ${response.statusCode}`));
          response.resume();
          return;
        }
        let text = '';
        let ready = false;
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
          if (!ready && text.includes('event: ready')) {
            ready = true;
            resolve({ notified, close: () => req.destroy() });
          }
          if (text.includes('event: notification')) {
            resolveNotified(performance.now());
            text = '';
          }
        });
      },
    );
    req.on('error', (error) => reject(error));
  });
}

async function run(dialect: DialectName, options: BenchOptions): Promise<Table[]> {
  const target = freshTarget(dialect, options, 'p5');
  try {
    const world = await build(target);
    const server = await startServer(target, options, { label: 'p5' });
    try {
      const api = `${server.url}/api/v1`;
      const rows: Row[] = [];

      const created = await createMany(server.url, world);
      const rate = created.ok / created.seconds;
      rows.push({
        metric: `create ${fmt.int(CREATES)} user shares (${CREATE_CONNECTIONS} connections)`,
        value: `${Math.round(rate).toLocaleString('en-US')} /s, p99 ${fmt.ms(created.p99)}; ${created.bad} failed`,
        goal: '>= 1,000 /s, all 200',
        ok: rate >= 1000 && created.ok === CREATES && created.bad === 0,
      });

      // Batch-delete the shares just made, 500 at a time.
      const db = await target.open();
      let ids: string[];
      try {
        ids = (
          await db.kysely
            .selectFrom('shares')
            .select('id')
            .where('owner_id', '=', world.owner.id)
            .where('revoked_at', 'is', null)
            .orderBy('id')
            .limit(BATCH * BATCHES)
            .execute()
        ).map((row) => row.id);
      } finally {
        await db.close();
      }
      const times: number[] = [];
      for (let b = 0; b < BATCHES && (b + 1) * BATCH <= ids.length; b++) {
        const began = performance.now();
        const answer = await request(`${api}/shares/batch/delete`, {
          method: 'POST',
          headers: { ...bearer(world.owner), 'content-type': 'application/json' },
          body: JSON.stringify({ share_ids: ids.slice(b * BATCH, (b + 1) * BATCH) }),
        });
        times.push(performance.now() - began);
        if (answer.status !== 200)
          throw new Error(
            `batch delete answered ${answer.status}: ${answer.body.toString('utf8').slice(0, 300)}`,
          );
      }
      times.sort((a, b) => a - b);
      const deleteP50 = percentile(times, 0.5);
      rows.push({
        metric: `batch-delete ${BATCH} shares (${times.length} batches)`,
        value: `p50 ${fmt.ms(deleteP50)}, max ${fmt.ms(times[times.length - 1] ?? NaN)}`,
        goal: '<= 250 ms',
        ok: deleteP50 <= 250,
      });

      // A share to a group of 10,000: time until every member's notification is written.
      const groupBegan = performance.now();
      const groupShare = await json<{ id: string }>(`${api}/shares`, {
        method: 'POST',
        headers: bearer(world.owner),
        body: {
          target_type: 'media',
          target_id: world.media.group,
          recipient_type: 'group',
          recipient_group_id: world.bigGroup,
        },
      });
      const answered = performance.now() - groupBegan;
      let written = await countNotifications(target, groupShare.id);
      while (written < GROUP_MEMBERS && performance.now() - groupBegan < 30_000) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        written = await countNotifications(target, groupShare.id);
      }
      const groupMs = performance.now() - groupBegan;
      rows.push({
        metric: `share to a group of ${fmt.int(GROUP_MEMBERS)}: notifications written`,
        value: `${fmt.ms(groupMs)} (answer after ${fmt.ms(answered)}; ${fmt.int(written)} rows)`,
        goal: '<= 1 s',
        ok: groupMs <= 1000 && written === GROUP_MEMBERS,
      });

      // 1,000 open streams, one new share to all of them.
      const streams = await Promise.all(
        world.users.slice(0, STREAMS).map((user) => openStream(server.url, user)),
      );
      try {
        const rssWithStreams = server.rss();
        const sent = performance.now();
        await json(`${api}/shares`, {
          method: 'POST',
          headers: bearer(world.owner),
          body: {
            target_type: 'media',
            target_id: world.media.streams,
            recipient_type: 'group',
            recipient_group_id: world.streamGroup,
          },
        });
        const deadline = new Promise<number>((resolve) =>
          setTimeout(() => resolve(Number.POSITIVE_INFINITY), 10_000),
        );
        const arrivals = await Promise.all(
          streams.map((stream) => Promise.race([stream.notified, deadline])),
        );
        const delays = arrivals.map((at) => at - sent).sort((a, b) => a - b);
        const received = delays.filter(Number.isFinite).length;
        const slowest = delays[delays.length - 1] ?? NaN;
        rows.push(
          {
            metric: `${fmt.int(STREAMS)} SSE streams: notification delivered to all`,
            value: `${fmt.int(received)} received; p50 ${fmt.ms(percentile(delays, 0.5))}, last ${Number.isFinite(slowest) ? fmt.ms(slowest) : 'never'}`,
            goal: 'all within 1 s',
            ok: received === STREAMS && slowest <= 1000,
          },
          { metric: `server RSS with ${fmt.int(STREAMS)} open streams`, value: fmt.mb(rssWithStreams) },
        );
      } finally {
        for (const stream of streams) stream.close();
      }
      return [{ scenario: 'p5', dialect, title: 'writes and fan-out', rows }];
    } finally {
      await server.stop();
    }
  } finally {
    await target.destroy();
  }
}

export const p5: Scenario = { id: 'p5', title: 'writes', run };

if (isMain(import.meta.url)) await runScenarios([p5]);
