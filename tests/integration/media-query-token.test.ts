import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signToken } from '../../src/services/tokens.service.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import { fixture, uploadOne, type UploadedMedia } from '../helpers/media.js';

/** `?access_token=` on the three file routes that <img>, <video> and download links load. */
for (const dialect of DIALECTS) {
  describe(`media files with the access token in the URL on ${dialect}`, () => {
    let t: TestApp;
    let owner: TestUser;
    let clip: UploadedMedia;
    let photo: UploadedMedia;
    const clipBytes = fixture('clip.mp4');
    const withToken = (url: string, token: string) =>
      `${url}${url.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(token)}`;
    const get = (url: string, headers: Record<string, string> = {}) =>
      t.request({ method: 'GET', url, headers });

    before(async () => {
      t = await startTestApp(dialect);
      owner = await buildUser(t);
      clip = await uploadOne(t, owner, 'clip.mp4');
      photo = await uploadOne(t, owner, 'photo.jpg');
    });
    after(() => t.close());

    it('streams with ?access_token, whole and by range, under both prefixes', async () => {
      for (const prefix of ['/api/v1', '/api']) {
        const whole = await get(withToken(`${prefix}/media/${clip.id}/stream`, owner.token));
        assert.equal(whole.statusCode, 200, prefix);
        assert.deepEqual(whole.rawPayload, clipBytes);
        assert.equal(whole.headers['content-type'], 'video/mp4');
      }
      // What a <video> does when it seeks.
      const range = await get(withToken(`/api/v1/media/${clip.id}/stream`, owner.token), {
        range: 'bytes=1000-1999',
      });
      assert.equal(range.statusCode, 206);
      assert.equal(range.headers['content-range'], `bytes 1000-1999/${clipBytes.length}`);
      assert.deepEqual(range.rawPayload, clipBytes.subarray(1000, 2000));
    });

    it('serves the thumbnail and the download with ?access_token', async () => {
      const thumbnail = await get(withToken(`/api/v1/media/${photo.id}/thumbnail?size=256`, owner.token));
      assert.equal(thumbnail.statusCode, 200);
      assert.equal(thumbnail.headers['content-type'], 'image/webp');

      const download = await get(withToken(`/api/v1/media/${photo.id}/download`, owner.token));
      assert.equal(download.statusCode, 200);
      assert.deepEqual(download.rawPayload, fixture('photo.jpg'));
      assert.match(String(download.headers['content-disposition']), /^attachment; filename="photo.jpg"/);
    });

    it('refuses a forged, a foreign-audience and a logged-out token with 401', async () => {
      const url = `/api/v1/media/${clip.id}/stream`;
      const forged = await get(withToken(url, `${owner.token.slice(0, -4)}AAAA`));
      assert.equal(forged.statusCode, 401);
      assert.equal(forged.json().error, 'unauthorized');

      // A public-link access token is minted for another audience.
      const { token: linkToken } = await signToken(t.ctx, 'pinakes:link', owner.id, 600);
      assert.equal((await get(withToken(url, linkToken))).statusCode, 401);

      const leaving = await buildUser(t);
      const own = await uploadOne(t, leaving, 'icon.png');
      const before = await get(withToken(`/api/v1/media/${own.id}/stream`, leaving.token));
      assert.equal(before.statusCode, 200);
      const logout = await t.request({ method: 'POST', url: '/api/v1/auth/logout', token: leaving.token });
      assert.equal(logout.statusCode, 204);
      const afterLogout = await get(withToken(`/api/v1/media/${own.id}/stream`, leaving.token));
      assert.equal(afterLogout.statusCode, 401);
    });

    it('lets the Authorization header win over the query: a bad header is 401 whatever the query', async () => {
      const url = withToken(`/api/v1/media/${clip.id}/stream`, owner.token);
      const res = await get(url, { authorization: 'Bearer not-a-token' });
      assert.equal(res.statusCode, 401);
      const good = await t.request({
        method: 'GET',
        url: withToken(`/api/v1/media/${clip.id}/stream`, 'not-a-token'),
        token: owner.token,
      });
      assert.equal(good.statusCode, 200);
    });

    it('ignores ?access_token on routes without the option', async () => {
      for (const url of [`/api/v1/media/${clip.id}`, '/api/v1/auth/me', '/api/v1/tags']) {
        const res = await get(withToken(url, owner.token));
        assert.equal(res.statusCode, 401, url);
        assert.equal(res.json().error, 'unauthorized');
      }
      const del = await t.request({
        method: 'DELETE',
        url: withToken(`/api/v1/media/${clip.id}`, owner.token),
      });
      assert.equal(del.statusCode, 401);
      const still = await t.request({ method: 'GET', url: `/api/v1/media/${clip.id}`, token: owner.token });
      assert.equal(still.statusCode, 200);
    });

    it('gives another user’s token 404: the URL opens nothing of someone else', async () => {
      const stranger = await buildUser(t);
      for (const suffix of ['stream', 'download', 'thumbnail']) {
        const res = await get(withToken(`/api/v1/media/${photo.id}/${suffix}`, stranger.token));
        assert.equal(res.statusCode, 404, suffix);
        assert.equal(res.json().error, 'not_found');
      }
    });

    it('rejects unknown query parameters with 400 and a bad thumbnail size as before', async () => {
      const extra = await t.request({
        method: 'GET',
        url: `/api/v1/media/${clip.id}/stream?cachebuster=1`,
        token: owner.token,
      });
      assert.equal(extra.statusCode, 400);
      assert.equal(extra.json().error, 'bad_request');
      const size = await get(withToken(`/api/v1/media/${photo.id}/thumbnail?size=300`, owner.token));
      assert.equal(size.statusCode, 400);
    });

    it('refuses an expired token with 401 (the clock moves past its lifetime)', async () => {
      const late = await buildUser(t);
      const own = await uploadOne(t, late, 'icon.png');
      const url = withToken(`/api/v1/media/${own.id}/thumbnail`, late.token);
      assert.equal((await get(url)).statusCode, 200);
      t.clock.advance((t.ctx.config.accessTokenTtlSeconds + 1) * 1000);
      const expired = await get(url);
      assert.equal(expired.statusCode, 401);
      assert.match(expired.json().message, /invalid or expired/);
    });
  });
}
