import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { flushLinkActivity } from '../../src/services/public-link-state.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import { insertLink, insertStoredMedia } from '../helpers/links.js';

for (const dialect of DIALECTS) {
  describe(`public link passwords and throttles on ${dialect}`, () => {
    let t: TestApp;
    let owner: TestUser;
    before(async () => {
      t = await startTestApp(dialect);
      owner = await buildUser(t);
    });
    after(() => t.close());

    const open = (
      token: string,
      options: {
        headers?: Record<string, string>;
        query?: string;
        ip?: string;
        prefix?: string;
        bearer?: string;
      } = {},
    ) =>
      t.request({
        method: 'GET',
        url: `${options.prefix ?? '/api/v1'}/shared/${token}${options.query ? `?${options.query}` : ''}`,
        headers: options.headers ?? {},
        remoteAddress: options.ip ?? '198.51.100.1',
        ...(options.bearer ? { token: options.bearer } : {}),
      });

    const activity = async (shareId: string, action: string) => {
      await flushLinkActivity(t.ctx);
      return t.ctx.db.kysely
        .selectFrom('share_activity')
        .selectAll()
        .where('share_id', '=', shareId)
        .where('action', '=', action as 'accessed')
        .execute();
    };

    it('asks for the password, refuses a wrong one, accepts it by header or query', async () => {
      const media = await insertStoredMedia(t, owner.id);
      const { share, token } = await insertLink(t, owner.id, {
        target_id: media.id,
        password: 'correct horse',
      });

      const missing = await open(token, { prefix: '/api' });
      assert.equal(missing.statusCode, 401);
      assert.equal(missing.json().error, 'password_required');
      assert.equal(missing.headers['cache-control'], 'private, no-store');

      const wrong = await open(token, {
        headers: { 'x-share-password': 'battery staple' },
        ip: '198.51.100.77',
      });
      assert.equal(wrong.statusCode, 401);
      assert.equal(wrong.json().error, 'invalid_password');
      assert.equal(wrong.headers['cache-control'], 'private, no-store');
      const failures = await activity(share.id, 'password_failed');
      assert.equal(failures.length, 1);
      assert.equal(failures[0]?.actor_ip, '198.51.100.77');
      assert.equal(failures[0]?.details.includes('battery'), false);

      assert.equal((await open(token, { headers: { 'x-share-password': 'correct horse' } })).statusCode, 200);
      assert.equal(
        (await open(token, { query: 'password=correct%20horse', prefix: '/api' })).statusCode,
        200,
      );
      // Again with the same password: served from the verified-password cache, same answer.
      assert.equal((await open(token, { headers: { 'x-share-password': 'correct horse' } })).statusCode, 200);
    });

    it('locks out one address after 5 wrong passwords while another still gets through', async () => {
      const media = await insertStoredMedia(t, owner.id);
      const { token } = await insertLink(t, owner.id, { target_id: media.id, password: 'right password' });
      const attacker = '203.0.113.9';
      for (let i = 0; i < 5; i += 1) {
        const res = await open(token, { headers: { 'x-share-password': `guess ${i}` }, ip: attacker });
        assert.equal(res.statusCode, 401);
      }
      const locked = await open(token, { headers: { 'x-share-password': 'right password' }, ip: attacker });
      assert.equal(locked.statusCode, 429);
      assert.equal(locked.json().error, 'rate_limited');
      assert.ok(Number(locked.headers['retry-after']) > 0);
      assert.equal(locked.headers['cache-control'], 'private, no-store');

      const visitor = await open(token, {
        headers: { 'x-share-password': 'right password' },
        ip: '192.0.2.44',
      });
      assert.equal(visitor.statusCode, 200);

      // IPv6 clients are bucketed by /64: another address in the same /64 is locked too.
      for (let i = 0; i < 5; i += 1) {
        await open(token, { headers: { 'x-share-password': `v6 guess ${i}` }, ip: '2001:db8:1:2::10' });
      }
      const sameNet = await open(token, {
        headers: { 'x-share-password': 'right password' },
        ip: '2001:db8:1:2::99',
      });
      assert.equal(sameNet.statusCode, 429);
      const otherNet = await open(token, {
        headers: { 'x-share-password': 'right password' },
        ip: '2001:db8:1:3::10',
      });
      assert.equal(otherNet.statusCode, 200);

      t.clock.advance(15 * 60 * 1000 + 1000);
      const later = await open(token, { headers: { 'x-share-password': 'right password' }, ip: attacker });
      assert.equal(later.statusCode, 200);
    });

    it('throttles an address that keeps trying unknown links', async () => {
      const ip = '203.0.113.200';
      for (let i = 0; i < 30; i += 1) {
        assert.equal((await open(`unknown-${i}`, { ip })).statusCode, 404);
      }
      const limited = await open('unknown-final', { ip });
      assert.equal(limited.statusCode, 429);
      assert.ok(Number(limited.headers['retry-after']) > 0);
      assert.equal((await open('unknown-other', { ip: '203.0.113.201' })).statusCode, 404);
      t.clock.advance(10 * 60 * 1000 + 1000);
    });

    it('lets a visitor with the link access token skip the password, but not on another link', async () => {
      const media = await insertStoredMedia(t, owner.id);
      const a = await insertLink(t, owner.id, { target_id: media.id, password: 'password a' });
      const b = await insertLink(t, owner.id, { target_id: media.id, password: 'password b' });
      const first = await open(a.token, { headers: { 'x-share-password': 'password a' } });
      assert.equal(first.statusCode, 200);
      const accessToken = first.json().access_token;

      const again = await open(a.token, { headers: { 'x-share-access': accessToken } });
      assert.equal(again.statusCode, 200);
      const viaQuery = await open(a.token, { query: `access_token=${accessToken}`, prefix: '/api' });
      assert.equal(viaQuery.statusCode, 200);

      const foreign = await open(b.token, { headers: { 'x-share-access': accessToken } });
      assert.equal(foreign.statusCode, 401);
      assert.equal(foreign.json().error, 'password_required');

      // The link changed (a PATCH bumps state_version): the old token no longer skips the password.
      await t.ctx.db.kysely
        .updateTable('shares')
        .set((eb) => ({ state_version: eb('state_version', '+', 1) }))
        .where('id', '=', a.share.id)
        .execute();
      const stale = await open(a.token, { headers: { 'x-share-access': accessToken } });
      assert.equal(stale.statusCode, 401);
      assert.equal(stale.json().error, 'password_required');
    });
  });
}
