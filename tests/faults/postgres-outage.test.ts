import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS, POSTGRES_URL } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import { sleep } from '../helpers/server-process.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';

/*
 * The database going away (PostgreSQL restarting, a network cut): requests get a clean 503
 * `service_unavailable` with Retry-After, never a 500 or a hang, and the app recovers by
 * itself once the database is back, without a restart. Inherently PostgreSQL only: an
 * embedded SQLite file cannot go away. The machine's PostgreSQL is never touched: a TCP
 * proxy stands between the app and it, and is what goes away.
 */
const target = new URL(POSTGRES_URL);

async function untilStatus(run: () => Promise<LightMyRequestResponse>, status: number, withinMs: number) {
  const deadline = Date.now() + withinMs;
  let last: LightMyRequestResponse | undefined;
  while (Date.now() < deadline) {
    last = await run();
    if (last.statusCode === status) return last;
    await sleep(100);
  }
  assert.fail(`expected ${status} within ${withinMs} ms, last got ${last?.statusCode} ${last?.body}`);
}

function assertUnavailable(res: LightMyRequestResponse, what: string) {
  assert.equal(res.statusCode, 503, `${what}: ${res.statusCode} ${res.body}`);
  assert.deepEqual(Object.keys(res.json()).sort(), ['error', 'message'], what);
  assert.equal(res.json().error, 'service_unavailable', what);
  assert.ok(Number(res.headers['retry-after']) > 0, `${what}: Retry-After`);
}

describe(
  'PostgreSQL outage',
  { skip: !DIALECTS.includes('postgres') && 'PostgreSQL is not part of this run' },
  () => {
    let proxy: TcpProxy;
    let t: TestApp;
    let user: TestUser;

    before(async () => {
      proxy = new TcpProxy(Number(target.port || 5432), target.hostname);
      const port = await proxy.start();
      const viaProxy = new URL(POSTGRES_URL);
      viaProxy.hostname = '127.0.0.1';
      viaProxy.port = String(port);
      t = await startTestApp('postgres', { databaseUrl: viaProxy.toString() });
      user = await buildUser(t);
    });
    after(async () => {
      await proxy.start();
      await t.close();
      await proxy.stop();
    });

    const me = () => t.request({ method: 'GET', url: '/api/v1/auth/me', token: user.token });
    const writeTag = (name: string) =>
      t.request({ method: 'POST', url: '/api/v1/tags', token: user.token, payload: { name } });

    it('answers 503 while the database is gone and recovers by itself when it is back', async () => {
      assert.equal((await me()).statusCode, 200);
      assert.ok((await writeTag('before-outage')).statusCode < 300);

      await proxy.stop();
      // The pool's idle connections were cut and new ones are refused: both end as 503.
      for (let i = 0; i < 3; i += 1) {
        assertUnavailable(await me(), 'an authenticated read');
        assertUnavailable(await writeTag(`during-${i}`), 'a write');
        assertUnavailable(await t.request({ method: 'GET', url: '/api/v1/health' }), 'health');
        assertUnavailable(
          await t.request({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { username: user.username, password: user.password },
          }),
          'a login',
        );
      }

      await proxy.start();
      await untilStatus(me, 200, 10_000);
      assert.ok((await writeTag('after-outage')).statusCode < 300);
      const tags = await t.request({ method: 'GET', url: '/api/v1/tags', token: user.token });
      const names = tags.json<Array<{ name: string }>>().map((tag) => tag.name);
      assert.ok(names.includes('before-outage') && names.includes('after-outage'));
      assert.ok(!names.some((name) => name.startsWith('during-')), 'nothing written during the outage');
    });

    it('answers 503 in bounded time when the database stops answering, then recovers', async () => {
      assert.equal((await me()).statusCode, 200);
      proxy.blackhole();
      // Let the pool notice its cut connections, so the next query needs a new one.
      await sleep(300);
      const started = Date.now();
      const results = await Promise.all([me(), writeTag('into-the-void')]);
      for (const res of results) assertUnavailable(res, 'a request against a silent database');
      assert.ok(Date.now() - started < 20_000, 'the requests did not hang');
      await proxy.start();
      await untilStatus(me, 200, 15_000);
    });

    it('survives connections cut mid-flight without a restart', async () => {
      for (let round = 0; round < 3; round += 1) {
        const inFlight = Array.from({ length: 10 }, () => me());
        proxy.cutConnections();
        for (const res of await Promise.all(inFlight)) {
          assert.ok([200, 503].includes(res.statusCode), `${res.statusCode} ${res.body}`);
        }
        await untilStatus(me, 200, 10_000);
      }
    });
  },
);
