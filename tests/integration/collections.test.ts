import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import { findShare, insertMedia, insertShare, UNKNOWN_ID } from '../helpers/library.js';

interface CollectionBody {
  id: string;
  owner_id: string;
  name: string;
  description: string | null;
  media_count: number;
  cover_media_id: string | null;
  created_at: string;
  updated_at: string;
}

for (const dialect of DIALECTS) {
  describe(`collections on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
    });
    after(() => t.close());

    async function createCollection(
      user: TestUser,
      name: string,
      description?: string,
    ): Promise<CollectionBody> {
      t.clock.advance(1000);
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/collections',
        token: user.token,
        payload: description === undefined ? { name } : { name, description },
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    }

    async function addMembers(user: TestUser, collectionId: string, mediaIds: string[]) {
      return t.request({
        method: 'POST',
        url: `/api/v1/collections/${collectionId}/members`,
        token: user.token,
        payload: { media_ids: mediaIds },
      });
    }

    async function memberIds(user: TestUser, collectionId: string): Promise<string[]> {
      const res = await t.request({
        method: 'GET',
        url: `/api/v1/collections/${collectionId}/members`,
        token: user.token,
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json().map((item: { id: string }) => item.id);
    }

    it('requires authentication', async () => {
      for (const [method, url] of [
        ['POST', '/api/v1/collections'],
        ['GET', '/api/v1/collections'],
        ['GET', `/api/v1/collections/${UNKNOWN_ID}`],
        ['PATCH', `/api/v1/collections/${UNKNOWN_ID}`],
        ['DELETE', `/api/v1/collections/${UNKNOWN_ID}`],
        ['POST', `/api/v1/collections/${UNKNOWN_ID}/members`],
        ['GET', `/api/v1/collections/${UNKNOWN_ID}/members`],
        ['DELETE', `/api/v1/collections/${UNKNOWN_ID}/members/${UNKNOWN_ID}`],
      ] as const) {
        const res = await t.request({
          method,
          url,
          payload: method === 'POST' || method === 'PATCH' ? {} : undefined,
        });
        assert.equal(res.statusCode, 401, `${method} ${url}`);
      }
    });

    it('creates a collection for editors and admins; viewers get 403', async () => {
      const editor = await buildUser(t);
      const admin = await buildUser(t, { role: 'admin' });
      const viewer = await buildUser(t, { role: 'viewer' });

      const created = await createCollection(editor, '  Holidays 2026 ', ' Summer trip ');
      assert.equal(created.name, 'Holidays 2026');
      assert.equal(created.description, 'Summer trip');
      assert.equal(created.owner_id, editor.id);
      assert.equal(created.media_count, 0);
      assert.equal(created.cover_media_id, null);
      assert.equal(created.created_at, created.updated_at);

      const byAdmin = await createCollection(admin, 'Admin album');
      assert.equal(byAdmin.description, null);

      const denied = await t.request({
        method: 'POST',
        url: '/api/v1/collections',
        token: viewer.token,
        payload: { name: 'Not allowed' },
      });
      assert.equal(denied.statusCode, 403);
      assert.equal(denied.json().error, 'forbidden');
    });

    it('refuses bad collection bodies with 400', async () => {
      const user = await buildUser(t);
      for (const payload of [
        {},
        { name: '' },
        { name: '  ' },
        { name: 'x'.repeat(201) },
        { name: 'ok', description: 'd'.repeat(2001) },
        { name: 'ok', description: 5 },
        { name: 'ok', owner_id: user.id },
      ]) {
        const res = await t.request({
          method: 'POST',
          url: '/api/v1/collections',
          token: user.token,
          payload,
        });
        assert.equal(res.statusCode, 400, JSON.stringify(payload).slice(0, 60));
        assert.equal(res.json().error, 'bad_request');
      }
      const list = await t.request({ method: 'GET', url: '/api/v1/collections', token: user.token });
      assert.equal(list.headers['x-total-count'], '0');
    });

    it('lists own collections newest first with counts and the newest member as cover', async () => {
      const user = await buildUser(t);
      const other = await buildUser(t);
      const older = await createCollection(user, 'Older');
      const newer = await createCollection(user, 'Newer');
      await createCollection(other, 'Not mine');
      const a = await insertMedia(t, user.id);
      const b = await insertMedia(t, user.id);
      assert.equal((await addMembers(user, older.id, [a.id])).statusCode, 200);
      t.clock.advance(1000);
      assert.equal((await addMembers(user, older.id, [b.id])).statusCode, 200);

      const res = await t.request({ method: 'GET', url: '/api/collections', token: user.token });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['x-total-count'], '2');
      const body: CollectionBody[] = res.json();
      assert.deepEqual(
        body.map((c) => c.id),
        [newer.id, older.id],
      );
      assert.equal(body[1]?.media_count, 2);
      assert.equal(body[1]?.cover_media_id, b.id);
      assert.equal(body[0]?.cover_media_id, null);

      const page = await t.request({
        method: 'GET',
        url: '/api/v1/collections?offset=1&limit=1',
        token: user.token,
      });
      assert.deepEqual(
        page.json().map((c: CollectionBody) => c.id),
        [older.id],
      );
      for (const query of ['limit=0', 'limit=201', 'offset=-1', 'mine=true']) {
        const bad = await t.request({
          method: 'GET',
          url: `/api/v1/collections?${query}`,
          token: user.token,
        });
        assert.equal(bad.statusCode, 400, query);
      }
    });

    it('prefers the newest image or video member as cover, else the newest member', async () => {
      const user = await buildUser(t);
      const collection = await createCollection(user, 'Mixed');
      const getCover = async () => {
        const res = await t.request({
          method: 'GET',
          url: `/api/v1/collections/${collection.id}`,
          token: user.token,
        });
        assert.equal(res.statusCode, 200, res.body);
        return res.json<CollectionBody>().cover_media_id;
      };
      const song = await insertMedia(t, user.id, { media_type: 'audio', mime_type: 'audio/mpeg' });
      await addMembers(user, collection.id, [song.id]);
      // Nothing with a picture yet: the newest member.
      assert.equal(await getCover(), song.id);

      const photo = await insertMedia(t, user.id);
      t.clock.advance(1000);
      await addMembers(user, collection.id, [photo.id]);
      const clip = await insertMedia(t, user.id, { media_type: 'video', mime_type: 'video/mp4' });
      t.clock.advance(1000);
      await addMembers(user, collection.id, [clip.id]);
      // Added after the video, but without a picture of its own: neither becomes the cover.
      const note = await insertMedia(t, user.id, { media_type: 'text', mime_type: 'text/plain' });
      const drawing = await insertMedia(t, user.id, { mime_type: 'image/svg+xml' });
      t.clock.advance(1000);
      await addMembers(user, collection.id, [note.id, drawing.id]);
      assert.equal(await getCover(), clip.id);

      const list = await t.request({ method: 'GET', url: '/api/v1/collections', token: user.token });
      const listed = list.json<CollectionBody[]>().find((item) => item.id === collection.id);
      assert.equal(listed?.cover_media_id, clip.id);

      const removed = await t.request({
        method: 'DELETE',
        url: `/api/v1/collections/${collection.id}/members/${clip.id}`,
        token: user.token,
      });
      assert.equal(removed.statusCode, 204);
      assert.equal(await getCover(), photo.id);
    });

    it('shows, renames and deletes a collection for its owner only', async () => {
      const owner = await buildUser(t);
      const stranger = await buildUser(t);
      const collection = await createCollection(owner, 'Original', 'First description');
      const media = await insertMedia(t, owner.id);
      await addMembers(owner, collection.id, [media.id]);

      const got = await t.request({
        method: 'GET',
        url: `/api/v1/collections/${collection.id}`,
        token: owner.token,
      });
      assert.equal(got.statusCode, 200);
      assert.equal(got.json().media_count, 1);
      assert.equal(got.json().cover_media_id, media.id);

      for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
        const res = await t.request({
          method,
          url: `/api/v1/collections/${collection.id}`,
          token: stranger.token,
          payload: method === 'PATCH' ? { name: 'Stolen' } : undefined,
        });
        assert.equal(res.statusCode, 404, method);
      }
      assert.equal(
        (await t.request({ method: 'GET', url: '/api/v1/collections/123', token: owner.token })).statusCode,
        404,
      );
      assert.equal(
        (await t.request({ method: 'GET', url: `/api/v1/collections/${UNKNOWN_ID}`, token: owner.token }))
          .statusCode,
        404,
      );

      t.clock.advance(1000);
      const renamed = await t.request({
        method: 'PATCH',
        url: `/api/v1/collections/${collection.id}`,
        token: owner.token,
        payload: { name: 'Renamed', description: null },
      });
      assert.equal(renamed.statusCode, 200);
      assert.equal(renamed.json().name, 'Renamed');
      assert.equal(renamed.json().description, null);
      assert.notEqual(renamed.json().updated_at, collection.updated_at);

      for (const payload of [{}, { name: '' }, { title: 'x' }, { description: 'd'.repeat(2001) }]) {
        const bad = await t.request({
          method: 'PATCH',
          url: `/api/v1/collections/${collection.id}`,
          token: owner.token,
          payload,
        });
        assert.equal(bad.statusCode, 400, JSON.stringify(payload).slice(0, 60));
      }

      const deleted = await t.request({
        method: 'DELETE',
        url: `/api/v1/collections/${collection.id}`,
        token: owner.token,
      });
      assert.equal(deleted.statusCode, 204);
      assert.equal(
        (await t.request({ method: 'GET', url: `/api/v1/collections/${collection.id}`, token: owner.token }))
          .statusCode,
        404,
      );
      // The media stay in the library.
      const still = await t.ctx.db.kysely
        .selectFrom('media')
        .select('id')
        .where('id', '=', media.id)
        .executeTakeFirst();
      assert.ok(still);
    });

    it('deleting a collection revokes its shares', async () => {
      const owner = await buildUser(t);
      const recipient = await buildUser(t);
      const collection = await createCollection(owner, 'To be deleted');
      const share = await insertShare(t, {
        ownerId: owner.id,
        targetType: 'collection',
        targetId: collection.id,
        recipientUserId: recipient.id,
      });
      assert.equal(
        (
          await t.request({
            method: 'GET',
            url: `/api/v1/collections/${collection.id}`,
            token: recipient.token,
          })
        ).statusCode,
        200,
      );
      const res = await t.request({
        method: 'DELETE',
        url: `/api/v1/collections/${collection.id}`,
        token: owner.token,
      });
      assert.equal(res.statusCode, 204);
      const after = await findShare(t, share.id);
      assert.ok(after?.revoked_at, 'the share is revoked');
    });

    it('adds own media all or nothing, idempotently, and lists members most recently added first', async () => {
      const owner = await buildUser(t);
      const other = await buildUser(t);
      const collection = await createCollection(owner, 'Album');
      const first = await insertMedia(t, owner.id);
      const second = await insertMedia(t, owner.id);
      const foreign = await insertMedia(t, other.id);

      const refused = await addMembers(owner, collection.id, [first.id, foreign.id, UNKNOWN_ID]);
      assert.equal(refused.statusCode, 400);
      assert.deepEqual(
        refused.json().details.map((d: { field: string }) => d.field),
        ['media_ids.1', 'media_ids.2'],
      );
      assert.deepEqual(await memberIds(owner, collection.id), []);

      const added = await addMembers(owner, collection.id, [first.id]);
      assert.equal(added.statusCode, 200);
      assert.deepEqual(added.json(), { added: 1 });
      t.clock.advance(1000);
      const more = await addMembers(owner, collection.id, [first.id, second.id, second.id]);
      assert.deepEqual(more.json(), { added: 1 });

      const members = await t.request({
        method: 'GET',
        url: `/api/v1/collections/${collection.id}/members`,
        token: owner.token,
      });
      assert.equal(members.headers['x-total-count'], '2');
      assert.deepEqual(
        members.json().map((m: { id: string }) => m.id),
        [second.id, first.id],
      );
      assert.deepEqual(members.json()[0].tags, []);
      const paged = await t.request({
        method: 'GET',
        url: `/api/v1/collections/${collection.id}/members?offset=1&limit=1`,
        token: owner.token,
      });
      assert.deepEqual(
        paged.json().map((m: { id: string }) => m.id),
        [first.id],
      );

      for (const payload of [
        {},
        { media_ids: [] },
        { media_ids: ['x'] },
        { media_ids: [first.id], more: 1 },
      ]) {
        const bad = await t.request({
          method: 'POST',
          url: `/api/v1/collections/${collection.id}/members`,
          token: owner.token,
          payload,
        });
        assert.equal(bad.statusCode, 400, JSON.stringify(payload));
      }
      const tooMany = await addMembers(
        owner,
        collection.id,
        Array.from({ length: 501 }, () => first.id),
      );
      assert.equal(tooMany.statusCode, 400);

      // Nobody else sees or changes the members.
      assert.equal((await addMembers(other, collection.id, [foreign.id])).statusCode, 404);
      const peek = await t.request({
        method: 'GET',
        url: `/api/v1/collections/${collection.id}/members`,
        token: other.token,
      });
      assert.equal(peek.statusCode, 404);
      const pull = await t.request({
        method: 'DELETE',
        url: `/api/v1/collections/${collection.id}/members/${first.id}`,
        token: other.token,
      });
      assert.equal(pull.statusCode, 404);

      const removed = await t.request({
        method: 'DELETE',
        url: `/api/v1/collections/${collection.id}/members/${first.id}`,
        token: owner.token,
      });
      assert.equal(removed.statusCode, 204);
      const again = await t.request({
        method: 'DELETE',
        url: `/api/v1/collections/${collection.id}/members/${first.id}`,
        token: owner.token,
      });
      assert.equal(again.statusCode, 404);
      assert.deepEqual(await memberIds(owner, collection.id), [second.id]);
    });

    it('a can_add recipient adds their own media but not someone else’s, and takes out only their own', async () => {
      const owner = await buildUser(t);
      const contributor = await buildUser(t);
      const looker = await buildUser(t);
      const collection = await createCollection(owner, 'Shared album');
      const ownersItem = await insertMedia(t, owner.id);
      const contributorsItem = await insertMedia(t, contributor.id);
      const lookersItem = await insertMedia(t, looker.id);
      await addMembers(owner, collection.id, [ownersItem.id]);
      await insertShare(t, {
        ownerId: owner.id,
        targetType: 'collection',
        targetId: collection.id,
        recipientUserId: contributor.id,
        permissions: { can_add: true },
      });
      await insertShare(t, {
        ownerId: owner.id,
        targetType: 'collection',
        targetId: collection.id,
        recipientUserId: looker.id,
      });

      // Media the contributor can see but does not own are not theirs to add.
      assert.equal(
        (await addMembers(contributor, collection.id, [ownersItem.id, lookersItem.id])).statusCode,
        400,
      );
      const added = await addMembers(contributor, collection.id, [contributorsItem.id]);
      assert.equal(added.statusCode, 200);
      assert.deepEqual(added.json(), { added: 1 });

      // can_view alone does not let one add.
      const denied = await addMembers(looker, collection.id, [lookersItem.id]);
      assert.equal(denied.statusCode, 403);

      for (const user of [owner, contributor, looker]) {
        assert.deepEqual(await memberIds(user, collection.id), [contributorsItem.id, ownersItem.id]);
      }
      // The collection's owner may open what was added, but it stays the contributor's to change.
      const opened = await t.request({
        method: 'GET',
        url: `/api/v1/media/${contributorsItem.id}`,
        token: owner.token,
      });
      assert.equal(opened.statusCode, 200);
      const edit = await t.request({
        method: 'PATCH',
        url: `/api/v1/media/${contributorsItem.id}`,
        token: owner.token,
        payload: { title: 'Taken over' },
      });
      assert.equal(edit.statusCode, 403);
      const stranger = await buildUser(t);
      const hidden = await t.request({
        method: 'GET',
        url: `/api/v1/media/${contributorsItem.id}`,
        token: stranger.token,
      });
      assert.equal(hidden.statusCode, 404);
      const seen = await t.request({
        method: 'GET',
        url: `/api/v1/collections/${collection.id}`,
        token: looker.token,
      });
      assert.equal(seen.statusCode, 200);
      assert.equal(seen.json().media_count, 2);

      // Recipients may not manage the collection.
      const rename = await t.request({
        method: 'PATCH',
        url: `/api/v1/collections/${collection.id}`,
        token: contributor.token,
        payload: { name: 'Mine' },
      });
      assert.equal(rename.statusCode, 403);
      const del = await t.request({
        method: 'DELETE',
        url: `/api/v1/collections/${collection.id}`,
        token: contributor.token,
      });
      assert.equal(del.statusCode, 403);

      const notTheirs = await t.request({
        method: 'DELETE',
        url: `/api/v1/collections/${collection.id}/members/${ownersItem.id}`,
        token: contributor.token,
      });
      assert.equal(notTheirs.statusCode, 403);
      const byLooker = await t.request({
        method: 'DELETE',
        url: `/api/v1/collections/${collection.id}/members/${contributorsItem.id}`,
        token: looker.token,
      });
      assert.equal(byLooker.statusCode, 403);
      const own = await t.request({
        method: 'DELETE',
        url: `/api/v1/collections/${collection.id}/members/${contributorsItem.id}`,
        token: contributor.token,
      });
      assert.equal(own.statusCode, 204);
      assert.deepEqual(await memberIds(owner, collection.id), [ownersItem.id]);
    });

    it('a share that does not reach the children shows the collection but not its media', async () => {
      const owner = await buildUser(t);
      const recipient = await buildUser(t);
      const collection = await createCollection(owner, 'Cover only');
      const media = await insertMedia(t, owner.id);
      await addMembers(owner, collection.id, [media.id]);
      await insertShare(t, {
        ownerId: owner.id,
        targetType: 'collection',
        targetId: collection.id,
        recipientUserId: recipient.id,
        inheritToChildren: false,
      });
      const got = await t.request({
        method: 'GET',
        url: `/api/v1/collections/${collection.id}`,
        token: recipient.token,
      });
      assert.equal(got.statusCode, 200);
      assert.equal(got.json().cover_media_id, null);
      const members = await t.request({
        method: 'GET',
        url: `/api/v1/collections/${collection.id}/members`,
        token: recipient.token,
      });
      assert.equal(members.statusCode, 403);
    });

    it('a revoked share shows nothing', async () => {
      const owner = await buildUser(t);
      const recipient = await buildUser(t);
      const collection = await createCollection(owner, 'Revoked');
      const share = await insertShare(t, {
        ownerId: owner.id,
        targetType: 'collection',
        targetId: collection.id,
        recipientUserId: recipient.id,
      });
      await t.ctx.db.kysely
        .updateTable('shares')
        .set({ revoked_at: t.clock.now().toISOString() })
        .where('id', '=', share.id)
        .execute();
      const res = await t.request({
        method: 'GET',
        url: `/api/v1/collections/${collection.id}`,
        token: recipient.token,
      });
      assert.equal(res.statusCode, 404);
    });
  });
}
