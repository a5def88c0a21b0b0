import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import { isCleanErrorBody } from '../helpers/security.js';

/*
 * Errors (ASVS 16.5.1-16.5.3): every failure, including the ones the router and the body
 * parsers raise before any route runs, is the contract's JSON error with the usual security
 * headers, echoes no request at length, and never reveals internals.
 */
for (const dialect of DIALECTS) {
  describe(`errors on ${dialect}`, () => {
    let t: TestApp;
    let user: TestUser;
    before(async () => {
      t = await startTestApp(dialect);
      user = await buildUser(t);
    });
    after(() => t.close());

    const cases: Array<{
      what: string;
      status: number;
      method?: 'GET' | 'POST' | 'PATCH';
      url: string;
      headers?: Record<string, string>;
      payload?: string | Buffer;
    }> = [
      { what: 'a path segment longer than any id', status: 404, url: `/api/v1/media/${'x'.repeat(500)}` },
      { what: 'a broken percent-encoding', status: 404, url: '/api/v1/media/%E0%A4%A' },
      { what: 'an invalid percent-encoding', status: 404, url: '/api/v1/shares/%zz' },
      { what: 'an invalid UUID', status: 404, url: '/api/v1/media/not-a-uuid' },
      {
        what: 'an unknown route, echoed at most briefly',
        status: 404,
        url: `/api/v1/${'nothing/'.repeat(300)}`,
      },
      {
        what: 'malformed JSON',
        status: 400,
        method: 'POST',
        url: '/api/v1/tags',
        headers: { 'content-type': 'application/json' },
        payload: '{"name": ',
      },
      {
        what: 'deeply nested JSON',
        status: 400,
        method: 'POST',
        url: '/api/v1/tags',
        headers: { 'content-type': 'application/json' },
        payload: `${'['.repeat(5000)}${']'.repeat(5000)}`,
      },
      {
        what: 'a body over the limit',
        status: 413,
        method: 'POST',
        url: '/api/v1/tags',
        headers: { 'content-type': 'application/json' },
        payload: `{"name":"${'a'.repeat(2 * 1024 * 1024)}"}`,
      },
      {
        what: 'an unsupported content type',
        status: 415,
        method: 'POST',
        url: '/api/v1/tags',
        headers: { 'content-type': 'application/xml' },
        payload: '<tag/>',
      },
      {
        what: 'a prototype-polluting body',
        status: 400,
        method: 'POST',
        url: '/api/v1/tags',
        headers: { 'content-type': 'application/json' },
        payload: '{"name":"x","__proto__":{"admin":true}}',
      },
    ];

    for (const { what, status, method = 'GET', url, headers = {}, payload } of cases) {
      it(`answers ${what} with a clean ${status}`, async () => {
        const res = await t.request({
          method,
          url,
          token: user.token,
          headers,
          ...(payload !== undefined ? { payload } : {}),
        });
        assert.equal(res.statusCode, status, `${res.statusCode} ${res.body.slice(0, 200)}`);
        assert.ok(isCleanErrorBody(res), res.body.slice(0, 300));
        assert.ok(
          res.body.length < 600,
          `the answer echoes the request at length (${res.body.length} bytes)`,
        );
        assert.equal(res.headers['x-content-type-options'], 'nosniff');
        assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/);
        assert.match(String(res.headers['cache-control']), /no-store/);
      });
    }

    it('keeps the server usable after all of them', async () => {
      assert.equal(
        (await t.request({ method: 'GET', url: '/api/v1/auth/me', token: user.token })).statusCode,
        200,
      );
      assert.equal(({} as Record<string, unknown>).admin, undefined, 'no prototype was polluted');
    });
  });
}
