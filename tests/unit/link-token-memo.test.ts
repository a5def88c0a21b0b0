import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { ManualClock } from '../../src/lib/clock.js';
import { LinkTokenMemo } from '../../src/services/link-token-memo.js';
import { signToken, verifyToken } from '../../src/services/tokens.service.js';

// Token signing is pure computation: no database involved, so no dialect loop.

const TTL = 3600;

function setUp() {
  const clock = new ManualClock(new Date('2026-11-27T10:00:00.250Z'));
  const ctx = { keys: { jwt: new Uint8Array(crypto.randomBytes(32)), seal: crypto.randomBytes(32) }, clock };
  return { clock, ctx, memo: new LinkTokenMemo() };
}

describe('link access tokens signed once a second', () => {
  it('gives every visitor of one second the token a fresh signature would give', async () => {
    const { clock, ctx, memo } = setUp();
    const link = { id: 'link-1', state_version: 3 };
    const first = await memo.sign(ctx, link, TTL);
    clock.advance(500);
    const again = await memo.sign(ctx, link, TTL);
    const fresh = await signToken(ctx, 'pinakes:link', link.id, TTL, { v: link.state_version });
    assert.equal(again.token, first.token);
    assert.equal(again.token, fresh.token);
    assert.equal(again.expiresAt.getTime(), fresh.expiresAt.getTime());
    const verified = await verifyToken(ctx, 'pinakes:link', again.token);
    assert.equal(verified?.sub, link.id);
    assert.equal(verified?.claims.v, link.state_version);
  });

  it('signs again in the next second, and for another version or link at once', async () => {
    const { clock, ctx, memo } = setUp();
    const link = { id: 'link-1', state_version: 3 };
    const first = await memo.sign(ctx, link, TTL);
    const otherVersion = await memo.sign(ctx, { ...link, state_version: 4 }, TTL);
    const otherLink = await memo.sign(ctx, { ...link, id: 'link-2' }, TTL);
    assert.notEqual(otherVersion.token, first.token);
    assert.equal((await verifyToken(ctx, 'pinakes:link', otherVersion.token))?.claims.v, 4);
    assert.equal((await verifyToken(ctx, 'pinakes:link', otherLink.token))?.sub, 'link-2');
    clock.advance(1000);
    const next = await memo.sign(ctx, link, TTL);
    assert.notEqual(next.token, first.token);
    assert.equal(next.expiresAt.getTime(), first.expiresAt.getTime() + 1000);
  });
});
