import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/dialects.js';
import { fixture, multipartBody } from '../helpers/media.js';
import {
  ADMIN_PASSWORD,
  ADMIN_USERNAME,
  httpRequest,
  loginAsAdmin,
  ServerHome,
  type HttpResult,
  type ServerHandle,
} from '../helpers/server-process.js';

/*
 * A real `pinakes serve` process: SIGTERM while a burst of requests is in flight. Every
 * request that reached the server gets a whole HTTP response (served, or 503 once closing
 * began), every write that answered 2xx survives a restart, and the process exits 0.
 */
const IN_FLIGHT = 60;
const LINK_OPENS = 40;

/** An editor with a photo and a public link to it, made through the API. */
async function sharedPhoto(server: Pick<ServerHandle, 'port'>, adminToken: string) {
  const credentials = { username: 'drain-editor', password: 'drain-editor-password' };
  await httpRequest(server, {
    method: 'POST',
    path: '/api/v1/users',
    token: adminToken,
    json: { ...credentials, role: 'editor' },
  });
  const login = await httpRequest(server, { method: 'POST', path: '/api/v1/auth/login', json: credentials });
  const token = (JSON.parse(login.body) as { access_token: string }).access_token;
  const { body, contentType } = await multipartBody([{ bytes: fixture('photo.jpg'), fileName: 'photo.jpg' }]);
  const upload = await httpRequest(server, {
    method: 'POST',
    path: '/api/v1/media/upload',
    token,
    body,
    headers: { 'content-type': contentType },
  });
  assert.equal(upload.status, 200, upload.body);
  const [photo] = JSON.parse(upload.body) as Array<{ id: string }>;
  const share = await httpRequest(server, {
    method: 'POST',
    path: '/api/v1/shares',
    token,
    json: { target_type: 'media', target_id: photo!.id, recipient_type: 'public_link' },
  });
  assert.equal(share.status, 200, share.body);
  const { id, public_token } = JSON.parse(share.body) as { id: string; public_token: string };
  return { credentials, shareId: id, linkToken: public_token };
}

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
      const link = await sharedPhoto(server, token);

      let sent = 0;
      let allSent!: () => void;
      const everySent = new Promise<void>((resolve) => (allSent = resolve));
      const onSent = () => {
        sent += 1;
        if (sent === IN_FLIGHT * 2 + LINK_OPENS) allSent();
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
        httpRequest(server, {
          method: 'POST',
          path: '/api/v1/tags',
          token,
          json: { name: `drain-${i}` },
          onSent,
        }),
      );
      // Link opens: each one counted and logged write-behind; the log must be flushed on the way out.
      const opens = Array.from({ length: LINK_OPENS }, () =>
        httpRequest(server, { method: 'GET', path: `/api/v1/shared/${link.linkToken}`, onSent }),
      );
      await everySent;
      server.child.kill('SIGTERM');

      const settled = await Promise.allSettled([...logins, ...writes, ...opens]);
      const failures = settled.filter((result) => result.status === 'rejected');
      assert.equal(
        failures.length,
        0,
        `connections broken: ${failures.map((f) => String(f.reason)).join(', ')}`,
      );
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
        .slice(IN_FLIGHT, IN_FLIGHT * 2)
        .filter((result) => result.status < 300)
        .map((result) => (JSON.parse(result.body) as { name: string }).name);
      const linkOpened = results.slice(IN_FLIGHT * 2).filter((result) => result.status === 200).length;
      const again = await home.start();
      try {
        const adminToken = await loginAsAdmin(again);
        const list = await httpRequest(again, {
          method: 'GET',
          path: '/api/v1/tags?limit=200',
          token: adminToken,
        });
        assert.equal(list.status, 200);
        const names = new Set((JSON.parse(list.body) as Array<{ name: string }>).map((tag) => tag.name));
        for (const name of acknowledged) assert.ok(names.has(name), `acknowledged tag ${name} is gone`);

        // Every served link open was counted, and its buffered log entry was written at shutdown.
        const editor = await httpRequest(again, {
          method: 'POST',
          path: '/api/v1/auth/login',
          json: link.credentials,
        });
        const editorToken = (JSON.parse(editor.body) as { access_token: string }).access_token;
        const share = await httpRequest(again, {
          method: 'GET',
          path: `/api/v1/shares/${link.shareId}`,
          token: editorToken,
        });
        assert.equal((JSON.parse(share.body) as { access_count: number }).access_count, linkOpened);
        const activity = await httpRequest(again, {
          method: 'GET',
          path: `/api/v1/shares/${link.shareId}/activity?limit=200`,
          token: editorToken,
        });
        assert.equal(activity.status, 200, activity.body);
        const accessed = (JSON.parse(activity.body) as Array<{ action: string }>).filter(
          (entry) => entry.action === 'accessed',
        );
        assert.equal(accessed.length, linkOpened, 'no buffered access entry was lost at shutdown');
      } finally {
        again.child.kill('SIGTERM');
        assert.equal(await again.exited, 0);
      }
    });
  });
}
