import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import { findShare, insertMedia, insertShare, searchTextOf, UNKNOWN_ID } from '../helpers/library.js';

for (const dialect of DIALECTS) {
  describe(`tags on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
    });
    after(() => t.close());

    async function createTag(user: TestUser, name: string): Promise<{ id: string; name: string }> {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/tags',
        token: user.token,
        payload: { name },
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    }

    async function search(user: TestUser, q: string): Promise<string[]> {
      const res = await t.request({
        method: 'GET',
        url: `/api/v1/search?q=${encodeURIComponent(q)}`,
        token: user.token,
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json().map((item: { id: string }) => item.id);
    }

    it('requires authentication', async () => {
      for (const [method, url] of [
        ['GET', '/api/v1/tags'],
        ['POST', '/api/v1/tags'],
        ['GET', `/api/v1/tags/${UNKNOWN_ID}`],
        ['PATCH', `/api/v1/tags/${UNKNOWN_ID}`],
        ['DELETE', `/api/v1/tags/${UNKNOWN_ID}`],
        ['GET', `/api/v1/tags/${UNKNOWN_ID}/media`],
        ['POST', `/api/v1/media/${UNKNOWN_ID}/tags`],
        ['DELETE', `/api/v1/media/${UNKNOWN_ID}/tags/${UNKNOWN_ID}`],
      ] as const) {
        const res = await t.request({
          method,
          url,
          payload: method === 'GET' || method === 'DELETE' ? undefined : {},
        });
        assert.equal(res.statusCode, 401, `${method} ${url}`);
        assert.equal(res.json().error, 'unauthorized');
      }
    });

    it('creates a tag, trimmed, and returns the existing one for the same name in any case', async () => {
      const user = await buildUser(t);
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/tags',
        token: user.token,
        payload: { name: '  Sunsets ' },
      });
      assert.equal(res.statusCode, 200);
      const tag = res.json();
      assert.equal(tag.name, 'Sunsets');
      assert.equal(tag.owner_id, user.id);
      assert.equal(tag.media_count, 0);
      assert.ok(tag.created_at);

      const again = await createTag(user, 'SUNSETS');
      assert.equal(again.id, tag.id);
      assert.equal(again.name, 'Sunsets');

      // Another user's tag of the same name is their own.
      const other = await buildUser(t);
      const theirs = await createTag(other, 'sunsets');
      assert.notEqual(theirs.id, tag.id);
    });

    it('refuses bad tag bodies with 400', async () => {
      const user = await buildUser(t);
      for (const payload of [
        {},
        { name: '' },
        { name: '   ' },
        { name: 'x'.repeat(65) },
        { name: 'line\nbreak' },
        { name: 5 },
        { name: 'ok', color: 'red' },
      ]) {
        const res = await t.request({ method: 'POST', url: '/api/v1/tags', token: user.token, payload });
        assert.equal(res.statusCode, 400, JSON.stringify(payload));
        assert.equal(res.json().error, 'bad_request');
        assert.ok(res.json().details.length > 0);
      }
      const list = await t.request({ method: 'GET', url: '/api/v1/tags', token: user.token });
      assert.deepEqual(list.json(), []);
    });

    it('lists only the caller’s tags, by name, with media counts and a total', async () => {
      const user = await buildUser(t);
      const other = await buildUser(t);
      const beach = await createTag(user, 'beach');
      await createTag(user, 'Autumn');
      await createTag(user, 'city');
      await createTag(other, 'private-of-other');
      await insertMedia(t, user.id, { tagIds: [beach.id] });
      await insertMedia(t, user.id, { tagIds: [beach.id] });

      const res = await t.request({ method: 'GET', url: '/api/v1/tags', token: user.token });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['x-total-count'], '3');
      assert.deepEqual(
        res.json().map((tag: { name: string; media_count: number }) => [tag.name, tag.media_count]),
        [
          ['Autumn', 0],
          ['beach', 2],
          ['city', 0],
        ],
      );

      const page = await t.request({
        method: 'GET',
        url: '/api/v1/tags?offset=1&limit=1',
        token: user.token,
      });
      assert.equal(page.headers['x-total-count'], '3');
      assert.deepEqual(
        page.json().map((tag: { name: string }) => tag.name),
        ['beach'],
      );

      for (const query of ['limit=0', 'limit=201', 'offset=-1', 'limit=abc', 'sort=name']) {
        const bad = await t.request({ method: 'GET', url: `/api/v1/tags?${query}`, token: user.token });
        assert.equal(bad.statusCode, 400, query);
      }
    });

    it('shows a tag to its owner and share recipients only', async () => {
      const owner = await buildUser(t);
      const recipient = await buildUser(t, { role: 'viewer' });
      const stranger = await buildUser(t);
      const tag = await createTag(owner, 'shared-tag');

      const own = await t.request({ method: 'GET', url: `/api/v1/tags/${tag.id}`, token: owner.token });
      assert.equal(own.statusCode, 200);
      assert.equal(own.json().name, 'shared-tag');

      assert.equal(
        (await t.request({ method: 'GET', url: `/api/v1/tags/${tag.id}`, token: stranger.token })).statusCode,
        404,
      );
      assert.equal(
        (await t.request({ method: 'GET', url: `/api/v1/tags/${tag.id}`, token: recipient.token }))
          .statusCode,
        404,
      );
      assert.equal(
        (await t.request({ method: 'GET', url: '/api/v1/tags/not-a-uuid', token: owner.token })).statusCode,
        404,
      );
      assert.equal(
        (await t.request({ method: 'GET', url: `/api/v1/tags/${UNKNOWN_ID}`, token: owner.token }))
          .statusCode,
        404,
      );

      await insertShare(t, {
        ownerId: owner.id,
        targetType: 'tag',
        targetId: tag.id,
        recipientUserId: recipient.id,
      });
      const shared = await t.request({
        method: 'GET',
        url: `/api/v1/tags/${tag.id}`,
        token: recipient.token,
      });
      assert.equal(shared.statusCode, 200);

      // A recipient may look, not rename or delete.
      const rename = await t.request({
        method: 'PATCH',
        url: `/api/v1/tags/${tag.id}`,
        token: recipient.token,
        payload: { name: 'mine now' },
      });
      assert.equal(rename.statusCode, 403);
      const del = await t.request({
        method: 'DELETE',
        url: `/api/v1/tags/${tag.id}`,
        token: recipient.token,
      });
      assert.equal(del.statusCode, 403);
      const strangerDel = await t.request({
        method: 'DELETE',
        url: `/api/v1/tags/${tag.id}`,
        token: stranger.token,
      });
      assert.equal(strangerDel.statusCode, 404);
    });

    it('an expired share of a tag shows nothing', async () => {
      const owner = await buildUser(t);
      const recipient = await buildUser(t);
      const tag = await createTag(owner, 'expiring');
      await insertShare(t, {
        ownerId: owner.id,
        targetType: 'tag',
        targetId: tag.id,
        recipientUserId: recipient.id,
        expiresAt: new Date(t.clock.now().getTime() - 1000).toISOString(),
      });
      const res = await t.request({ method: 'GET', url: `/api/v1/tags/${tag.id}`, token: recipient.token });
      assert.equal(res.statusCode, 404);
    });

    it('renames a tag, re-indexes its media and refuses a name already taken', async () => {
      const user = await buildUser(t);
      const tag = await createTag(user, 'glacier');
      const taken = await createTag(user, 'Taken');
      const media = await insertMedia(t, user.id, { title: 'Plain photo', tagIds: [tag.id] });
      assert.deepEqual(await search(user, 'glacier'), [media.id]);

      const res = await t.request({
        method: 'PATCH',
        url: `/api/v1/tags/${tag.id}`,
        token: user.token,
        payload: { name: 'Iceberg' },
      });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().name, 'Iceberg');
      assert.equal(res.json().media_count, 1);
      assert.deepEqual(await search(user, 'iceberg'), [media.id]);
      assert.deepEqual(await search(user, 'glacier'), []);

      const conflict = await t.request({
        method: 'PATCH',
        url: `/api/v1/tags/${tag.id}`,
        token: user.token,
        payload: { name: 'taken' },
      });
      assert.equal(conflict.statusCode, 409);
      assert.equal(conflict.json().error, 'conflict');
      assert.equal(
        (await t.request({ method: 'GET', url: `/api/v1/tags/${taken.id}`, token: user.token })).json().name,
        'Taken',
      );

      // Changing only the case of its own name is allowed.
      const recase = await t.request({
        method: 'PATCH',
        url: `/api/v1/tags/${tag.id}`,
        token: user.token,
        payload: { name: 'ICEBERG' },
      });
      assert.equal(recase.statusCode, 200);

      for (const payload of [{}, { name: '' }, { name: 'a', extra: 1 }]) {
        const bad = await t.request({
          method: 'PATCH',
          url: `/api/v1/tags/${tag.id}`,
          token: user.token,
          payload,
        });
        assert.equal(bad.statusCode, 400, JSON.stringify(payload));
      }
    });

    it('deletes a tag: it leaves its media, the index forgets it and its shares are revoked', async () => {
      const owner = await buildUser(t);
      const recipient = await buildUser(t);
      const tag = await createTag(owner, 'volcano');
      const media = await insertMedia(t, owner.id, { title: 'Mountain', tagIds: [tag.id] });
      const share = await insertShare(t, {
        ownerId: owner.id,
        targetType: 'tag',
        targetId: tag.id,
        recipientUserId: recipient.id,
      });
      assert.deepEqual(await search(owner, 'volcano'), [media.id]);

      const res = await t.request({ method: 'DELETE', url: `/api/v1/tags/${tag.id}`, token: owner.token });
      assert.equal(res.statusCode, 204);
      assert.equal(res.body, '');
      assert.equal(
        (await t.request({ method: 'GET', url: `/api/v1/tags/${tag.id}`, token: owner.token })).statusCode,
        404,
      );
      assert.deepEqual(await search(owner, 'volcano'), []);
      assert.deepEqual(await search(owner, 'mountain'), [media.id]);
      assert.ok((await findShare(t, share.id))?.revoked_at);
      const again = await t.request({ method: 'DELETE', url: `/api/v1/tags/${tag.id}`, token: owner.token });
      assert.equal(again.statusCode, 404);
    });

    it('lists a tag’s media to its owner, and to a recipient only when the share reaches them', async () => {
      const owner = await buildUser(t);
      const recipient = await buildUser(t);
      const narrow = await buildUser(t);
      const stranger = await buildUser(t);
      const tag = await createTag(owner, 'birds');
      const first = await insertMedia(t, owner.id, { title: 'Heron', tagIds: [tag.id] });
      const second = await insertMedia(t, owner.id, { title: 'Crane', tagIds: [tag.id] });
      await insertMedia(t, owner.id, { title: 'Untagged' });
      await insertShare(t, {
        ownerId: owner.id,
        targetType: 'tag',
        targetId: tag.id,
        recipientUserId: recipient.id,
      });
      await insertShare(t, {
        ownerId: owner.id,
        targetType: 'tag',
        targetId: tag.id,
        recipientUserId: narrow.id,
        inheritToChildren: false,
      });

      for (const user of [owner, recipient]) {
        const res = await t.request({
          method: 'GET',
          url: `/api/v1/tags/${tag.id}/media`,
          token: user.token,
        });
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['x-total-count'], '2');
        assert.deepEqual(
          res.json().map((item: { id: string }) => item.id),
          [second.id, first.id],
        );
        assert.deepEqual(res.json()[0].tags, [{ id: tag.id, name: 'birds' }]);
      }
      const paged = await t.request({
        method: 'GET',
        url: `/api/v1/tags/${tag.id}/media?limit=1&offset=1`,
        token: owner.token,
      });
      assert.deepEqual(
        paged.json().map((item: { id: string }) => item.id),
        [first.id],
      );

      const denied = await t.request({
        method: 'GET',
        url: `/api/v1/tags/${tag.id}/media`,
        token: narrow.token,
      });
      assert.equal(denied.statusCode, 403);
      const hidden = await t.request({
        method: 'GET',
        url: `/api/v1/tags/${tag.id}/media`,
        token: stranger.token,
      });
      assert.equal(hidden.statusCode, 404);
      const badLimit = await t.request({
        method: 'GET',
        url: `/api/v1/tags/${tag.id}/media?limit=201`,
        token: owner.token,
      });
      assert.equal(badLimit.statusCode, 400);
    });

    it('tags media idempotently, re-indexes it and keeps a text document’s content searchable', async () => {
      const user = await buildUser(t);
      const red = await createTag(user, 'Crimson');
      const blue = await createTag(user, 'azure');
      const media = await insertMedia(t, user.id, {
        title: 'Notes',
        file_name: 'notes.txt',
        media_type: 'text',
        mime_type: 'text/plain',
        content: 'The quokka is a small marsupial.',
      });
      t.clock.advance(1000);

      const res = await t.request({
        method: 'POST',
        url: `/api/v1/media/${media.id}/tags`,
        token: user.token,
        payload: { tag_ids: [red.id, blue.id, red.id] },
      });
      assert.equal(res.statusCode, 200);
      const item = res.json();
      assert.equal(item.id, media.id);
      assert.deepEqual(item.tags.map((tag: { name: string }) => tag.name).sort(), ['Crimson', 'azure']);
      assert.equal('search_text' in item, false);
      assert.notEqual(item.updated_at, media.updated_at);

      const again = await t.request({
        method: 'POST',
        url: `/api/media/${media.id}/tags`,
        token: user.token,
        payload: { tag_ids: [red.id] },
      });
      assert.equal(again.statusCode, 200);
      assert.equal(again.json().tags.length, 2);

      assert.deepEqual(await search(user, 'crimson'), [media.id]);
      assert.deepEqual(await search(user, 'quokka'), [media.id]);
      assert.deepEqual(await search(user, 'azure quokka'), [media.id]);

      const removed = await t.request({
        method: 'DELETE',
        url: `/api/v1/media/${media.id}/tags/${red.id}`,
        token: user.token,
      });
      assert.equal(removed.statusCode, 204);
      const removedAgain = await t.request({
        method: 'DELETE',
        url: `/api/v1/media/${media.id}/tags/${red.id}`,
        token: user.token,
      });
      assert.equal(removedAgain.statusCode, 404);
      assert.deepEqual(await search(user, 'crimson'), []);
      assert.deepEqual(await search(user, 'quokka'), [media.id]);
      assert.match(await searchTextOf(t, media.id), /quokka/);
    });

    it('refuses unknown and foreign tags, all or nothing, and bad bodies', async () => {
      const user = await buildUser(t);
      const other = await buildUser(t);
      const mine = await createTag(user, 'mine');
      const foreign = await createTag(other, 'foreign');
      const media = await insertMedia(t, user.id);

      const res = await t.request({
        method: 'POST',
        url: `/api/v1/media/${media.id}/tags`,
        token: user.token,
        payload: { tag_ids: [mine.id, foreign.id, UNKNOWN_ID] },
      });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(
        res.json().details.map((detail: { field: string }) => detail.field),
        ['tag_ids.1', 'tag_ids.2'],
      );
      const tagsNow = await t.request({ method: 'GET', url: `/api/v1/tags/${mine.id}`, token: user.token });
      assert.equal(tagsNow.json().media_count, 0);

      for (const payload of [
        {},
        { tag_ids: [] },
        { tag_ids: ['not-a-uuid'] },
        { tag_ids: Array.from({ length: 101 }, () => mine.id) },
        { tag_ids: [mine.id], extra: true },
        { tag_ids: mine.id },
      ]) {
        const bad = await t.request({
          method: 'POST',
          url: `/api/v1/media/${media.id}/tags`,
          token: user.token,
          payload,
        });
        assert.equal(bad.statusCode, 400, JSON.stringify(payload).slice(0, 80));
      }

      // Someone else's media is not there at all; nor is an invalid id.
      const theirs = await insertMedia(t, other.id);
      const idor = await t.request({
        method: 'POST',
        url: `/api/v1/media/${theirs.id}/tags`,
        token: user.token,
        payload: { tag_ids: [foreign.id] },
      });
      assert.equal(idor.statusCode, 404);
      const idorDelete = await t.request({
        method: 'DELETE',
        url: `/api/v1/media/${theirs.id}/tags/${foreign.id}`,
        token: user.token,
      });
      assert.equal(idorDelete.statusCode, 404);
      const badPath = await t.request({
        method: 'POST',
        url: '/api/v1/media/nope/tags',
        token: user.token,
        payload: { tag_ids: [mine.id] },
      });
      assert.equal(badPath.statusCode, 404);
    });

    it('lets a recipient with can_edit tag shared media with the owner’s tags; can_view alone gets 403', async () => {
      const owner = await buildUser(t);
      const editor = await buildUser(t, { role: 'viewer' });
      const looker = await buildUser(t);
      const ownerTag = await createTag(owner, 'approved');
      const editorTag = await createTag(editor, 'my-own-tag');
      const media = await insertMedia(t, owner.id, { title: 'Shared photo' });
      await insertShare(t, {
        ownerId: owner.id,
        targetType: 'media',
        targetId: media.id,
        recipientUserId: editor.id,
        permissions: { can_edit: true },
      });
      await insertShare(t, {
        ownerId: owner.id,
        targetType: 'media',
        targetId: media.id,
        recipientUserId: looker.id,
      });

      const ok = await t.request({
        method: 'POST',
        url: `/api/v1/media/${media.id}/tags`,
        token: editor.token,
        payload: { tag_ids: [ownerTag.id] },
      });
      assert.equal(ok.statusCode, 200);
      assert.deepEqual(ok.json().tags, [{ id: ownerTag.id, name: 'approved' }]);
      assert.deepEqual(await search(owner, 'approved'), [media.id]);

      // The recipient's own tags do not belong on the owner's item.
      const ownTag = await t.request({
        method: 'POST',
        url: `/api/v1/media/${media.id}/tags`,
        token: editor.token,
        payload: { tag_ids: [editorTag.id] },
      });
      assert.equal(ownTag.statusCode, 400);

      const viewOnly = await t.request({
        method: 'POST',
        url: `/api/v1/media/${media.id}/tags`,
        token: looker.token,
        payload: { tag_ids: [ownerTag.id] },
      });
      assert.equal(viewOnly.statusCode, 403);
      const viewOnlyDelete = await t.request({
        method: 'DELETE',
        url: `/api/v1/media/${media.id}/tags/${ownerTag.id}`,
        token: looker.token,
      });
      assert.equal(viewOnlyDelete.statusCode, 403);

      const untag = await t.request({
        method: 'DELETE',
        url: `/api/v1/media/${media.id}/tags/${ownerTag.id}`,
        token: editor.token,
      });
      assert.equal(untag.statusCode, 204);
    });
  });
}
