import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/dialects.js';
import {
  ADMIN_PASSWORD,
  ADMIN_USERNAME,
  httpRequest,
  loginAsAdmin,
  ServerHome,
  type HttpResult,
} from '../helpers/server-process.js';

/*
 * A real `pinakes serve` process: SIGTERM while a burst of requests is in flight. Every
 * request that reached the server gets a whole HTTP response (served, or 503 once closing
 * began), every write that answered 2xx survives a restart, and the process exits 0.
 */
const IN_FLIGHT = 60;

for (const dialect of DIALECTS) {
  describe(`SIGTERM under load on ${dialect}`, () => {
    let home: ServerHome;
    before(() => {
      home = new ServerHome(dialect);
    });
    after(() => home.cleanup());

    it('drains in-flight requests, keeps every acknowledged write and exits 0', async () => {
      const server = await home.start();
      const token = await loginAsAdmin(server);

      let sent = 0;
      let allSent!: () => void;
      const everySent = new Promise<void>((resolve) => (allSent = resolve));
      const onSent = () => {
        sent += 1;
        if (sent === IN_FLIGHT * 2) allSent();
      };
      // Logins cost an Argon2 verification each: a queue that takes a while to drain.
      const logins = Array.from({ length: IN_FLIGHT }, () =>
        httpRequest(server, {
          method: 'POST',
          path: '/api/v1/auth/login',
          json: { username: ADMIN_USERNAME, password: ADMIN_PASSWORD },
          onSent,
        }),
      );
      const writes = Array.from({ length: IN_FLIGHT }, (_, i) =>
        httpRequest(server, { method: 'POST', path: '/api/v1/tags', token, json: { name: `drain-${i}` }, onSent }),
      );
      await everySent;
      server.child.kill('SIGTERM');

      const settled = await Promise.allSettled([...logins, ...writes]);
      const failures = settled.filter((result) => result.status === 'rejected');
      assert.equal(failures.length, 0, `connections broken: ${failures.map((f) => String((f as PromiseRejectedResult).reason)).join(', ')}`);
      const results = settled.map((result) => (result as PromiseFulfilledResult<HttpResult>).value);
      for (const result of results) {
        assert.ok([200, 201, 503].includes(result.status), `status ${result.status}: ${result.body}`);
        const body = JSON.parse(result.body) as Record<string, unknown>;
        if (result.status === 503) assert.equal(body.error, 'service_unavailable');
      }
      const served = results.filter((result) => result.status < 300).length;
      assert.ok(served > 0, 'requests in flight were served, not dropped');

      const code = await server.exited;
      assert.equal(code, 0, `exit code ${code}\n${server.output()}`);

      const acknowledged = results
        .slice(IN_FLIGHT)
        .filter((result) => result.status < 300)
        .map((result) => (JSON.parse(result.body) as { name: string }).name);
      const again = await home.start();
      try {
        const adminToken = await loginAsAdmin(again);
        const list = await httpRequest(again, { method: 'GET', path: '/api/v1/tags?limit=200', token: adminToken });
        assert.equal(list.status, 200);
        const names = new Set((JSON.parse(list.body) as Array<{ name: string }>).map((tag) => tag.name));
        for (const name of acknowledged) assert.ok(names.has(name), `acknowledged tag ${name} is gone`);
      } finally {
        again.child.kill('SIGTERM');
        assert.equal(await again.exited, 0);
      }
    });
  });
}
