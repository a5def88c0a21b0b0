import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { redactUrl } from '../../src/plugins/logging.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser } from '../helpers/factories.js';
import type { TestRequest } from '../helpers/app.js';
import { startInstrumentedApp, type InstrumentedTestApp } from '../helpers/security.js';

/*
 * ASVS 16.2.5 / 14.3.x: no secret reaches the logs. Request log lines keep the method, the path
 * and the client address; secret query parameters are replaced, link tokens in paths are cut
 * to a prefix, and bodies and headers are not logged at all.
 */
const LINK_TOKEN = 'Lk3yZ9qP2wX8vB4nM7cR1tY6uI0oA5sD-_fGhJkLzXc';
const PASSWORD = 'correct-horse-battery-staple';
const ACCESS_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJsaW5rIjoiYWNjZXNzIn0.c2lnbmF0dXJlLW9mLWxpbms';
const SHARE_PASSWORD_HEADER = 'header-password-9f8e7d';
const MEDIA_ID = '01900000-0000-7000-8000-000000000001';

for (const dialect of DIALECTS) {
  describe(`log redaction on ${dialect}`, () => {
    let t: InstrumentedTestApp;
    before(async () => {
      t = await startInstrumentedApp(dialect, {
        extraRoutes: (app) => {
          app.get('/api/v1/test-failure', { config: { auth: 'public' } }, async () => {
            throw new Error('the database said no');
          });
        },
      });
    });
    after(() => t.close());

    it('logs requests (the capture works) without their secrets', async () => {
      const user = await buildUser(t);
      const requests: TestRequest[] = [
        { method: 'GET', url: `/api/v1/shared/${LINK_TOKEN}?password=${PASSWORD}` },
        { method: 'GET', url: `/api/shared/${LINK_TOKEN}?offset=0&access_token=${ACCESS_TOKEN}` },
        {
          method: 'GET',
          url: `/api/v1/shared/${LINK_TOKEN}/media/${MEDIA_ID}/stream?access_token=${ACCESS_TOKEN}`,
        },
        {
          method: 'GET',
          url: `/api/v1/shared/${LINK_TOKEN}/media/${MEDIA_ID}/download`,
          headers: { 'x-share-password': SHARE_PASSWORD_HEADER, 'x-share-access': ACCESS_TOKEN },
        },
        { method: 'GET', url: `/s/${LINK_TOKEN}` },
        // Encoded names and repeated parameters are what the query parser sees too.
        { method: 'GET', url: `/api/v1/shared/${LINK_TOKEN}?pass%77ord=${PASSWORD}&password=${PASSWORD}` },
        { method: 'GET', url: `/api/v1/auth/me`, headers: { authorization: `Bearer ${user.token}` } },
        { method: 'GET', url: `/api/v1/auth/me?token=${user.token}`, headers: { cookie: `sid=${PASSWORD}` } },
        { method: 'GET', url: `/api/v1/test-failure?password=${PASSWORD}` },
        { method: 'GET', url: `/api/v1/nowhere?refresh_token=${user.refreshToken}` },
      ];
      for (const request of requests) await t.request(request);
      await t.request({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: user.username, password: PASSWORD },
      });
      await t.request({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: user.username, password: user.password },
      });
      await t.request({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        payload: { refresh_token: user.refreshToken },
      });

      const logs = t.logs.text();
      assert.ok(logs.includes('incoming request'), 'request logging is on');
      assert.ok(logs.includes('/api/v1/shared/Lk3yZ9'), 'link paths are logged by their prefix');
      assert.ok(logs.includes('the database said no'), 'a 500 is logged with its cause');
      for (const secret of [
        LINK_TOKEN,
        LINK_TOKEN.slice(6),
        PASSWORD,
        ACCESS_TOKEN,
        SHARE_PASSWORD_HEADER,
        user.token,
        user.token.split('.')[2]!,
        user.refreshToken,
        user.password,
      ]) {
        assert.equal(logs.includes(secret), false, `the logs contain a secret: ${secret.slice(0, 12)}…`);
      }
    });

    it('never sends the cause of a 500 to the client', async () => {
      const res = await t.request({ method: 'GET', url: '/api/v1/test-failure' });
      assert.equal(res.statusCode, 500);
      assert.deepEqual(res.json(), { error: 'internal_error', message: 'Something went wrong on our side.' });
    });
  });
}

describe('redactUrl', () => {
  it('replaces every secret parameter and cuts link tokens to six characters', () => {
    assert.equal(
      redactUrl(`/api/v1/shared/${LINK_TOKEN}/media/x/stream?access_token=abc&offset=2`),
      '/api/v1/shared/Lk3yZ9…/media/x/stream?access_token=%5Bredacted%5D&offset=2',
    );
    assert.equal(redactUrl(`/s/${LINK_TOKEN}`), '/s/Lk3yZ9…');
    assert.equal(redactUrl('/api/v1/shares/abc?limit=5'), '/api/v1/shares/abc?limit=5');
    for (const name of ['password', 'access_token', 'token', 'refresh_token', 'pass%77ord']) {
      assert.doesNotMatch(redactUrl(`/x?${name}=s3cr3t&${name}=again`), /s3cr3t|again/, name);
    }
  });
});
