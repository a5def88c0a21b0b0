import { fixture } from '../helpers/fixtures.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MediaRow } from '../../src/db/schema.js';
import { flushLinkActivity } from '../../src/services/public-link-state.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import { insertCollection, insertLink, insertStoredMedia } from '../helpers/links.js';

const PHOTO = fixture('photo.jpg');
const NO_STORE = 'private, no-store';

for (const dialect of DIALECTS) {
  describe(`files through public links on ${dialect}`, () => {
    let t: TestApp;
    let owner: TestUser;
    let photo: MediaRow;
    let text: MediaRow;
    let outside: MediaRow;
    before(async () => {
      t = await startTestApp(dialect);
      owner = await buildUser(t);
      photo = await insertStoredMedia(t, owner.id, {
        bytes: PHOTO,
        mime_type: 'image/jpeg',
        file_name: 'photo.jpg',
        title: 'Photo',
      });
      await t.ctx.db.kysely
        .updateTable('media')
        .set({ media_type: 'image' })
        .where('id', '=', photo.id)
        .execute();
      text = await insertStoredMedia(t, owner.id, {
        bytes: Buffer.from('aurora borealis over the fjord\n'),
        mime_type: 'text/plain',
        file_name: 'note.txt',
      });
      outside = await insertStoredMedia(t, owner.id, { bytes: Buffer.from('not in the link') });
    });
    after(() => t.close());

    /** A link to a collection of the photo and the text, opened once: its token and access token. */
    async function openedLink(options: { password?: string; can_download?: boolean } = {}) {
      const collectionId = await insertCollection(t, owner.id, [photo.id, text.id]);
      const link = await insertLink(t, owner.id, {
        target_type: 'collection',
        target_id: collectionId,
        ...(options.password ? { password: options.password } : {}),
        permissions: { can_download: options.can_download ?? true },
      });
      const res = await t.request({
        method: 'GET',
        url: `/api/v1/shared/${link.token}`,
        headers: options.password ? { 'x-share-password': options.password } : {},
      });
      assert.equal(res.statusCode, 200);
      return { ...link, accessToken: res.json().access_token as string };
    }

    const file = (
      token: string,
      mediaId: string,
      kind: string,
      options: { query?: string; headers?: Record<string, string>; prefix?: string } = {},
    ) =>
      t.request({
        method: 'GET',
        url: `${options.prefix ?? '/api/v1'}/shared/${token}/media/${mediaId}/${kind}${options.query ? `?${options.query}` : ''}`,
        headers: options.headers ?? {},
      });

    it('streams with the access token (header or query), with Range, never cached', async () => {
      const link = await openedLink({ password: 'link password' });
      const viaHeader = await file(link.token, text.id, 'stream', {
        headers: { 'x-share-access': link.accessToken },
      });
      assert.equal(viaHeader.statusCode, 200);
      assert.equal(viaHeader.body, 'aurora borealis over the fjord\n');
      assert.equal(viaHeader.headers['cache-control'], NO_STORE);
      assert.equal(viaHeader.headers['referrer-policy'], 'no-referrer');

      const ranged = await file(link.token, text.id, 'stream', {
        query: `access_token=${link.accessToken}`,
        headers: { range: 'bytes=0-5' },
        prefix: '/api',
      });
      assert.equal(ranged.statusCode, 206);
      assert.equal(ranged.body, 'aurora');
      assert.equal(ranged.headers['content-range'], `bytes 0-5/${text.size_bytes}`);
      assert.equal(ranged.headers['cache-control'], NO_STORE);

      // Files count no access.
      const row = await t.ctx.db.kysely
        .selectFrom('shares')
        .select('access_count')
        .where('id', '=', link.share.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.access_count, 1);
    });

    it('refuses a missing, foreign or outdated access token with 401, even for a conditional request', async () => {
      const link = await openedLink();
      const other = await openedLink();
      const missing = await file(link.token, text.id, 'stream');
      assert.equal(missing.statusCode, 401);
      assert.equal(missing.json().error, 'unauthorized');
      assert.equal(missing.headers['cache-control'], NO_STORE);

      const foreign = await file(link.token, text.id, 'stream', {
        headers: { 'x-share-access': other.accessToken },
      });
      assert.equal(foreign.statusCode, 401);
      const garbage = await file(link.token, text.id, 'stream', { query: 'access_token=abc.def.ghi' });
      assert.equal(garbage.statusCode, 401);

      const good = await file(link.token, text.id, 'stream', {
        headers: { 'x-share-access': link.accessToken },
      });
      const etag = good.headers.etag as string;
      const notModified = await file(link.token, text.id, 'stream', {
        headers: { 'x-share-access': link.accessToken, 'if-none-match': etag },
      });
      assert.equal(notModified.statusCode, 304);
      const conditionalWithoutToken = await file(link.token, text.id, 'stream', {
        headers: { 'if-none-match': etag },
      });
      assert.equal(conditionalWithoutToken.statusCode, 401);
      const conditionalForeign = await file(link.token, text.id, 'stream', {
        headers: { 'x-share-access': other.accessToken, 'if-none-match': etag },
      });
      assert.equal(conditionalForeign.statusCode, 401);

      // The link changed since the token was issued (any PATCH bumps state_version).
      await t.ctx.db.kysely
        .updateTable('shares')
        .set((eb) => ({ state_version: eb('state_version', '+', 1) }))
        .where('id', '=', link.share.id)
        .execute();
      const stale = await file(link.token, text.id, 'stream', {
        headers: { 'x-share-access': link.accessToken },
      });
      assert.equal(stale.statusCode, 401);
    });

    it('answers 404 for a revoked or expired link and for media outside the link', async () => {
      const link = await openedLink();
      const outsideRes = await file(link.token, outside.id, 'stream', {
        headers: { 'x-share-access': link.accessToken },
      });
      assert.equal(outsideRes.statusCode, 404);
      assert.equal(outsideRes.headers['cache-control'], NO_STORE);

      const expiring = await openedLink();
      await t.ctx.db.kysely
        .updateTable('shares')
        .set({ expires_at: new Date(t.clock.now().getTime() + 1000).toISOString() })
        .where('id', '=', expiring.share.id)
        .execute();
      t.clock.advance(2000);
      const expired = await file(expiring.token, text.id, 'stream', {
        headers: { 'x-share-access': expiring.accessToken },
      });
      assert.equal(expired.statusCode, 404);
      assert.equal(expired.json().message, 'This link does not exist or has expired.');

      await t.ctx.db.kysely
        .updateTable('shares')
        .set({ revoked_at: t.clock.now().toISOString() })
        .where('id', '=', link.share.id)
        .execute();
      for (const kind of ['stream', 'download', 'thumbnail']) {
        const res = await file(link.token, photo.id, kind, {
          headers: { 'x-share-access': link.accessToken, 'if-none-match': `"${photo.content_hash}"` },
        });
        assert.equal(res.statusCode, 404, kind);
        assert.equal(res.json().message, 'This link does not exist or has expired.');
        assert.equal(res.headers['cache-control'], NO_STORE);
      }
    });

    it('downloads as an attachment with can_download and logs it; 403 without', async () => {
      const link = await openedLink();
      const res = await file(link.token, photo.id, 'download', {
        headers: { 'x-share-access': link.accessToken },
        prefix: '/api',
      });
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-disposition'] as string, /^attachment; filename="photo.jpg"/);
      assert.equal(res.headers['cache-control'], NO_STORE);
      assert.equal(res.rawPayload.length, PHOTO.length);
      // Resuming the same download is not another download.
      const resumed = await file(link.token, photo.id, 'download', {
        headers: { 'x-share-access': link.accessToken, range: 'bytes=100-' },
      });
      assert.equal(resumed.statusCode, 206);
      await flushLinkActivity(t.ctx);
      const logged = await t.ctx.db.kysely
        .selectFrom('share_activity')
        .selectAll()
        .where('share_id', '=', link.share.id)
        .where('action', '=', 'downloaded')
        .execute();
      assert.equal(logged.length, 1);
      assert.equal(JSON.parse(logged[0]?.details ?? '{}').media_id, photo.id);

      const viewOnly = await openedLink({ can_download: false });
      const refused = await file(viewOnly.token, photo.id, 'download', {
        headers: { 'x-share-access': viewOnly.accessToken },
      });
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().error, 'forbidden');
      assert.equal(refused.headers['cache-control'], NO_STORE);
      // Viewing is still allowed.
      const viewed = await file(viewOnly.token, photo.id, 'stream', {
        headers: { 'x-share-access': viewOnly.accessToken },
      });
      assert.equal(viewed.statusCode, 200);
    });

    it('serves thumbnails through the link, never cached', async () => {
      const link = await openedLink();
      const res = await file(link.token, photo.id, 'thumbnail', {
        query: `size=256&access_token=${link.accessToken}`,
      });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'image/webp');
      assert.equal(res.headers['cache-control'], NO_STORE);
      const etag = res.headers.etag as string;
      const bad = await file(link.token, photo.id, 'thumbnail', {
        query: 'access_token=nope',
        headers: { 'if-none-match': etag },
      });
      assert.equal(bad.statusCode, 401);
      assert.equal(bad.headers['cache-control'], NO_STORE);
      const badSize = await file(link.token, photo.id, 'thumbnail', {
        query: `size=7&access_token=${link.accessToken}`,
      });
      assert.equal(badSize.statusCode, 400);
      const none = await file(link.token, text.id, 'thumbnail', {
        headers: { 'x-share-access': link.accessToken },
      });
      assert.equal(none.statusCode, 404);
    });

    it('answers 404 for an invalid media id and for an unknown link', async () => {
      const link = await openedLink();
      const badId = await file(link.token, 'not-a-uuid', 'stream', {
        headers: { 'x-share-access': link.accessToken },
      });
      assert.equal(badId.statusCode, 404);
      const unknown = await file('no-such-link', photo.id, 'stream', {
        headers: { 'x-share-access': link.accessToken },
      });
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().message, 'This link does not exist or has expired.');
    });
  });
}
