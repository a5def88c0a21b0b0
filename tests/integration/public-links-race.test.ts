import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { flushLinkActivity } from '../../src/services/public-link-state.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import { insertLink, insertStoredMedia } from '../helpers/links.js';

for (const dialect of DIALECTS) {
  describe(`public link access under concurrency on ${dialect}`, () => {
    let t: TestApp;
    let owner: TestUser;
    before(async () => {
      t = await startTestApp(dialect);
      owner = await buildUser(t);
    });
    after(() => t.close());

    const openMany = (token: string, count: number) =>
      Promise.all(
        Array.from({ length: count }, (_, index) =>
          t.request({
            method: 'GET',
            url: `${index % 2 === 0 ? '/api/v1' : '/api'}/shared/${token}`,
            remoteAddress: `10.0.${Math.floor(index / 250)}.${index % 250}`,
          }),
        ),
      );

    const accessCount = async (shareId: string) =>
      (
        await t.ctx.db.kysely
          .selectFrom('shares')
          .select('access_count')
          .where('id', '=', shareId)
          .executeTakeFirstOrThrow()
      ).access_count;

    it('serves a link with max_access_count = 7 exactly 7 times to 300 racing visitors', async () => {
      const media = await insertStoredMedia(t, owner.id);
      const { share, token } = await insertLink(t, owner.id, { target_id: media.id, max_access_count: 7 });
      const responses = await openMany(token, 300);
      const statuses = responses.map((res) => res.statusCode);
      assert.equal(statuses.filter((status) => status === 200).length, 7);
      assert.equal(statuses.filter((status) => status === 404).length, 293);
      const bodies = new Set(responses.filter((res) => res.statusCode === 404).map((res) => res.body));
      assert.equal(bodies.size, 1);
      assert.equal(await accessCount(share.id), 7);
      await flushLinkActivity(t.ctx);
      const logged = await t.ctx.db.kysely
        .selectFrom('share_activity')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('share_id', '=', share.id)
        .where('action', '=', 'accessed')
        .executeTakeFirstOrThrow();
      assert.equal(Number(logged.n), 7);
    });

    it('loses no count when 200 visitors open an unlimited link at once', async () => {
      const media = await insertStoredMedia(t, owner.id);
      const { share, token } = await insertLink(t, owner.id, { target_id: media.id });
      const responses = await openMany(token, 200);
      assert.ok(responses.every((res) => res.statusCode === 200));
      assert.equal(await accessCount(share.id), 200);
      await flushLinkActivity(t.ctx);
      const logged = await t.ctx.db.kysely
        .selectFrom('share_activity')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('share_id', '=', share.id)
        .where('action', '=', 'accessed')
        .executeTakeFirstOrThrow();
      assert.equal(Number(logged.n), 200);
    });

    it('serves a password-protected limited link at most its limit under a race', async () => {
      const media = await insertStoredMedia(t, owner.id);
      const { share, token } = await insertLink(t, owner.id, {
        target_id: media.id,
        max_access_count: 5,
        password: 'shared secret',
      });
      const responses = await Promise.all(
        Array.from({ length: 60 }, (_, index) =>
          t.request({
            method: 'GET',
            url: `/api/v1/shared/${token}`,
            headers: { 'x-share-password': 'shared secret' },
            remoteAddress: `10.9.0.${index}`,
          }),
        ),
      );
      assert.equal(responses.filter((res) => res.statusCode === 200).length, 5);
      assert.equal(responses.filter((res) => res.statusCode === 404).length, 55);
      assert.equal(await accessCount(share.id), 5);
    });
  });
}
