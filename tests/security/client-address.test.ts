import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomToken } from '../../src/lib/secrets.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import { createLink, openLink, uploadLibrary } from '../helpers/security-links.js';

/*
 * Throttles keyed on the real client (ASVS 6.3.1 brute force, 11.5.x): X-Forwarded-For is
 * believed only from PINAKES_TRUSTED_PROXIES, and then only up to the first untrusted hop;
 * IPv6 clients are bucketed by /64; a stranger failing a link's password is locked out of
 * that link alone, never the link's other visitors.
 */
const PROXY = '10.0.0.1';
const PASSWORD = 'throttle-link-password';
const PASSWORD_FAILURES_ALLOWED = 5;
const UNKNOWN_LINKS_ALLOWED = 30;
const LOGIN_FAILURES_PER_ADDRESS = 50;

for (const dialect of DIALECTS) {
  describe(`throttles keyed on the real client on ${dialect}`, () => {
    let direct: TestApp;
    let proxied: TestApp;
    let owner: TestUser;
    let proxiedOwner: TestUser;
    let photoId: string;
    let proxiedPhotoId: string;

    before(async () => {
      direct = await startTestApp(dialect);
      proxied = await startTestApp(dialect, { trustedProxies: [PROXY] });
      owner = await buildUser(direct);
      proxiedOwner = await buildUser(proxied);
      photoId = (await uploadLibrary(direct, owner)).photo.id;
      proxiedPhotoId = (await uploadLibrary(proxied, proxiedOwner)).photo.id;
    });
    after(async () => {
      await direct.close();
      await proxied.close();
    });

    /** Fails a link's password `count` times, each from the address `from(i)` gives. */
    async function failPasswords(
      t: TestApp,
      token: string,
      count: number,
      from: (i: number) => { remoteAddress: string; headers?: Record<string, string> },
    ) {
      for (let i = 0; i < count; i += 1) {
        const res = await openLink(t, token, { password: `wrong-${i}`, ...from(i) });
        assert.equal(res.statusCode, 401, `failure ${i + 1}: ${res.statusCode} ${res.body}`);
      }
    }

    it('locks out the address that guesses, not the link: others still get in', async () => {
      const link = await createLink(direct, owner, photoId, { password: PASSWORD });
      await failPasswords(direct, link.public_token, PASSWORD_FAILURES_ALLOWED, () => ({
        remoteAddress: '203.0.113.20',
      }));
      const locked = await openLink(direct, link.public_token, {
        password: PASSWORD,
        remoteAddress: '203.0.113.20',
      });
      assert.equal(locked.statusCode, 429, 'even the right password waits');
      assert.equal(locked.json().error, 'rate_limited');
      assert.ok(Number(locked.headers['retry-after']) > 0);
      const someoneElse = await openLink(direct, link.public_token, {
        password: PASSWORD,
        remoteAddress: '203.0.113.21',
      });
      assert.equal(someoneElse.statusCode, 200, 'the link works for everyone else');
      const otherLink = await createLink(direct, owner, photoId, { password: PASSWORD });
      assert.equal(
        (
          await openLink(direct, otherLink.public_token, {
            password: PASSWORD,
            remoteAddress: '203.0.113.20',
          })
        ).statusCode,
        200,
        'other links are not locked',
      );
    });

    it('ignores X-Forwarded-For from a client that is not a trusted proxy', async () => {
      const link = await createLink(direct, owner, photoId, { password: PASSWORD });
      await failPasswords(direct, link.public_token, PASSWORD_FAILURES_ALLOWED, (i) => ({
        remoteAddress: '203.0.113.30',
        headers: { 'x-forwarded-for': `192.0.2.${i + 1}` },
      }));
      const rotated = await openLink(direct, link.public_token, {
        password: 'wrong-again',
        remoteAddress: '203.0.113.30',
        headers: { 'x-forwarded-for': '192.0.2.200' },
      });
      assert.equal(rotated.statusCode, 429, 'a forged X-Forwarded-For does not make a new client');
    });

    it('believes a trusted proxy, up to the first hop it did not add', async () => {
      const link = await createLink(proxied, proxiedOwner, proxiedPhotoId, { password: PASSWORD });
      // The attacker behind the proxy rotates a forged first hop; the proxy appends the real address.
      await failPasswords(proxied, link.public_token, PASSWORD_FAILURES_ALLOWED, (i) => ({
        remoteAddress: PROXY,
        headers: { 'x-forwarded-for': `192.0.2.${i + 1}, 203.0.113.40` },
      }));
      const attacker = await openLink(proxied, link.public_token, {
        password: PASSWORD,
        remoteAddress: PROXY,
        headers: { 'x-forwarded-for': '192.0.2.99, 203.0.113.40' },
      });
      assert.equal(attacker.statusCode, 429);
      const neighbour = await openLink(proxied, link.public_token, {
        password: PASSWORD,
        remoteAddress: PROXY,
        headers: { 'x-forwarded-for': '203.0.113.41' },
      });
      assert.equal(neighbour.statusCode, 200, 'another client behind the same proxy gets in');
      // Straight to the app (not through the proxy): the header is not believed.
      const bypass = await openLink(proxied, link.public_token, {
        password: PASSWORD,
        remoteAddress: '203.0.113.40',
        headers: { 'x-forwarded-for': '203.0.113.99' },
      });
      assert.equal(bypass.statusCode, 429, 'the real address is still the locked one');
    });

    it('buckets IPv6 clients by /64 and IPv4-mapped addresses as IPv4', async () => {
      const link = await createLink(proxied, proxiedOwner, proxiedPhotoId, { password: PASSWORD });
      await failPasswords(proxied, link.public_token, PASSWORD_FAILURES_ALLOWED, (i) => ({
        remoteAddress: PROXY,
        headers: { 'x-forwarded-for': `2001:db8:1:2::${(i + 1).toString(16)}` },
      }));
      for (const sameNetwork of [
        '2001:db8:1:2:ffff:ffff:ffff:ffff',
        '2001:0db8:0001:0002:0000:0000:0000:00aa',
      ]) {
        const res = await openLink(proxied, link.public_token, {
          password: PASSWORD,
          remoteAddress: PROXY,
          headers: { 'x-forwarded-for': sameNetwork },
        });
        assert.equal(res.statusCode, 429, `${sameNetwork} is in the locked /64`);
      }
      const nextNetwork = await openLink(proxied, link.public_token, {
        password: PASSWORD,
        remoteAddress: PROXY,
        headers: { 'x-forwarded-for': '2001:db8:1:3::1' },
      });
      assert.equal(nextNetwork.statusCode, 200, 'the next /64 is someone else');

      const v4 = await createLink(direct, owner, photoId, { password: PASSWORD });
      await failPasswords(direct, v4.public_token, PASSWORD_FAILURES_ALLOWED, () => ({
        remoteAddress: '::ffff:203.0.113.50',
      }));
      const plain = await openLink(direct, v4.public_token, {
        password: PASSWORD,
        remoteAddress: '203.0.113.50',
      });
      assert.equal(plain.statusCode, 429, 'an IPv4-mapped address is its IPv4 address');
    });

    it('throttles repeated unknown-token lookups per client, and only that client', async () => {
      const probe = (remoteAddress: string, headers: Record<string, string> = {}) =>
        openLink(direct, randomToken(32), { remoteAddress, headers });
      for (let i = 0; i < UNKNOWN_LINKS_ALLOWED; i += 1) {
        const res = await probe('203.0.113.60', { 'x-forwarded-for': `192.0.2.${i}` });
        assert.equal(res.statusCode, 404);
      }
      const throttled = await probe('203.0.113.60');
      assert.equal(throttled.statusCode, 429);
      assert.ok(Number(throttled.headers['retry-after']) > 0);
      const live = await createLink(direct, owner, photoId);
      assert.equal(
        (await openLink(direct, live.public_token, { remoteAddress: '203.0.113.60' })).statusCode,
        429,
        'the guessing address waits for real links too',
      );
      assert.equal((await probe('203.0.113.61')).statusCode, 404, 'other clients are not affected');
      assert.equal(
        (await openLink(direct, live.public_token, { remoteAddress: '203.0.113.61' })).statusCode,
        200,
      );
      // The link page is no way around the throttle.
      const page = await direct.app.inject({
        method: 'GET',
        url: `/s/${live.public_token}`,
        remoteAddress: '203.0.113.60',
        headers: { accept: 'text/html' },
      });
      assert.notEqual(page.statusCode, 200, 'the page does not confirm links to a throttled address');
    });

    it('ignores a forged X-Forwarded-For on sign-in too', async () => {
      const victim = await buildUser(direct);
      for (let i = 0; i < LOGIN_FAILURES_PER_ADDRESS; i += 1) {
        const res = await direct.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          remoteAddress: '203.0.113.70',
          headers: { 'x-forwarded-for': `192.0.2.${i % 250}` },
          payload: { username: `nobody-${i}`, password: 'wrong-password' },
        });
        assert.equal(res.statusCode, 401);
      }
      const blocked = await direct.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: '203.0.113.70',
        headers: { 'x-forwarded-for': '192.0.2.251' },
        payload: { username: victim.username, password: victim.password },
      });
      assert.equal(blocked.statusCode, 429);
      const elsewhere = await direct.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: '203.0.113.71',
        payload: { username: victim.username, password: victim.password },
      });
      assert.equal(elsewhere.statusCode, 200, 'the victim signs in from anywhere else');
    });

    it('buckets IPv6 sign-in failures by /64', async () => {
      for (let i = 0; i < LOGIN_FAILURES_PER_ADDRESS; i += 1) {
        await proxied.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          remoteAddress: PROXY,
          headers: { 'x-forwarded-for': `2001:db8:9:9::${(i + 1).toString(16)}` },
          payload: { username: `spray-${i}`, password: 'wrong-password' },
        });
      }
      const next = await proxied.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: PROXY,
        headers: { 'x-forwarded-for': '2001:db8:9:9::ffff' },
        payload: { username: 'spray-next', password: 'wrong-password' },
      });
      assert.equal(next.statusCode, 429, 'a new address in the same /64 is the same client');
    });
  });
}
