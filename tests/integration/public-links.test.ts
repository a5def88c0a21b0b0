import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { flushLinkActivity } from '../../src/services/public-link-state.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import { insertCollection, insertLink, insertStoredMedia } from '../helpers/links.js';

const NOT_FOUND = { error: 'not_found', message: 'This link does not exist or has expired.' };
const PREFIXES = ['/api/v1', '/api'];

for (const dialect of DIALECTS) {
  describe(`public links on ${dialect}`, () => {
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

    it('opens a media link without login, under both prefixes, and counts each access', async () => {
      const media = await insertStoredMedia(t, owner.id, { title: 'Sunset' });
      const { share, token } = await insertLink(t, owner.id, { target_id: media.id, note: 'for you' });
      for (const prefix of PREFIXES) {
        const res = await open(token, { prefix });
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['cache-control'], 'private, no-store');
        assert.equal(res.headers['referrer-policy'], 'no-referrer');
        const body = res.json();
        assert.deepEqual(body.share, {
          id: share.id,
          target_type: 'media',
          target_name: 'Sunset',
          owner_username: owner.username,
          permissions: {
            can_view: true,
            can_download: true,
            can_edit: false,
            can_delete: false,
            can_reshare: false,
            can_add: false,
          },
          note: 'for you',
          expires_at: null,
          created_at: share.created_at,
        });
        assert.equal(body.media.id, media.id);
        assert.equal(body.items, null);
        assert.equal(body.total, 1);
        assert.equal(typeof body.access_token, 'string');
        assert.ok(Date.parse(body.access_token_expires_at) > t.clock.now().getTime());
        for (const secret of ['password_hash', 'token_hash', 'token_sealed', 'state_version', 'owner_id"']) {
          assert.equal(JSON.stringify(body.share).includes(secret), false);
        }
      }
      const row = await t.ctx.db.kysely
        .selectFrom('shares')
        .selectAll()
        .where('id', '=', share.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.access_count, 2);
      assert.equal(row.last_accessed_at, t.clock.now().toISOString());
    });

    it('pages the media of a collection link', async () => {
      const items = [];
      for (let i = 0; i < 3; i += 1) {
        items.push(await insertStoredMedia(t, owner.id));
        t.clock.advance(1000);
      }
      const collectionId = await insertCollection(
        t,
        owner.id,
        items.map((item) => item.id),
        'Trip',
      );
      const { token } = await insertLink(t, owner.id, { target_type: 'collection', target_id: collectionId });
      const res = await open(token, { query: 'offset=1&limit=1' });
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.equal(body.share.target_name, 'Trip');
      assert.equal(body.media, null);
      assert.equal(body.total, 3);
      assert.deepEqual(
        body.items.map((item: { id: string }) => item.id),
        [items[1]?.id],
      );
      const bad = await open(token, { query: 'limit=500' });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.headers['cache-control'], 'private, no-store');
    });

    it('answers the same 404 for unknown, malformed, revoked, expired and used-up links', async () => {
      const media = await insertStoredMedia(t, owner.id);
      const revoked = await insertLink(t, owner.id, { target_id: media.id });
      await t.ctx.db.kysely
        .updateTable('shares')
        .set({ revoked_at: t.clock.now().toISOString() })
        .where('id', '=', revoked.share.id)
        .execute();
      const expiring = await insertLink(t, owner.id, {
        target_id: media.id,
        expires_at: new Date(t.clock.now().getTime() + 60_000).toISOString(),
      });
      const usedUp = await insertLink(t, owner.id, { target_id: media.id, max_access_count: 1 });
      assert.equal((await open(usedUp.token)).statusCode, 200);
      assert.equal((await open(expiring.token)).statusCode, 200);
      t.clock.advance(60_001);

      const bodies = [];
      for (const [index, token] of [
        'A'.repeat(43),
        'not a token at all',
        revoked.token,
        expiring.token,
        usedUp.token,
      ].entries()) {
        const res = await open(encodeURIComponent(token), { prefix: PREFIXES[index % 2] });
        assert.equal(res.statusCode, 404, token);
        assert.equal(res.headers['cache-control'], 'private, no-store');
        assert.equal(res.headers['referrer-policy'], 'no-referrer');
        bodies.push(res.body);
      }
      for (const body of bodies) assert.deepEqual(JSON.parse(body), NOT_FOUND);
      assert.equal(new Set(bodies).size, 1);
    });

    it('logs accesses with address, user agent and the bearer as actor', async () => {
      const media = await insertStoredMedia(t, owner.id);
      const { share, token } = await insertLink(t, owner.id, { target_id: media.id });
      const visitor = await buildUser(t, { role: 'viewer' });
      const res = await open(token, {
        ip: '192.0.2.7',
        bearer: visitor.token,
        headers: { 'user-agent': `Agent/${'x'.repeat(1000)}` },
      });
      assert.equal(res.statusCode, 200);
      const anonymous = await open(token, { ip: '192.0.2.8', bearer: 'not-a-valid-token' });
      assert.equal(anonymous.statusCode, 200);
      const rows = await activity(share.id, 'accessed');
      assert.equal(rows.length, 2);
      const signedIn = rows.find((row) => row.actor_ip === '192.0.2.7');
      assert.equal(signedIn?.actor_id, visitor.id);
      const details = JSON.parse(signedIn?.details ?? '{}');
      assert.ok(details.user_agent.startsWith('Agent/'));
      assert.ok(details.user_agent.length <= 256);
      assert.equal(rows.find((row) => row.actor_ip === '192.0.2.8')?.actor_id, null);
    });

    it('tells the owner about accesses at most once an hour per link', async () => {
      const media = await insertStoredMedia(t, owner.id, { title: 'Watched' });
      const { share, token } = await insertLink(t, owner.id, { target_id: media.id });
      const notices = () =>
        t.ctx.db.kysely
          .selectFrom('notifications')
          .selectAll()
          .where('share_id', '=', share.id)
          .where('notification_type', '=', 'share_accessed')
          .execute();
      for (let i = 0; i < 3; i += 1) assert.equal((await open(token)).statusCode, 200);
      assert.equal((await notices()).length, 1);
      assert.equal((await notices())[0]?.user_id, owner.id);
      t.clock.advance(61 * 60 * 1000);
      assert.equal((await open(token)).statusCode, 200);
      assert.equal((await notices()).length, 2);
    });

    it('opens a link made through POST /shares; a PATCH or DELETE ends what it issued', async () => {
      // A fresh sign-in: earlier tests moved the clock past older access tokens.
      const author = await buildUser(t);
      const media = await insertStoredMedia(t, author.id, { title: 'Made by the API' });
      const created = await t.request({
        method: 'POST',
        url: '/api/v1/shares',
        token: author.token,
        payload: {
          target_type: 'media',
          target_id: media.id,
          recipient_type: 'public_link',
          password: 'api password',
        },
      });
      assert.equal(created.statusCode, 200);
      const share = created.json();
      const token: string = share.public_token;

      assert.equal((await open(token)).json().error, 'password_required');
      const opened = await open(token, { headers: { 'x-share-password': 'api password' } });
      assert.equal(opened.statusCode, 200);
      assert.equal(opened.json().share.target_name, 'Made by the API');
      const accessToken: string = opened.json().access_token;
      const file = () =>
        t.request({
          method: 'GET',
          url: `/api/v1/shared/${token}/media/${media.id}/stream`,
          headers: { 'x-share-access': accessToken },
        });
      assert.equal((await file()).statusCode, 200);

      const patched = await t.request({
        method: 'PATCH',
        url: `/api/v1/shares/${share.id}`,
        token: author.token,
        payload: { note: 'changed' },
      });
      assert.equal(patched.statusCode, 200);
      assert.equal((await file()).statusCode, 401);
      assert.equal((await open(token, { headers: { 'x-share-access': accessToken } })).statusCode, 401);
      const reopened = await open(token, { headers: { 'x-share-password': 'api password' } });
      assert.equal(reopened.statusCode, 200);
      assert.equal(reopened.json().share.note, 'changed');

      const read = await t.request({ method: 'GET', url: `/api/v1/shares/${share.id}`, token: author.token });
      assert.equal(read.json().access_count, 2);

      const deleted = await t.request({
        method: 'DELETE',
        url: `/api/v1/shares/${share.id}`,
        token: author.token,
      });
      assert.equal(deleted.statusCode, 204);
      const gone = await open(token, { headers: { 'x-share-password': 'api password' } });
      assert.equal(gone.statusCode, 404);
      assert.deepEqual(gone.json(), NOT_FOUND);
    });

    it('treats the links of a disabled owner as gone', async () => {
      const other = await buildUser(t);
      const media = await insertStoredMedia(t, other.id);
      const { token } = await insertLink(t, other.id, { target_id: media.id });
      await t.ctx.db.kysely.updateTable('users').set({ disabled: 1 }).where('id', '=', other.id).execute();
      const res = await open(token);
      assert.equal(res.statusCode, 404);
      assert.deepEqual(res.json(), NOT_FOUND);
    });
  });
}
