import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { findExecutable } from '../../src/metadata/external-tools.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import { fixture, uploadOne, type UploadedMedia } from '../helpers/media.js';

const HAS_FFMPEG = findExecutable('ffmpeg') !== null;

for (const dialect of DIALECTS) {
  describe(`media files on ${dialect}`, () => {
    let t: TestApp;
    let owner: TestUser;
    let stranger: TestUser;
    let clip: UploadedMedia;
    let photo: UploadedMedia;
    const clipBytes = fixture('clip.mp4');
    const get = (url: string, headers: Record<string, string> = {}, token = owner.token) =>
      t.request({ method: 'GET', url, token, headers });

    before(async () => {
      t = await startTestApp(dialect);
      owner = await buildUser(t);
      stranger = await buildUser(t);
      clip = await uploadOne(t, owner, 'clip.mp4');
      photo = await uploadOne(t, owner, 'photo.jpg');
    });
    after(() => t.close());

    it('streams the whole file with its type, validators and caching rules', async () => {
      const res = await get(`/api/v1/media/${clip.id}/stream`);
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.rawPayload, clipBytes);
      assert.equal(res.headers['content-type'], 'video/mp4');
      assert.equal(res.headers['content-length'], String(clipBytes.length));
      assert.equal(res.headers['accept-ranges'], 'bytes');
      assert.equal(res.headers.etag, `"${clip.content_hash}"`);
      assert.equal(res.headers['last-modified'], new Date(clip.created_at).toUTCString());
      assert.equal(res.headers['cache-control'], 'private, no-cache');
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.match(String(res.headers['content-disposition']), /^inline; filename="clip.mp4"/);
    });

    it('requires authentication, and hides other people’s media', async () => {
      const anonymous = await t.request({ method: 'GET', url: `/api/v1/media/${clip.id}/stream` });
      assert.equal(anonymous.statusCode, 401);
      for (const suffix of ['stream', 'download', 'thumbnail']) {
        const res = await get(`/api/v1/media/${photo.id}/${suffix}`, {}, stranger.token);
        assert.equal(res.statusCode, 404, suffix);
        assert.equal(res.json().error, 'not_found');
      }
      const invalid = await get('/api/v1/media/not-a-uuid/stream');
      assert.equal(invalid.statusCode, 404);
    });

    it('serves byte ranges: first bytes, open-ended, suffix', async () => {
      const first = await get(`/api/v1/media/${clip.id}/stream`, { range: 'bytes=0-99' });
      assert.equal(first.statusCode, 206);
      assert.equal(first.headers['content-range'], `bytes 0-99/${clipBytes.length}`);
      assert.equal(first.headers['content-length'], '100');
      assert.deepEqual(first.rawPayload, clipBytes.subarray(0, 100));

      const open = await get(`/api/v1/media/${clip.id}/stream`, { range: 'bytes=70000-' });
      assert.equal(open.statusCode, 206);
      assert.equal(open.headers['content-range'], `bytes 70000-${clipBytes.length - 1}/${clipBytes.length}`);
      assert.deepEqual(open.rawPayload, clipBytes.subarray(70000));

      const suffix = await get(`/api/v1/media/${clip.id}/stream`, { range: 'bytes=-10' });
      assert.equal(suffix.statusCode, 206);
      assert.deepEqual(suffix.rawPayload, clipBytes.subarray(clipBytes.length - 10));

      const pastEnd = await get(`/api/v1/media/${clip.id}/stream`, { range: 'bytes=100-999999999' });
      assert.equal(pastEnd.statusCode, 206);
      assert.equal(pastEnd.rawPayload.length, clipBytes.length - 100);
    });

    it('answers 416 for a range beyond the end', async () => {
      const res = await get(`/api/v1/media/${clip.id}/stream`, { range: `bytes=${clipBytes.length}-` });
      assert.equal(res.statusCode, 416);
      assert.equal(res.headers['content-range'], `bytes */${clipBytes.length}`);
      assert.equal(res.json().error, 'bad_request');
    });

    it('serves the whole file for several ranges or a malformed one', async () => {
      for (const range of ['bytes=0-1,5-6', 'bytes=abc', 'items=0-1', 'bytes=9-3']) {
        const res = await get(`/api/v1/media/${clip.id}/stream`, { range });
        assert.equal(res.statusCode, 200, range);
        assert.equal(res.rawPayload.length, clipBytes.length, range);
      }
    });

    it('answers conditional requests with 304', async () => {
      const etag = `"${clip.content_hash}"`;
      const byTag = await get(`/api/v1/media/${clip.id}/stream`, { 'if-none-match': etag });
      assert.equal(byTag.statusCode, 304);
      assert.equal(byTag.rawPayload.length, 0);
      assert.equal(byTag.headers.etag, etag);
      const weakList = await get(`/api/v1/media/${clip.id}/stream`, {
        'if-none-match': `"other", W/${etag}`,
      });
      assert.equal(weakList.statusCode, 304);
      const otherTag = await get(`/api/v1/media/${clip.id}/stream`, { 'if-none-match': '"something-else"' });
      assert.equal(otherTag.statusCode, 200);

      const later = new Date(Date.parse(clip.created_at) + 60_000).toUTCString();
      const earlier = new Date(Date.parse(clip.created_at) - 60_000).toUTCString();
      assert.equal(
        (await get(`/api/v1/media/${clip.id}/stream`, { 'if-modified-since': later })).statusCode,
        304,
      );
      assert.equal(
        (await get(`/api/v1/media/${clip.id}/stream`, { 'if-modified-since': earlier })).statusCode,
        200,
      );
      // If-None-Match wins over If-Modified-Since.
      const both = await get(`/api/v1/media/${clip.id}/stream`, {
        'if-none-match': '"something-else"',
        'if-modified-since': later,
      });
      assert.equal(both.statusCode, 200);
    });

    it('honours If-Range: a stale validator gets the full file', async () => {
      const etag = `"${clip.content_hash}"`;
      const matching = await get(`/api/v1/media/${clip.id}/stream`, { range: 'bytes=0-9', 'if-range': etag });
      assert.equal(matching.statusCode, 206);
      const stale = await get(`/api/v1/media/${clip.id}/stream`, {
        range: 'bytes=0-9',
        'if-range': '"stale"',
      });
      assert.equal(stale.statusCode, 200);
      assert.equal(stale.rawPayload.length, clipBytes.length);
      const sameDate = await get(`/api/v1/media/${clip.id}/stream`, {
        range: 'bytes=0-9',
        'if-range': new Date(clip.created_at).toUTCString(),
      });
      assert.equal(sameDate.statusCode, 206);
      const oldDate = await get(`/api/v1/media/${clip.id}/stream`, {
        range: 'bytes=0-9',
        'if-range': new Date(Date.parse(clip.created_at) - 60_000).toUTCString(),
      });
      assert.equal(oldDate.statusCode, 200);
    });

    it('answers HEAD with the headers only', async () => {
      const res = await t.request({
        method: 'HEAD',
        url: `/api/v1/media/${clip.id}/stream`,
        token: owner.token,
      });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-length'], String(clipBytes.length));
      assert.equal(res.rawPayload.length, 0);
    });

    it('downloads as an attachment', async () => {
      const res = await get(`/api/v1/media/${photo.id}/download`);
      assert.equal(res.statusCode, 200);
      assert.match(
        String(res.headers['content-disposition']),
        /^attachment; filename="photo.jpg"; filename\*=UTF-8''photo.jpg$/,
      );
      assert.deepEqual(res.rawPayload, fixture('photo.jpg'));
      const ranged = await get(`/api/v1/media/${photo.id}/download`, { range: 'bytes=0-1' });
      assert.equal(ranged.statusCode, 206);
    });

    it('keeps names with quotes and non-ASCII letters in Content-Disposition', async () => {
      const item = await uploadOne(t, owner, 'x', { bytes: 'a naive note', fileName: 'naïve "quote".txt' });
      const res = await get(`/api/v1/media/${item.id}/download`);
      const header = String(res.headers['content-disposition']);
      assert.equal(
        header,
        `attachment; filename="naive 'quote'.txt"; filename*=UTF-8''na%C3%AFve%20%22quote%22.txt`,
      );
      const encoded = /filename\*=UTF-8''(.+)$/.exec(header)?.[1] ?? '';
      assert.equal(decodeURIComponent(encoded), 'naïve "quote".txt');
      const slashes = await uploadOne(t, owner, 'x', { bytes: 'back slash', fileName: 'a\\b;c.txt' });
      assert.equal(slashes.file_name, 'b;c.txt');
      const stream = await get(`/api/v1/media/${slashes.id}/stream`);
      assert.equal(stream.headers['content-type'], 'text/plain; charset=utf-8');
      assert.match(
        String(stream.headers['content-disposition']),
        /^inline; filename="b;c.txt"; filename\*=UTF-8''b%3Bc.txt$/,
      );
    });

    it('never serves HTML or SVG inline', async () => {
      for (const name of ['hostile.html', 'hostile.svg']) {
        const item = await uploadOne(t, owner, name);
        const res = await get(`/api/v1/media/${item.id}/stream`);
        assert.equal(res.statusCode, 200);
        assert.match(String(res.headers['content-disposition']), /^attachment;/, name);
        assert.equal(res.headers['x-content-type-options'], 'nosniff');
        assert.equal(res.headers['content-security-policy'], 'sandbox');
      }
      const random = await uploadOne(t, owner, 'random.bin');
      const binary = await get(`/api/v1/media/${random.id}/stream`);
      assert.equal(binary.headers['content-type'], 'application/octet-stream');
      assert.match(String(binary.headers['content-disposition']), /^attachment;/);
    });

    it('makes a WebP thumbnail once and then serves the kept file', async () => {
      const first = await get(`/api/v1/media/${photo.id}/thumbnail?size=256`);
      assert.equal(first.statusCode, 200);
      assert.equal(first.headers['content-type'], 'image/webp');
      const info = await sharp(first.rawPayload).metadata();
      assert.equal(info.format, 'webp');
      assert.equal(Math.max(info.width ?? 0, info.height ?? 0), 256);

      const file = path.join(t.dataDir, 'thumbnails', `${photo.content_hash}-256.webp`);
      const before = fs.statSync(file);
      const second = await get(`/api/v1/media/${photo.id}/thumbnail?size=256`);
      assert.equal(second.statusCode, 200);
      assert.deepEqual(second.rawPayload, first.rawPayload);
      const afterwards = fs.statSync(file);
      assert.equal(afterwards.ino, before.ino);
      assert.equal(afterwards.mtimeMs, before.mtimeMs);

      const revalidated = await get(`/api/v1/media/${photo.id}/thumbnail?size=256`, {
        'if-none-match': String(first.headers.etag),
      });
      assert.equal(revalidated.statusCode, 304);

      // The default size is 256; the large size never enlarges a small image.
      const byDefault = await get(`/api/v1/media/${photo.id}/thumbnail`);
      assert.deepEqual(byDefault.rawPayload, first.rawPayload);
      const large = await get(`/api/v1/media/${photo.id}/thumbnail?size=1024`);
      assert.equal((await sharp(large.rawPayload).metadata()).width, 640);
    });

    it('refuses thumbnail sizes that are not offered', async () => {
      for (const size of ['100', '0', 'big', '-256']) {
        const res = await get(`/api/v1/media/${photo.id}/thumbnail?size=${size}`);
        assert.equal(res.statusCode, 400, size);
      }
    });

    it('has no thumbnail for audio, documents, text or SVG', async () => {
      const items = [
        await uploadOne(t, owner, 'song.mp3'),
        await uploadOne(t, owner, 'document.pdf'),
        await uploadOne(t, owner, 'plain.txt'),
        await uploadOne(t, owner, 'hostile.svg'),
      ];
      for (const item of items) {
        const res = await get(`/api/v1/media/${item.id}/thumbnail`);
        assert.equal(res.statusCode, 404, item.file_name);
        assert.equal(res.json().error, 'not_found');
        assert.match(res.json().message, /no thumbnail/);
      }
      const kept = fs.readdirSync(path.join(t.dataDir, 'thumbnails'));
      for (const item of items) {
        assert.equal(kept.filter((name) => name.startsWith(item.content_hash)).length, 0, item.file_name);
      }
    });

    // ffmpeg is optional: a video gets a frame thumbnail where it is installed, and a 404 that says why where not.
    it(`gives a video a thumbnail ${HAS_FFMPEG ? 'from a frame (ffmpeg is installed)' : 'only with ffmpeg, which is not installed'}`, async () => {
      const res = await get(`/api/v1/media/${clip.id}/thumbnail`);
      if (HAS_FFMPEG) {
        assert.equal(res.statusCode, 200, res.body);
        assert.equal((await sharp(res.rawPayload).metadata()).format, 'webp');
      } else {
        assert.equal(res.statusCode, 404);
        assert.match(res.json().message, /ffmpeg/);
      }
    });

    it('serves an empty file', async () => {
      const empty = await uploadOne(t, owner, 'x', { bytes: Buffer.alloc(0), fileName: 'empty.dat' });
      assert.deepEqual(
        [empty.size_bytes, empty.media_type, empty.mime_type],
        [0, 'other', 'application/octet-stream'],
      );
      const res = await get(`/api/v1/media/${empty.id}/stream`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-length'], '0');
      assert.equal(res.rawPayload.length, 0);
      const ranged = await get(`/api/v1/media/${empty.id}/stream`, { range: 'bytes=0-' });
      assert.equal(ranged.statusCode, 416);
    });

    it('answers 404 when the stored file has gone missing', async () => {
      const item = await uploadOne(t, owner, 'x', { bytes: 'soon missing', fileName: 'gone.txt' });
      const hash = item.content_hash;
      fs.rmSync(path.join(t.dataDir, 'media', hash.slice(0, 2), hash.slice(2, 4), hash));
      const res = await get(`/api/v1/media/${item.id}/stream`);
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().error, 'not_found');
    });
  });
}
