import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { SignJWT, jwtVerify } from 'jose';
import { ManualClock } from '../../src/lib/clock.js';
import { signToken, verifyToken } from '../../src/services/tokens.service.js';

// Token signing and checking is pure computation: no database involved, so no dialect loop.

const clock = new ManualClock(new Date('2026-11-27T10:00:00.000Z'));
const key = crypto.randomBytes(32);
const ctx = { keys: { jwt: new Uint8Array(key), seal: crypto.randomBytes(32) }, clock };
const now = () => Math.floor(clock.now().getTime() / 1000);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function forge(header: Record<string, unknown>, payload: Record<string, unknown>, secret: Uint8Array = key) {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${crypto.createHmac('sha256', secret).update(input).digest('base64url')}`;
}

const goodClaims = () => ({ iss: 'pinakes', aud: 'pinakes:api', sub: 'user-1', iat: now(), exp: now() + 60 });

describe('access tokens (HS256 over node:crypto)', () => {
  it('verifies its own tokens with their claims and sets the expiry', async () => {
    const { token, expiresAt } = await signToken(ctx, 'pinakes:link', 'share-1', 3600, { v: 3 });
    assert.equal(expiresAt.getTime(), (now() + 3600) * 1000);
    const verified = await verifyToken(ctx, 'pinakes:link', token);
    assert.equal(verified?.sub, 'share-1');
    assert.equal(verified?.claims.v, 3);
    assert.equal(verified?.claims.iss, 'pinakes');
    assert.equal(await verifyToken(ctx, 'pinakes:api', token), null, 'another audience');
  });

  it('is interchangeable with jose in both directions', async () => {
    const ours = (await signToken(ctx, 'pinakes:api', 'user-1', 600, { sid: 's-1' })).token;
    const checked = await jwtVerify(ours, key, {
      algorithms: ['HS256'],
      issuer: 'pinakes',
      audience: 'pinakes:api',
      currentDate: clock.now(),
    });
    assert.equal(checked.payload.sub, 'user-1');
    assert.deepEqual(checked.protectedHeader, { alg: 'HS256', typ: 'JWT' });

    const theirs = await new SignJWT({ sid: 's-2' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer('pinakes')
      .setAudience('pinakes:api')
      .setSubject('user-2')
      .setIssuedAt(now())
      .setExpirationTime(now() + 600)
      .sign(key);
    const verified = await verifyToken(ctx, 'pinakes:api', theirs);
    assert.equal(verified?.sub, 'user-2');
    assert.equal(verified?.claims.sid, 's-2');
  });

  it('refuses expired tokens at their second, and tokens not valid yet', async () => {
    const { token } = await signToken(ctx, 'pinakes:api', 'user-1', 60);
    clock.advance(59_000);
    assert.notEqual(await verifyToken(ctx, 'pinakes:api', token), null);
    clock.advance(1_000);
    assert.equal(await verifyToken(ctx, 'pinakes:api', token), null);
    clock.advance(-60_000);
    const future = forge({ alg: 'HS256' }, { ...goodClaims(), nbf: now() + 1 });
    assert.equal(await verifyToken(ctx, 'pinakes:api', future), null);
    const current = forge({ alg: 'HS256' }, { ...goodClaims(), nbf: now() });
    assert.notEqual(await verifyToken(ctx, 'pinakes:api', current), null);
  });

  it('refuses other algorithms, critical headers, foreign keys and tampering', async () => {
    const claims = goodClaims();
    assert.notEqual(await verifyToken(ctx, 'pinakes:api', forge({ alg: 'HS256', kid: 'x' }, claims)), null);
    const refused: Array<[string, string]> = [
      ['alg none', `${b64({ alg: 'none' })}.${b64(claims)}.`],
      ['alg HS384 header', forge({ alg: 'HS384' }, claims)],
      ['alg hs256 spelled differently', forge({ alg: 'hs256' }, claims)],
      ['no alg', forge({ typ: 'JWT' }, claims)],
      ['crit', forge({ alg: 'HS256', crit: ['exp'] }, claims)],
      ['b64 false', forge({ alg: 'HS256', b64: false }, claims)],
      ['a header that is not an object', forge(['HS256'] as unknown as Record<string, unknown>, claims)],
      ['a foreign key', forge({ alg: 'HS256' }, claims, crypto.randomBytes(32))],
      ['an empty key', forge({ alg: 'HS256' }, claims, new Uint8Array())],
      ['four parts', `${forge({ alg: 'HS256' }, claims)}.x`],
      ['two parts', `${b64({ alg: 'HS256' })}.${b64(claims)}`],
      ['padding in the signature', `${forge({ alg: 'HS256' }, claims)}=`],
      ['garbage', 'a.b.c'],
      ['empty', ''],
    ];
    const [header, body, signature] = forge({ alg: 'HS256' }, claims).split('.');
    refused.push(
      ['payload swapped', `${header}.${b64({ ...claims, sub: 'admin' })}.${signature}`],
      ['signature truncated', `${header}.${body}.${signature?.slice(0, -4)}`],
    );
    for (const [why, token] of refused) assert.equal(await verifyToken(ctx, 'pinakes:api', token), null, why);
  });

  it('refuses missing or mistyped claims', async () => {
    for (const missing of ['iss', 'aud', 'sub', 'exp', 'iat']) {
      const claims: Record<string, unknown> = goodClaims();
      delete claims[missing];
      assert.equal(await verifyToken(ctx, 'pinakes:api', forge({ alg: 'HS256' }, claims)), null, missing);
    }
    const wrong: Array<Record<string, unknown>> = [
      { iss: 'evil' },
      { aud: 'pinakes:link' },
      { aud: ['other'] },
      { sub: 12 },
      { exp: 'tomorrow' },
      { iat: '2026' },
      { nbf: '0' },
    ];
    for (const change of wrong) {
      const token = forge({ alg: 'HS256' }, { ...goodClaims(), ...change });
      assert.equal(await verifyToken(ctx, 'pinakes:api', token), null, JSON.stringify(change));
    }
    const listed = forge({ alg: 'HS256' }, { ...goodClaims(), aud: ['other', 'pinakes:api'] });
    assert.notEqual(await verifyToken(ctx, 'pinakes:api', listed), null, 'an audience list naming us');
    for (const payload of ['null', '[]', '"x"', '{bad json']) {
      const input = `${b64({ alg: 'HS256' })}.${Buffer.from(payload).toString('base64url')}`;
      const token = `${input}.${crypto.createHmac('sha256', key).update(input).digest('base64url')}`;
      assert.equal(await verifyToken(ctx, 'pinakes:api', token), null, payload);
    }
  });
});
