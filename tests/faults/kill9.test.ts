import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { DIALECTS } from '../helpers/dialects.js';
import { filesUnder, multipartBody } from '../helpers/media.js';
import {
  httpRequest,
  loginAsAdmin,
  ServerHome,
  sleep,
  type ServerHandle,
} from '../helpers/server-process.js';

/*
 * kill -9 in the middle of a stream of writes, then a restart: every write that was answered
 * 2xx is there (SQLite in WAL mode with synchronous=NORMAL survives a process crash), the
 * database passes its integrity check, and the server starts cleanly on what was left.
 */
const WRITERS = 6;

interface Acknowledged {
  tags: Set<string>;
  collections: Set<string>;
  /** Uploaded media id -> the SHA-256 of the bytes sent. */
  uploads: Map<string, string>;
}

/** An editor account on the running server, signed in. */
async function editorToken(server: ServerHandle, adminToken: string): Promise<string> {
  const credentials = { username: 'crash-editor', password: 'crash-editor-password' };
  const created = await httpRequest(server, {
    method: 'POST',
    path: '/api/v1/users',
    token: adminToken,
    json: { ...credentials, role: 'editor' },
  });
  assert.equal(created.status, 200, created.body);
  const login = await httpRequest(server, { method: 'POST', path: '/api/v1/auth/login', json: credentials });
  assert.equal(login.status, 200, login.body);
  return (JSON.parse(login.body) as { access_token: string }).access_token;
}

/** Keeps `WRITERS` requests going until stopped; records what the server acknowledged. */
function writeLoad(server: ServerHandle, token: string, uploaderToken: string) {
  const acknowledged: Acknowledged = { tags: new Set(), collections: new Set(), uploads: new Map() };
  let stopped = false;
  let counter = 0;
  let failures = 0;
  const writer = async () => {
    while (!stopped) {
      counter += 1;
      const name = `crash-${counter}`;
      const kind = counter % 3 === 0 ? 'collections' : 'tags';
      try {
        const res = await httpRequest(server, {
          method: 'POST',
          path: `/api/v1/${kind}`,
          token,
          json: { name },
        });
        if (res.status >= 200 && res.status < 300) acknowledged[kind].add(name);
        else if (!stopped) failures += 1;
      } catch {
        // The process died under this request: it was never acknowledged.
      }
    }
  };
  const uploader = async () => {
    while (!stopped) {
      const bytes = crypto.randomBytes(2048 + Math.floor(Math.random() * 60_000));
      const { body, contentType } = await multipartBody([{ bytes, fileName: `crash-${counter}.bin` }]);
      try {
        const res = await httpRequest(server, {
          method: 'POST',
          path: '/api/v1/media/upload',
          token: uploaderToken,
          body,
          headers: { 'content-type': contentType },
        });
        if (res.status === 200) {
          const [item] = JSON.parse(res.body) as Array<{ id: string }>;
          if (item)
            acknowledged.uploads.set(item.id, crypto.createHash('sha256').update(bytes).digest('hex'));
        } else if (!stopped) failures += 1;
      } catch {
        // Killed mid-upload: never acknowledged.
      }
    }
  };
  const running = Promise.all([...Array.from({ length: WRITERS }, writer), uploader(), uploader()]);
  return {
    acknowledged,
    failures: () => failures,
    async stop() {
      stopped = true;
      await running;
    },
  };
}

async function listNames(
  server: ServerHandle,
  token: string,
  kind: 'tags' | 'collections',
): Promise<Set<string>> {
  const names = new Set<string>();
  for (let offset = 0; ; offset += 200) {
    const res = await httpRequest(server, {
      method: 'GET',
      path: `/api/v1/${kind}?limit=200&offset=${offset}`,
      token,
    });
    assert.equal(res.status, 200, res.body);
    const page = JSON.parse(res.body) as Array<{ name: string }>;
    for (const item of page) names.add(item.name);
    if (page.length < 200) return names;
  }
}

for (const dialect of DIALECTS) {
  describe(`kill -9 under write load on ${dialect}`, () => {
    let home: ServerHome;
    /** Content files no row refers to after the restart (found by the crash test below). */
    let orphanFiles: string[] | undefined;
    before(() => {
      home = new ServerHome(dialect);
    });
    after(() => home.cleanup());

    it('keeps every acknowledged write and a sound database', async () => {
      const server = await home.start();
      const token = await loginAsAdmin(server);
      const uploaderToken = await editorToken(server, token);
      const load = writeLoad(server, token, uploaderToken);
      // Let a good number of writes through, then pull the plug mid-stream.
      const deadline = Date.now() + 20_000;
      while (
        load.acknowledged.tags.size + load.acknowledged.collections.size < 150 &&
        Date.now() < deadline
      ) {
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
        // Every acknowledged upload is there with its exact bytes.
        const editor = await httpRequest(again, {
          method: 'POST',
          path: '/api/v1/auth/login',
          json: { username: 'crash-editor', password: 'crash-editor-password' },
        });
        const editorAgain = (JSON.parse(editor.body) as { access_token: string }).access_token;
        assert.ok(load.acknowledged.uploads.size > 0, 'some uploads were acknowledged');
        for (const [id, hash] of load.acknowledged.uploads) {
          const res = await httpRequest(again, {
            method: 'GET',
            path: `/api/v1/media/${id}`,
            token: editorAgain,
          });
          assert.equal(res.status, 200, `acknowledged upload ${id} lost`);
          assert.equal((JSON.parse(res.body) as { content_hash: string }).content_hash, hash);
        }
        // No orphan: every stored file has a row, every row has its file.
        const listed = new Map<string, string>();
        for (let offset = 0; ; offset += 200) {
          const page = await httpRequest(again, {
            method: 'GET',
            path: `/api/v1/media?limit=200&offset=${offset}`,
            token: editorAgain,
          });
          const items = JSON.parse(page.body) as Array<{ id: string; content_hash: string }>;
          for (const item of items) listed.set(item.id, item.content_hash);
          if (items.length < 200) break;
        }
        const hashes = new Set(listed.values());
        const stored = filesUnder(path.join(home.dataDir, 'media')).map((file) => path.basename(file));
        for (const hash of hashes) assert.ok(stored.includes(hash), `row without its file (${hash})`);
        orphanFiles = stored.filter((file) => !hashes.has(file));

        // The restarted server takes writes again.
        const more = await httpRequest(again, {
          method: 'POST',
          path: '/api/v1/tags',
          token: adminToken,
          json: { name: 'after-crash' },
        });
        assert.ok(more.status >= 200 && more.status < 300, more.body);
      } finally {
        again.child.kill('SIGTERM');
        assert.equal(await again.exited, 0);
      }
    });

    it('leaves no content file without its row after the crash', () => {
      assert.ok(orphanFiles !== undefined, 'the crash test ran');
      assert.deepEqual(orphanFiles, []);
    });
  });
}
