import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newId } from '../../src/lib/ids.js';
import { notifyShareRecipients } from '../../src/services/notifications.service.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import { insertShare, insertStoredMedia } from '../helpers/links.js';

for (const dialect of DIALECTS) {
  describe(`share notifications on ${dialect}`, () => {
    let t: TestApp;
    let owner: TestUser;
    before(async () => {
      t = await startTestApp(dialect);
      owner = await buildUser(t);
    });
    after(() => t.close());

    /** A share of a fresh media item to `recipient`, and the new_share notification it gets. */
    async function shareWith(recipient: TestUser, title: string) {
      const media = await insertStoredMedia(t, owner.id, { title });
      const share = await insertShare(t, owner.id, { target_id: media.id, user_id: recipient.id });
      await notifyShareRecipients(t.ctx, [{ share, type: 'new_share' }]);
      t.clock.advance(1000);
      return share;
    }

    const list = (user: TestUser, query = '', prefix = '/api/v1') =>
      t.request({ method: 'GET', url: `${prefix}/notifications/shares${query}`, token: user.token });

    it('requires authentication on every notification endpoint, under both prefixes', async () => {
      for (const prefix of ['/api/v1', '/api']) {
        for (const [method, url] of [
          ['GET', '/notifications/shares'],
          ['POST', '/notifications/shares/read-all'],
          ['POST', `/notifications/shares/${newId()}/read`],
          ['GET', '/notifications/stream'],
        ] as const) {
          const res = await t.request({ method, url: `${prefix}${url}` });
          assert.equal(res.statusCode, 401, `${method} ${url}`);
          assert.equal(res.json().error, 'unauthorized');
        }
      }
    });

    it('lists unread notifications newest first with their share, and the total', async () => {
      const reader = await buildUser(t, { role: 'viewer' });
      const first = await shareWith(reader, 'First');
      const second = await shareWith(reader, 'Second');
      for (const prefix of ['/api/v1', '/api']) {
        const res = await list(reader, '', prefix);
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['x-total-count'], '2');
        const body = res.json();
        assert.deepEqual(
          body.map((n: { share_id: string }) => n.share_id),
          [second.id, first.id],
        );
        assert.equal(body[0].notification_type, 'new_share');
        assert.equal(body[0].is_read, false);
        assert.deepEqual(body[0].share, {
          target_type: 'media',
          target_name: 'Second',
          owner_username: owner.username,
        });
        assert.match(body[0].message, /Second/);
      }
      const page = await list(reader, '?offset=1&limit=1');
      assert.equal(page.json().length, 1);
      assert.equal(page.json()[0].share_id, first.id);
      assert.equal(page.headers['x-total-count'], '2');
      assert.equal((await list(reader, '?limit=0')).statusCode, 400);
      assert.equal((await list(reader, '?limit=201')).statusCode, 400);
      assert.equal((await list(owner)).json().length, 0);
    });

    it("marks one read, refuses someone else's or an unknown one with 404", async () => {
      const reader = await buildUser(t, { role: 'viewer' });
      const stranger = await buildUser(t, { role: 'viewer' });
      await shareWith(reader, 'Readable');
      const [notification] = (await list(reader)).json();

      const foreign = await t.request({
        method: 'POST',
        url: `/api/v1/notifications/shares/${notification.id}/read`,
        token: stranger.token,
      });
      assert.equal(foreign.statusCode, 404);
      assert.equal(foreign.json().error, 'not_found');
      const unknown = await t.request({
        method: 'POST',
        url: `/api/notifications/shares/${newId()}/read`,
        token: reader.token,
      });
      assert.equal(unknown.statusCode, 404);
      const malformed = await t.request({
        method: 'POST',
        url: '/api/v1/notifications/shares/nope/read',
        token: reader.token,
      });
      assert.equal(malformed.statusCode, 404);
      assert.equal((await list(reader)).json().length, 1);

      for (const prefix of ['/api/v1', '/api']) {
        const read = await t.request({
          method: 'POST',
          url: `${prefix}/notifications/shares/${notification.id}/read`,
          token: reader.token,
        });
        assert.equal(read.statusCode, 200);
        assert.equal(read.json().id, notification.id);
        assert.equal(read.json().is_read, true);
        assert.equal(read.json().share.target_name, 'Readable');
      }
      assert.equal((await list(reader)).json().length, 0);
    });

    it('marks all read and says how many changed', async () => {
      const reader = await buildUser(t, { role: 'viewer' });
      const other = await buildUser(t, { role: 'viewer' });
      await shareWith(reader, 'A');
      await shareWith(reader, 'B');
      await shareWith(reader, 'C');
      await shareWith(other, 'D');
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/notifications/shares/read-all',
        token: reader.token,
      });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), { updated: 3 });
      const again = await t.request({
        method: 'POST',
        url: '/api/notifications/shares/read-all',
        token: reader.token,
      });
      assert.deepEqual(again.json(), { updated: 0 });
      assert.equal((await list(reader)).json().length, 0);
      assert.equal((await list(other)).json().length, 1);
    });

    it('keeps notifications of a deleted share, with no share summary', async () => {
      const reader = await buildUser(t, { role: 'viewer' });
      const share = await shareWith(reader, 'Gone');
      await t.ctx.db.kysely.deleteFrom('shares').where('id', '=', share.id).execute();
      const [notification] = (await list(reader)).json();
      assert.equal(notification.share_id, null);
      assert.equal(notification.share, null);
    });
  });
}
