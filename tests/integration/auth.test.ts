import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser } from '../helpers/factories.js';

for (const dialect of DIALECTS) {
  describe(`auth on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
    });
    after(() => t.close());

    it('reports health without auth, under both prefixes', async () => {
      for (const prefix of ['/api/v1', '/api']) {
        const res = await t.request({ method: 'GET', url: `${prefix}/health` });
        assert.equal(res.statusCode, 200);
        assert.equal(res.json().status, 'ok');
        assert.equal(res.json().database, dialect);
      }
    });

    it('logs in with the right password and refuses the wrong one', async () => {
      const user = await buildUser(t);
      const ok = await t.request({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: user.username, password: user.password },
      });
      assert.equal(ok.statusCode, 200);
      const body = ok.json();
      assert.equal(body.token_type, 'Bearer');
      assert.deepEqual(body.user, { id: user.id, username: user.username, role: 'editor' });
      assert.equal(JSON.stringify(body).includes('password'), false);

      const bad = await t.request({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: user.username, password: 'wrong-password' },
      });
      assert.equal(bad.statusCode, 401);
      assert.equal(bad.json().error, 'unauthorized');
    });

    it('rejects unknown fields, wrong types and malformed JSON with 400', async () => {
      const unknown = await t.request({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'a', password: 'b', admin: true },
      });
      assert.equal(unknown.statusCode, 400);
      assert.equal(unknown.json().error, 'bad_request');
      assert.deepEqual(unknown.json().details[0].field, 'admin');

      const wrongType = await t.request({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 5, password: 'b' },
      });
      assert.equal(wrongType.statusCode, 400);

      const malformed = await t.request({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: '{"username": ',
      });
      assert.equal(malformed.statusCode, 400);
      assert.equal(malformed.json().error, 'bad_request');
    });

    it('requires authentication for /auth/me', async () => {
      const anonymous = await t.request({ method: 'GET', url: '/api/v1/auth/me' });
      assert.equal(anonymous.statusCode, 401);
      const user = await buildUser(t);
      const me = await t.request({ method: 'GET', url: '/api/v1/auth/me', token: user.token });
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().id, user.id);
    });

    it('rotates refresh tokens and revokes the family when a spent one is reused', async () => {
      const user = await buildUser(t);
      const first = await t.request({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        payload: { refresh_token: user.refreshToken },
      });
      assert.equal(first.statusCode, 200);
      const rotated = first.json();
      assert.notEqual(rotated.refresh_token, user.refreshToken);

      const reuse = await t.request({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        payload: { refresh_token: user.refreshToken },
      });
      assert.equal(reuse.statusCode, 401);
      // The whole family is dead: the newest refresh token and the access tokens too.
      const after = await t.request({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        payload: { refresh_token: rotated.refresh_token },
      });
      assert.equal(after.statusCode, 401);
      const me = await t.request({ method: 'GET', url: '/api/v1/auth/me', token: rotated.access_token });
      assert.equal(me.statusCode, 401);
    });

    it('logout ends the session', async () => {
      const user = await buildUser(t);
      const out = await t.request({ method: 'POST', url: '/api/v1/auth/logout', token: user.token });
      assert.equal(out.statusCode, 204);
      const me = await t.request({ method: 'GET', url: '/api/v1/auth/me', token: user.token });
      assert.equal(me.statusCode, 401);
    });

    it('answers unknown routes with a JSON 404', async () => {
      const res = await t.request({ method: 'GET', url: '/api/v1/nothing-here' });
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().error, 'not_found');
    });
  });
}
