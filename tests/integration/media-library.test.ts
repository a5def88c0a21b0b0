import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { newId } from '../../src/lib/ids.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import { storedFiles, uploadOne, type UploadedMedia } from '../helpers/media.js';

const ids = (res: { json(): unknown }) => (res.json() as Array<{ id: string }>).map((item) => item.id);

for (const dialect of DIALECTS) {
  describe(`media library on ${dialect}`, () => {
    let t: TestApp;
    let owner: TestUser;
    let stranger: TestUser;
    before(async () => {
      t = await startTestApp(dialect);
      owner = await buildUser(t);
      stranger = await buildUser(t);
    });
    after(() => t.close());

    async function tag(user: TestUser, name: string, media: UploadedMedia[]): Promise<string> {
      const id = newId();
      await t.ctx.db.kysely
        .insertInto('tags')
        .values({ id, owner_id: user.id, name, created_at: t.clock.now().toISOString() })
        .execute();
      for (const item of media)
        await t.ctx.db.kysely.insertInto('media_tags').values({ media_id: item.id, tag_id: id }).execute();
      return id;
    }

    async function shareWith(item: UploadedMedia, recipient: TestUser): Promise<string> {
      const id = newId();
      const now = t.clock.now().toISOString();
      await t.ctx.db.kysely
        .insertInto('shares')
        .values({
          id,
          owner_id: item.owner_id,
          target_type: 'media',
          target_id: item.id,
          recipient_type: 'user',
          recipient_user_id: recipient.id,
          recipient_group_id: null,
          token_hash: null,
          token_sealed: null,
          password_hash: null,
          can_view: 1,
          can_download: 1,
          can_edit: 0,
          can_delete: 0,
          can_reshare: 0,
          can_add: 0,
          note: null,
          expires_at: null,
          max_access_count: null,
          last_accessed_at: null,
          inherit_to_children: 1,
          parent_share_id: null,
          revoked_at: null,
          expired_logged_at: null,
          access_notified_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      return id;
    }

    it('requires authentication', async () => {
      assert.equal((await t.request({ method: 'GET', url: '/api/v1/media' })).statusCode, 401);
    });

    it('lists only the caller’s media, newest first, paged, with the total', async () => {
      const user = await buildUser(t);
      const items: UploadedMedia[] = [];
      for (const name of ['a', 'b', 'c']) {
        items.push(await uploadOne(t, user, 'x', { bytes: `content ${name}`, fileName: `${name}.txt` }));
        t.clock.advance(1000);
      }
      await uploadOne(t, stranger, 'x', { bytes: 'not yours', fileName: 'theirs.txt' });
      const all = await t.request({ method: 'GET', url: '/api/v1/media', token: user.token });
      assert.equal(all.statusCode, 200);
      assert.equal(all.headers['x-total-count'], '3');
      assert.deepEqual(ids(all), items.map((item) => item.id).reverse());
      const page = await t.request({
        method: 'GET',
        url: '/api/v1/media?offset=1&limit=1',
        token: user.token,
      });
      assert.deepEqual(ids(page), [items[1]?.id]);
      assert.equal(page.headers['x-total-count'], '3');
      for (const query of ['limit=0', 'limit=201', 'offset=-1', 'type=movie', 'tag=nope', 'colour=red']) {
        const bad = await t.request({ method: 'GET', url: `/api/v1/media?${query}`, token: user.token });
        assert.equal(bad.statusCode, 400, query);
      }
    });

    it('filters by type, words and tag', async () => {
      const user = await buildUser(t);
      const photo = await uploadOne(t, user, 'photo.jpg');
      const song = await uploadOne(t, user, 'song.mp3');
      const text = await uploadOne(t, user, 'plain.txt');
      const images = await t.request({ method: 'GET', url: '/api/v1/media?type=image', token: user.token });
      assert.deepEqual(ids(images), [photo.id]);
      const band = await t.request({
        method: 'GET',
        url: '/api/v1/media?q=fixture%20band',
        token: user.token,
      });
      assert.deepEqual(ids(band), [song.id]);
      const camera = await t.request({ method: 'GET', url: '/api/v1/media?q=pinakes', token: user.token });
      assert.deepEqual(ids(camera), [photo.id]);
      const noWords = await t.request({ method: 'GET', url: '/api/v1/media?q=%21%21', token: user.token });
      assert.equal(noWords.headers['x-total-count'], '3');

      const favourites = await tag(user, 'favourites', [photo, text]);
      const tagged = await t.request({
        method: 'GET',
        url: `/api/v1/media?tag=${favourites}`,
        token: user.token,
      });
      assert.deepEqual(ids(tagged).sort(), [photo.id, text.id].sort());
      const both = await t.request({
        method: 'GET',
        url: `/api/v1/media?tag=${favourites}&type=text`,
        token: user.token,
      });
      assert.deepEqual(ids(both), [text.id]);
      // Someone else's tag filters nothing in: it is not the caller's.
      const theirs = await tag(stranger, 'theirs', [photo]);
      const foreign = await t.request({
        method: 'GET',
        url: `/api/v1/media?tag=${theirs}`,
        token: user.token,
      });
      assert.deepEqual(ids(foreign), []);
    });

    it('gets an item; another user’s item and unknown or malformed ids are 404', async () => {
      const item = await uploadOne(t, owner, 'icon.png');
      const res = await t.request({ method: 'GET', url: `/api/v1/media/${item.id}`, token: owner.token });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), item);
      const admin = await buildUser(t, { role: 'admin' });
      for (const token of [stranger.token, admin.token]) {
        const hidden = await t.request({ method: 'GET', url: `/api/v1/media/${item.id}`, token });
        assert.equal(hidden.statusCode, 404);
      }
      assert.equal(
        (await t.request({ method: 'GET', url: `/api/v1/media/${newId()}`, token: owner.token })).statusCode,
        404,
      );
      assert.equal(
        (await t.request({ method: 'GET', url: '/api/v1/media/1234', token: owner.token })).statusCode,
        404,
      );
      assert.equal(
        (await t.request({ method: 'GET', url: `/api/media/${item.id}`, token: owner.token })).statusCode,
        200,
      );
    });

    it('shows an item to a user it is shared with, who still cannot change it', async () => {
      const item = await uploadOne(t, owner, 'x', { bytes: 'shared words', fileName: 'shared.txt' });
      await shareWith(item, stranger);
      const seen = await t.request({ method: 'GET', url: `/api/v1/media/${item.id}`, token: stranger.token });
      assert.equal(seen.statusCode, 200);
      const patch = await t.request({
        method: 'PATCH',
        url: `/api/v1/media/${item.id}`,
        token: stranger.token,
        payload: { title: 'Mine now' },
      });
      assert.equal(patch.statusCode, 403);
      const del = await t.request({
        method: 'DELETE',
        url: `/api/v1/media/${item.id}`,
        token: stranger.token,
      });
      assert.equal(del.statusCode, 403);
      // The shared item is not in the recipient's own library.
      const list = await t.request({ method: 'GET', url: '/api/v1/media', token: stranger.token });
      assert.equal(ids(list).includes(item.id), false);
    });

    it('updates title and description, and search follows', async () => {
      const item = await uploadOne(t, owner, 'x', { bytes: 'patch me', fileName: 'patchable.txt' });
      await tag(owner, 'keepme', [item]);
      t.clock.advance(5000);
      const res = await t.request({
        method: 'PATCH',
        url: `/api/v1/media/${item.id}`,
        token: owner.token,
        payload: { title: 'Northern lights', description: 'Seen from Tromsø' },
      });
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.equal(body.title, 'Northern lights');
      assert.equal(body.description, 'Seen from Tromsø');
      assert.notEqual(body.updated_at, item.updated_at);
      assert.equal(body.created_at, item.created_at);
      assert.deepEqual(
        body.tags.map((t: { name: string }) => t.name),
        ['keepme'],
      );
      for (const words of ['northern', 'tromso', 'keepme', 'patch']) {
        const found = await t.request({ method: 'GET', url: `/api/v1/media?q=${words}`, token: owner.token });
        assert.ok(ids(found).includes(item.id), words);
      }
      const cleared = await t.request({
        method: 'PATCH',
        url: `/api/v1/media/${item.id}`,
        token: owner.token,
        payload: { description: null },
      });
      assert.equal(cleared.json().description, null);
      assert.equal(cleared.json().title, 'Northern lights');
    });

    it('refuses bad PATCH bodies and other people’s items', async () => {
      const item = await uploadOne(t, owner, 'x', { bytes: 'strict body', fileName: 'strict.txt' });
      const url = `/api/v1/media/${item.id}`;
      for (const payload of [
        {},
        { title: '' },
        { title: 5 },
        { title: 'ok', owner_id: stranger.id },
        { file_name: 'x' },
      ]) {
        const res = await t.request({ method: 'PATCH', url, token: owner.token, payload });
        assert.equal(res.statusCode, 400, JSON.stringify(payload));
        assert.equal(res.json().error, 'bad_request');
      }
      const long = await t.request({
        method: 'PATCH',
        url,
        token: owner.token,
        payload: { title: 'x'.repeat(501) },
      });
      assert.equal(long.statusCode, 400);
      const foreign = await t.request({
        method: 'PATCH',
        url,
        token: stranger.token,
        payload: { title: 'Hijack' },
      });
      assert.equal(foreign.statusCode, 404);
      const unchanged = await t.request({ method: 'GET', url, token: owner.token });
      assert.equal(unchanged.json().title, 'strict');
      assert.equal(
        (
          await t.request({
            method: 'PATCH',
            url: '/api/v1/media/xyz',
            token: owner.token,
            payload: { title: 'a' },
          })
        ).statusCode,
        404,
      );
    });

    it('deletes an item, ends its shares, and removes its file when nobody else has the bytes', async () => {
      const mine = await uploadOne(t, owner, 'photo.jpg', {
        bytes: Buffer.concat([Buffer.from('unique prefix'), Buffer.alloc(10, 1)]),
        fileName: 'solo.bin',
      });
      const shared = await uploadOne(t, owner, 'icon.png');
      const theirs = await uploadOne(t, stranger, 'icon.png');
      assert.equal(theirs.content_hash, shared.content_hash);
      const thumbnail = await t.request({
        method: 'GET',
        url: `/api/v1/media/${shared.id}/thumbnail`,
        token: owner.token,
      });
      assert.equal(thumbnail.statusCode, 200);
      const shareId = await shareWith(mine, stranger);

      const foreign = await t.request({
        method: 'DELETE',
        url: `/api/v1/media/${mine.id}`,
        token: stranger.token,
      });
      assert.equal(foreign.statusCode, 403);
      const res = await t.request({ method: 'DELETE', url: `/api/v1/media/${mine.id}`, token: owner.token });
      assert.equal(res.statusCode, 204);
      assert.equal(
        (await t.request({ method: 'GET', url: `/api/v1/media/${mine.id}`, token: owner.token })).statusCode,
        404,
      );
      assert.equal(
        storedFiles(t).some((file) => file.endsWith(mine.content_hash)),
        false,
      );
      const share = await t.ctx.db.kysely
        .selectFrom('shares')
        .select('revoked_at')
        .where('id', '=', shareId)
        .executeTakeFirst();
      assert.ok(share?.revoked_at);

      // The same bytes are still someone else's: the file and its thumbnail stay.
      assert.equal(
        (await t.request({ method: 'DELETE', url: `/api/v1/media/${shared.id}`, token: owner.token }))
          .statusCode,
        204,
      );
      assert.ok(storedFiles(t).some((file) => file.endsWith(shared.content_hash)));
      const theirStream = await t.request({
        method: 'GET',
        url: `/api/v1/media/${theirs.id}/stream`,
        token: stranger.token,
      });
      assert.equal(theirStream.statusCode, 200);
      const thumbs = () =>
        fs.readdirSync(path.join(t.dataDir, 'thumbnails')).filter((n) => n.startsWith(shared.content_hash));
      assert.equal(thumbs().length, 1);

      // The last reference goes: so do the file and the thumbnails.
      assert.equal(
        (await t.request({ method: 'DELETE', url: `/api/v1/media/${theirs.id}`, token: stranger.token }))
          .statusCode,
        204,
      );
      assert.equal(
        storedFiles(t).some((file) => file.endsWith(shared.content_hash)),
        false,
      );
      assert.equal(thumbs().length, 0);
      assert.equal(
        (await t.request({ method: 'DELETE', url: `/api/v1/media/${theirs.id}`, token: stranger.token }))
          .statusCode,
        404,
      );
    });

    it('cleans up a deleted owner’s files with deleteOwnerMediaFiles', async () => {
      const { deleteOwnerMediaFiles } = await import('../../src/services/media-files.service.js');
      const leaving = await buildUser(t);
      const staying = await buildUser(t);
      const own = await uploadOne(t, leaving, 'x', {
        bytes: 'only the leaver has this',
        fileName: 'own.txt',
      });
      const common = await uploadOne(t, leaving, 'x', { bytes: 'both have this', fileName: 'common.txt' });
      await uploadOne(t, staying, 'x', { bytes: 'both have this', fileName: 'common.txt' });
      const shareId = await shareWith(common, staying);
      await deleteOwnerMediaFiles(t.ctx, leaving.id, async (trx) => {
        await trx.deleteFrom('users').where('id', '=', leaving.id).execute();
      });
      assert.equal(
        storedFiles(t).some((file) => file.endsWith(own.content_hash)),
        false,
      );
      assert.ok(storedFiles(t).some((file) => file.endsWith(common.content_hash)));
      const share = await t.ctx.db.kysely
        .selectFrom('shares')
        .select('id')
        .where('id', '=', shareId)
        .executeTakeFirst();
      assert.equal(share, undefined);
    });
  });
}
