import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import { insertLink, insertStoredMedia } from '../helpers/links.js';
import { insertTag } from '../helpers/shares.js';

/*
 * A visit finds the link, its media item and the item's tags in one query: what it answers is
 * the item exactly as its owner sees it (tags by name), and visits racing each other are each
 * counted once, by one statement for many of them.
 */
for (const dialect of DIALECTS) {
  describe(`a visit to a media link on ${dialect}`, () => {
    let t: TestApp;
    let owner: TestUser;

    before(async () => {
      t = await startTestApp(dialect);
      owner = await buildUser(t);
    });
    after(() => t.close());

    const visit = (token: string, ip = '198.51.100.7') =>
      t.request({ method: 'GET', url: `/api/v1/shared/${token}`, remoteAddress: ip });

    it('answers the item as its owner sees it, tags in name order', async () => {
      const media = await insertStoredMedia(t, owner.id, { title: 'Fjord at night' });
      await t.ctx.db.kysely
        .updateTable('media')
        .set({ metadata: JSON.stringify({ camera: { make: 'Pinakes' } }), width: 640, height: 480 })
        .where('id', '=', media.id)
        .execute();
      for (const name of ['zebra', 'Alpha', 'mountains', 'beta']) {
        const tagId = await insertTag(t, owner.id, name);
        await t.ctx.db.kysely
          .insertInto('media_tags')
          .values({ media_id: media.id, tag_id: tagId })
          .execute();
      }
      const { token } = await insertLink(t, owner.id, { target_id: media.id });
      const opened = await visit(token);
      assert.equal(opened.statusCode, 200, opened.body);
      const own = await t.request({ method: 'GET', url: `/api/v1/media/${media.id}`, token: owner.token });
      assert.equal(own.statusCode, 200, own.body);
      assert.deepEqual(opened.json().media, own.json());
      assert.deepEqual(
        opened.json<{ media: { tags: Array<{ name: string }> } }>().media.tags.map((tag) => tag.name),
        ['Alpha', 'beta', 'mountains', 'zebra'],
      );

      const untagged = await insertStoredMedia(t, owner.id);
      const bare = await insertLink(t, owner.id, { target_id: untagged.id });
      assert.deepEqual((await visit(bare.token)).json().media.tags, []);
    });

    it('answers 404 once the item is gone, and counts every one of many racing visits', async () => {
      const media = await insertStoredMedia(t, owner.id);
      const { share, token } = await insertLink(t, owner.id, { target_id: media.id });
      const visits = await Promise.all(
        Array.from({ length: 120 }, (_, i) => visit(token, `203.0.113.${i % 200}`)),
      );
      assert.ok(visits.every((res) => res.statusCode === 200));
      const row = await t.ctx.db.kysely
        .selectFrom('shares')
        .select(['access_count', 'last_accessed_at'])
        .where('id', '=', share.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.access_count, 120);
      assert.equal(row.last_accessed_at, t.clock.now().toISOString());

      await t.ctx.db.kysely.deleteFrom('media').where('id', '=', media.id).execute();
      const gone = await visit(token);
      assert.equal(gone.statusCode, 404);
      assert.equal(gone.json().error, 'not_found');
    });
  });
}
