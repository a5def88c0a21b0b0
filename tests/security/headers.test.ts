import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { HSTS_VALUE } from '../../src/plugins/security-headers.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser } from '../helpers/factories.js';

/*
 * ASVS 3.4.1 (HSTS), 3.4.3 (CSP, frame-ancestors), 3.4.4 (nosniff), 3.4.5 (Referrer-Policy),
 * 3.4.2 (CORS allow-list, never a wildcard with credentials), 16.2.5 (no sensitive data in
 * error responses). The headers come from helmet and @fastify/cors, configured in
 * src/plugins/security-headers.ts and src/plugins/cors.ts.
 */
const TRUSTED_PROXY = '10.0.0.1';
const ALLOWED_ORIGIN = 'https://app.example.org';

function assertBaseline(headers: Record<string, string | string[] | number | undefined>, what: string) {
  const csp = String(headers['content-security-policy'] ?? '');
  assert.match(csp, /frame-ancestors 'none'/, `${what}: CSP forbids framing`);
  assert.match(csp, /object-src 'none'/, `${what}: CSP forbids plugins`);
  assert.match(csp, /default-src 'self'/, `${what}: CSP default-src`);
  assert.doesNotMatch(csp, /upgrade-insecure-requests/, `${what}: no forced upgrade on a LAN`);
  assert.equal(headers['x-content-type-options'], 'nosniff', `${what}: nosniff`);
  assert.equal(headers['referrer-policy'], 'no-referrer', `${what}: no referrer`);
  assert.equal(headers['x-frame-options'], 'DENY', `${what}: legacy framing header`);
  assert.equal(headers['access-control-allow-origin'], undefined, `${what}: no CORS by default`);
  assert.equal(headers['x-powered-by'], undefined, `${what}: no server fingerprint`);
}

for (const dialect of DIALECTS) {
  describe(`security headers on ${dialect}`, () => {
    let t: TestApp;
    let proxied: TestApp;
    let withCors: TestApp;

    before(async () => {
      t = await startTestApp(dialect);
      proxied = await startTestApp(dialect, { trustedProxies: [TRUSTED_PROXY] });
      withCors = await startTestApp(dialect, { corsOrigins: [ALLOWED_ORIGIN] });
    });
    after(async () => {
      await t.close();
      await proxied.close();
      await withCors.close();
    });

    it('sends CSP, nosniff and no-referrer on successes, errors, 404s and the API document', async () => {
      const user = await buildUser(t);
      const responses = {
        health: await t.request({ method: 'GET', url: '/api/v1/health' }),
        me: await t.request({ method: 'GET', url: '/api/v1/auth/me', token: user.token }),
        unauthorized: await t.request({ method: 'GET', url: '/api/v1/auth/me' }),
        badRequest: await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { x: 1 } }),
        unknownRoute: await t.request({ method: 'GET', url: '/api/v1/nothing-here' }),
        openapi: await t.request({ method: 'GET', url: '/api/v1/openapi.json' }),
        alias: await t.request({ method: 'GET', url: '/api/health' }),
        deadLink: await t.request({ method: 'GET', url: '/api/v1/shared/no-such-link-token' }),
      };
      for (const [what, res] of Object.entries(responses)) {
        assert.ok(res.statusCode < 500, `${what}: ${res.statusCode}`);
        assertBaseline(res.headers, what);
      }
    });

    it('sends HSTS only over HTTPS, believing X-Forwarded-Proto only from a trusted proxy', async () => {
      const plain = await t.request({ method: 'GET', url: '/api/v1/health' });
      assert.equal(plain.headers['strict-transport-security'], undefined, 'plain HTTP: no HSTS');

      const spoofed = await t.request({
        method: 'GET',
        url: '/api/v1/health',
        headers: { 'x-forwarded-proto': 'https' },
      });
      assert.equal(
        spoofed.headers['strict-transport-security'],
        undefined,
        'untrusted X-Forwarded-Proto is ignored',
      );

      const viaProxy = await proxied.app.inject({
        method: 'GET',
        url: '/api/v1/health',
        remoteAddress: TRUSTED_PROXY,
        headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' },
      });
      assert.equal(viaProxy.headers['strict-transport-security'], HSTS_VALUE, 'HTTPS at the proxy: HSTS');
      assert.match(HSTS_VALUE, /max-age=(\d{8,})/, 'at least a year');

      const proxyOverHttp = await proxied.app.inject({
        method: 'GET',
        url: '/api/v1/health',
        remoteAddress: TRUSTED_PROXY,
        headers: { 'x-forwarded-proto': 'http' },
      });
      assert.equal(
        proxyOverHttp.headers['strict-transport-security'],
        undefined,
        'HTTP at the proxy: no HSTS',
      );

      const strangerToProxiedApp = await proxied.app.inject({
        method: 'GET',
        url: '/api/v1/health',
        remoteAddress: '198.51.100.7',
        headers: { 'x-forwarded-proto': 'https' },
      });
      assert.equal(
        strangerToProxiedApp.headers['strict-transport-security'],
        undefined,
        'a client that is not the proxy cannot claim HTTPS',
      );
    });

    it('sends no CORS headers at all when no origin is configured', async () => {
      const simple = await t.request({
        method: 'GET',
        url: '/api/v1/health',
        headers: { origin: 'https://evil.example' },
      });
      assert.equal(simple.statusCode, 200);
      assert.equal(simple.headers['access-control-allow-origin'], undefined);
      assert.equal(simple.headers['access-control-allow-credentials'], undefined);
      const preflight = await t.request({
        method: 'OPTIONS',
        url: '/api/v1/auth/me',
        headers: {
          origin: 'https://evil.example',
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
      assert.ok(preflight.statusCode >= 400, `preflight refused (${preflight.statusCode})`);
      assert.equal(preflight.headers['access-control-allow-origin'], undefined);
    });

    it('allows only the configured origins, exactly, and never with credentials or a wildcard', async () => {
      const allowed = await withCors.request({
        method: 'GET',
        url: '/api/v1/health',
        headers: { origin: ALLOWED_ORIGIN },
      });
      assert.equal(allowed.headers['access-control-allow-origin'], ALLOWED_ORIGIN);
      assert.equal(allowed.headers['access-control-allow-credentials'], undefined);
      assert.match(String(allowed.headers.vary), /origin/i, 'caches keep origins apart');
      assert.match(String(allowed.headers['access-control-expose-headers']), /x-total-count/);
      assert.match(String(allowed.headers['access-control-expose-headers']), /x-next-cursor/);

      const preflight = await withCors.request({
        method: 'OPTIONS',
        url: '/api/v1/auth/me',
        headers: {
          origin: ALLOWED_ORIGIN,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
      assert.equal(preflight.statusCode, 204, 'a preflight needs no credentials');
      assert.equal(preflight.headers['access-control-allow-origin'], ALLOWED_ORIGIN);
      assert.match(String(preflight.headers['access-control-allow-headers']), /authorization/);

      for (const origin of [
        'https://evil.example',
        'https://app.example.org.evil.example',
        'http://app.example.org',
        'https://app.example.org:8443',
        'null',
      ]) {
        const res = await withCors.request({ method: 'GET', url: '/api/v1/health', headers: { origin } });
        assert.equal(res.headers['access-control-allow-origin'], undefined, `origin ${origin} refused`);
        assert.equal(res.headers['access-control-allow-credentials'], undefined);
        const refusedPreflight = await withCors.request({
          method: 'OPTIONS',
          url: '/api/v1/auth/me',
          headers: { origin, 'access-control-request-method': 'DELETE' },
        });
        assert.equal(
          refusedPreflight.headers['access-control-allow-origin'],
          undefined,
          `preflight ${origin}`,
        );
      }
    });

    it('refuses a wildcard or malformed CORS origin at start-up', () => {
      for (const value of [
        '*',
        'https://*.example.org',
        'app.example.org',
        'https://a.example/path',
        'ftp://x.y',
      ]) {
        assert.throws(() => loadConfig({ PINAKES_CORS_ORIGINS: value }), /PINAKES_CORS_ORIGINS/, value);
      }
      assert.deepEqual(
        loadConfig({ PINAKES_CORS_ORIGINS: 'https://a.example, http://b.example:8080/' }).corsOrigins,
        ['https://a.example', 'http://b.example:8080'],
      );
      assert.deepEqual(loadConfig({}).corsOrigins, []);
    });
  });
}
