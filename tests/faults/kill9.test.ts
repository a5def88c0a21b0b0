import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { DIALECTS } from '../helpers/dialects.js';
import { httpRequest, loginAsAdmin, ServerHome, sleep, type ServerHandle } from '../helpers/server-process.js';

/*
 * kill -9 in the middle of a stream of writes, then a restart: every write that was answered
 * 2xx is there (SQLite in WAL mode with synchronous=NORMAL survives a process crash), the
 * database passes its integrity check, and the server starts cleanly on what was left.
 */
const WRITERS = 6;

interface Acknowledged {
  tags: Set<string>;
  collections: Set<string>;
}

/** Keeps `WRITERS` requests going until stopped; records what the server acknowledged. */
function writeLoad(server: ServerHandle, token: string) {
  const acknowledged: Acknowledged = { tags: new Set(), collections: new Set() };
  let stopped = false;
  let counter = 0;
  let failures = 0;
  const writer = async () => {
    while (!stopped) {
      counter += 1;
      const name = `crash-${counter}`;
      const kind = counter % 3 === 0 ? 'collections' : 'tags';
      try {
        const res = await httpRequest(server, { method: 'POST', path: `/api/v1/${kind}`, token, json: { name } });
        if (res.status >= 200 && res.status < 300) acknowledged[kind].add(name);
        else if (!stopped) failures += 1;
      } catch {
        // The process died under this request: it was never acknowledged.
      }
    }
  };
  const running = Promise.all(Array.from({ length: WRITERS }, writer));
  return {
    acknowledged,
    failures: () => failures,
    async stop() {
      stopped = true;
      await running;
    },
  };
}

async function listNames(server: ServerHandle, token: string, kind: 'tags' | 'collections'): Promise<Set<string>> {
  const names = new Set<string>();
  for (let offset = 0; ; offset += 200) {
    const res = await httpRequest(server, { method: 'GET', path: `/api/v1/${kind}?limit=200&offset=${offset}`, token });
    assert.equal(res.status, 200, res.body);
    const page = JSON.parse(res.body) as Array<{ name: string }>;
    for (const item of page) names.add(item.name);
    if (page.length < 200) return names;
  }
}

for (const dialect of DIALECTS) {
  describe(`kill -9 under write load on ${dialect}`, () => {
    let home: ServerHome;
    before(() => {
      home = new ServerHome(dialect);
    });
    after(() => home.cleanup());

    it('keeps every acknowledged write and a sound database', async () => {
      const server = await home.start();
      const token = await loginAsAdmin(server);
      const load = writeLoad(server, token);
      // Let a good number of writes through, then pull the plug mid-stream.
      const deadline = Date.now() + 20_000;
      while (load.acknowledged.tags.size + load.acknowledged.collections.size < 150 && Date.now() < deadline) {
        await sleep(25);
      }
      server.child.kill('SIGKILL');
      assert.equal(await server.exited, 'SIGKILL');
      await load.stop();
      assert.equal(load.failures(), 0, 'no write failed before the crash');
      const acknowledged = load.acknowledged.tags.size + load.acknowledged.collections.size;
      assert.ok(acknowledged >= 150, `only ${acknowledged} writes were acknowledged`);

      if (dialect === 'sqlite') {
        const file = new SQLite(path.join(home.dataDir, 'pinakes.db'));
        try {
          assert.deepEqual(file.pragma('integrity_check'), [{ integrity_check: 'ok' }]);
          assert.deepEqual(file.pragma('foreign_key_check'), []);
        } finally {
          file.close();
        }
      }

      const again = await home.start();
      try {
        const adminToken = await loginAsAdmin(again);
        const tags = await listNames(again, adminToken, 'tags');
        const collections = await listNames(again, adminToken, 'collections');
        for (const name of load.acknowledged.tags) assert.ok(tags.has(name), `acknowledged tag ${name} lost`);
        for (const name of load.acknowledged.collections) {
          assert.ok(collections.has(name), `acknowledged collection ${name} lost`);
        }
        // The restarted server takes writes again.
        const more = await httpRequest(again, { method: 'POST', path: '/api/v1/tags', token: adminToken, json: { name: 'after-crash' } });
        assert.ok(more.status >= 200 && more.status < 300, more.body);
      } finally {
        again.child.kill('SIGTERM');
        assert.equal(await again.exited, 0);
      }
    });
  });
}
