import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import {
  epochSeconds,
  hmacJwt,
  isCleanErrorBody,
  jwtHeader,
  jwtPayload,
  rawJwt,
} from '../helpers/security.js';

/*
 * ASVS 9.1.1/9.1.2 (token integrity, algorithm allow-list), 9.2.1 (time claims), 9.2.3/9.2.4
 * (audience and token type), 7.4.1/7.4.3 (session termination). Every forged token must be
 * a 401 `unauthorized` JSON body: never a 500, never a 200.
 */
for (const dialect of DIALECTS) {
  describe(`JWT attacks on ${dialect}`, () => {
    let t: TestApp;
    let user: TestUser;
    let admin: TestUser;

    before(async () => {
      t = await startTestApp(dialect);
      user = await buildUser(t);
      admin = await buildUser(t, { role: 'admin' });
    });
    after(() => t.close());

    const me = (authorization: string | undefined) =>
      t.request({ method: 'GET', url: '/api/v1/auth/me', headers: authorization ? { authorization } : {} });

    async function assertRefused(authorization: string, why: string) {
      const res = await me(authorization);
      assert.equal(res.statusCode, 401, `${why}: expected 401, got ${res.statusCode} ${res.body}`);
      assert.equal(res.json().error, 'unauthorized', why);
      assert.ok(isCleanErrorBody(res), `${why}: unclean error body ${res.body}`);
    }

    /** The claims of the user's real token, to forge from. */
    const realClaims = () => jwtPayload(user.token);
    const secret = () => t.ctx.keys.jwt;

    it('accepts the genuine token and a correctly re-signed copy (the forging tools work)', async () => {
      assert.equal((await me(`Bearer ${user.token}`)).statusCode, 200);
      assert.deepEqual(jwtHeader(user.token), { alg: 'HS256', typ: 'JWT' });
      const resigned = hmacJwt('HS256', secret(), { typ: 'JWT' }, realClaims());
      const res = await me(`Bearer ${resigned}`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().id, user.id);
      // A past nbf is fine: only a future one is refused.
      const withNbf = hmacJwt(
        'HS256',
        secret(),
        {},
        { ...realClaims(), nbf: epochSeconds(t.clock.now()) - 60 },
      );
      assert.equal((await me(`Bearer ${withNbf}`)).statusCode, 200);
    });

    it('refuses alg none in every spelling, signed or not', async () => {
      for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
        await assertRefused(`Bearer ${rawJwt({ alg, typ: 'JWT' }, realClaims())}`, `alg ${alg} unsigned`);
        await assertRefused(
          `Bearer ${rawJwt({ alg, typ: 'JWT' }, realClaims(), user.token.split('.')[2])}`,
          `alg ${alg} with a stolen signature`,
        );
      }
      await assertRefused(`Bearer ${rawJwt({ typ: 'JWT' }, realClaims())}`, 'no alg at all');
    });

    it('refuses a signature made with another key', async () => {
      const token = hmacJwt('HS256', crypto.randomBytes(32), {}, realClaims());
      await assertRefused(`Bearer ${token}`, 'HS256 under a foreign key');
      await assertRefused(`Bearer ${hmacJwt('HS256', '', {}, realClaims())}`, 'HS256 under an empty key');
    });

    it('allows only HS256: HS384 and HS512 under the real key are refused (the allow-list)', async () => {
      await assertRefused(
        `Bearer ${hmacJwt('HS384', secret(), {}, realClaims())}`,
        'HS384 with the real key',
      );
      await assertRefused(
        `Bearer ${hmacJwt('HS512', secret(), {}, realClaims())}`,
        'HS512 with the real key',
      );
    });

    it('refuses key confusion: asymmetric algorithms, embedded keys and the secret used as key text', async () => {
      const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
      const jwk = publicKey.export({ format: 'jwk' });
      for (const header of [{ alg: 'RS256' }, { alg: 'RS256', jwk }, { alg: 'PS256', jwk }]) {
        const input = `${Buffer.from(JSON.stringify({ ...header, typ: 'JWT' })).toString('base64url')}.${Buffer.from(
          JSON.stringify(realClaims()),
        ).toString('base64url')}`;
        const padding = header.alg === 'PS256' ? crypto.constants.RSA_PKCS1_PSS_PADDING : undefined;
        const signature = crypto
          .sign('sha256', Buffer.from(input), padding ? { key: privateKey, padding } : privateKey)
          .toString('base64url');
        await assertRefused(`Bearer ${input}.${signature}`, `${header.alg} by an attacker key`);
      }
      // RS256 in the header, but an HMAC over the input with the server secret: what a verifier
      // that picks the algorithm from the token would accept.
      const confused = hmacJwt('HS256', secret(), {}, realClaims()).split('.');
      const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url');
      const input = `${header}.${confused[1]}`;
      const mac = crypto.createHmac('sha256', secret()).update(input).digest('base64url');
      await assertRefused(`Bearer ${input}.${mac}`, 'RS256 header with an HMAC signature');
      // The secret as text (e.g. a PEM-style string) instead of its bytes.
      const text = Buffer.from(secret()).toString('base64');
      await assertRefused(`Bearer ${hmacJwt('HS256', text, {}, realClaims())}`, 'secret as base64 text');
    });

    it('refuses a tampered payload or header', async () => {
      const [header, , signature] = user.token.split('.');
      const asAdmin = Buffer.from(JSON.stringify({ ...realClaims(), sub: admin.id })).toString('base64url');
      await assertRefused(`Bearer ${header}.${asAdmin}.${signature}`, 'sub swapped to the admin');
      const later = Buffer.from(JSON.stringify({ ...realClaims(), exp: 4102444800 })).toString('base64url');
      await assertRefused(`Bearer ${header}.${later}.${signature}`, 'exp pushed out');
      const kid = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: '../../dev/null' })).toString(
        'base64url',
      );
      await assertRefused(
        `Bearer ${kid}.${user.token.split('.')[1]}.${signature}`,
        'header with a kid added',
      );
      const flipped = signature!.slice(0, -2) + (signature!.endsWith('AA') ? 'BB' : 'AA');
      await assertRefused(`Bearer ${header}.${user.token.split('.')[1]}.${flipped}`, 'signature altered');
    });

    it('refuses expired tokens and tokens not valid yet', async () => {
      const now = epochSeconds(t.clock.now());
      const expired = hmacJwt('HS256', secret(), {}, { ...realClaims(), iat: now - 7200, exp: now - 60 });
      await assertRefused(`Bearer ${expired}`, 'exp in the past');
      const future = hmacJwt('HS256', secret(), {}, { ...realClaims(), nbf: now + 3600 });
      await assertRefused(`Bearer ${future}`, 'nbf an hour ahead');

      const fresh = await buildUser(t);
      assert.equal((await me(`Bearer ${fresh.token}`)).statusCode, 200);
      t.clock.advance((t.ctx.config.accessTokenTtlSeconds + 1) * 1000);
      try {
        await assertRefused(`Bearer ${fresh.token}`, 'a genuine token past its lifetime');
      } finally {
        t.clock.set(new Date());
      }
    });

    it('refuses a wrong issuer, a wrong audience and a link access token', async () => {
      const claims = realClaims();
      await assertRefused(`Bearer ${hmacJwt('HS256', secret(), {}, { ...claims, iss: 'evil' })}`, 'iss evil');
      await assertRefused(
        `Bearer ${hmacJwt('HS256', secret(), {}, { ...claims, iss: undefined })}`,
        'no iss',
      );
      await assertRefused(
        `Bearer ${hmacJwt('HS256', secret(), {}, { ...claims, aud: 'pinakes:link' })}`,
        'aud pinakes:link (a link access token)',
      );
      await assertRefused(
        `Bearer ${hmacJwt('HS256', secret(), {}, { ...claims, aud: 'other' })}`,
        'aud other',
      );
      await assertRefused(
        `Bearer ${hmacJwt('HS256', secret(), {}, { ...claims, aud: undefined })}`,
        'no aud',
      );
    });

    it('refuses tokens missing the claims a session needs', async () => {
      const claims = realClaims();
      for (const missing of ['sub', 'sid', 'exp', 'iat']) {
        const partial = { ...claims };
        delete partial[missing];
        await assertRefused(`Bearer ${hmacJwt('HS256', secret(), {}, partial)}`, `no ${missing}`);
      }
      const wrongTypes: Array<Record<string, unknown>> = [
        { sub: 12 },
        { sub: null },
        { exp: 'tomorrow' },
        { sid: { $ne: null } },
        { sid: ['x'] },
        { sub: admin.id }, // the admin's id with the user's session
        { sid: crypto.randomUUID() },
      ];
      for (const change of wrongTypes) {
        await assertRefused(
          `Bearer ${hmacJwt('HS256', secret(), {}, { ...claims, ...change })}`,
          `claims ${JSON.stringify(change)}`,
        );
      }
    });

    it('refuses a refresh token, garbage and other schemes as a bearer', async () => {
      await assertRefused(`Bearer ${user.refreshToken}`, 'a refresh token');
      const garbage = [
        'Bearer',
        'Bearer ',
        'Bearer a.b',
        'Bearer a.b.c',
        'Bearer ...',
        'Bearer ..',
        `Bearer ${'a'.repeat(20000)}`,
        `Bearer ${Buffer.from('[]').toString('base64url')}.${Buffer.from('null').toString('base64url')}.x`,
        `Bearer ${Buffer.from('{"alg":"HS256"').toString('base64url')}.e30.x`,
        `Bearer ${rawJwt({ alg: 'HS256', crit: ['exp'] }, realClaims())}`,
        `Bearer ${user.token}.extra`,
        `Bearer ${user.token} ${user.token}`,
        `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`,
        `Token ${user.token}`,
        'Bearer \u00e9\u00e9.\u00e9.\u00e9',
      ];
      for (const authorization of garbage) await assertRefused(authorization, authorization.slice(0, 40));
      const critical = hmacJwt('HS256', secret(), { crit: ['x-pinakes'], 'x-pinakes': 1 }, realClaims());
      await assertRefused(`Bearer ${critical}`, 'an unknown critical header');
    });

    it('ends the session at logout: the access token and the refresh token stop at once', async () => {
      const someone = await buildUser(t);
      assert.equal((await me(`Bearer ${someone.token}`)).statusCode, 200);
      const out = await t.request({ method: 'POST', url: '/api/v1/auth/logout', token: someone.token });
      assert.equal(out.statusCode, 204);
      await assertRefused(`Bearer ${someone.token}`, 'access token after logout');
      const refreshed = await t.request({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        payload: { refresh_token: someone.refreshToken },
      });
      assert.equal(refreshed.statusCode, 401);
    });

    it('ends every other session when the password changes', async () => {
      const someone = await buildUser(t);
      const login = await t.request({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: someone.username, password: someone.password },
      });
      assert.equal(login.statusCode, 200);
      const other = login.json<{ access_token: string; refresh_token: string }>();
      const change = await t.request({
        method: 'POST',
        url: '/api/v1/auth/password',
        token: someone.token,
        payload: { current_password: someone.password, new_password: 'a-brand-new-password-1' },
      });
      assert.equal(change.statusCode, 204);
      assert.equal(
        (await me(`Bearer ${someone.token}`)).statusCode,
        200,
        'the session that changed it stays',
      );
      await assertRefused(`Bearer ${other.access_token}`, 'another session after a password change');
      const refreshed = await t.request({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        payload: { refresh_token: other.refresh_token },
      });
      assert.equal(refreshed.statusCode, 401);
    });

    it('stops a disabled or deleted user at the next request', async () => {
      const disabled = await buildUser(t);
      const deleted = await buildUser(t);
      assert.equal((await me(`Bearer ${disabled.token}`)).statusCode, 200);
      assert.equal((await me(`Bearer ${deleted.token}`)).statusCode, 200);
      const patch = await t.request({
        method: 'PATCH',
        url: `/api/v1/users/${disabled.id}`,
        token: admin.token,
        payload: { disabled: true },
      });
      assert.equal(patch.statusCode, 200);
      await assertRefused(`Bearer ${disabled.token}`, 'a disabled user');
      const removal = await t.request({
        method: 'DELETE',
        url: `/api/v1/users/${deleted.id}`,
        token: admin.token,
      });
      assert.equal(removal.statusCode, 204);
      await assertRefused(`Bearer ${deleted.token}`, 'a deleted user');
    });
  });
}
