import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it, mock } from 'node:test';
import { buildApp } from '../../src/app.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import {
  fixture,
  mediaCount,
  multipartBody,
  storedFiles,
  tempFiles,
  uploadFiles,
  uploadOne,
} from '../helpers/media.js';

const MAX_UPLOAD = 256 * 1024;

for (const dialect of DIALECTS) {
  describe(`media upload on ${dialect}`, () => {
    let t: TestApp;
    let editor: TestUser;
    before(async () => {
      t = await startTestApp(dialect, { maxUploadBytes: MAX_UPLOAD });
      editor = await buildUser(t, { role: 'editor' });
    });
    after(() => t.close());

    it('requires authentication', async () => {
      const { body, contentType } = await multipartBody([{ bytes: 'hello', fileName: 'a.txt' }]);
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/media/upload',
        headers: { 'content-type': contentType },
        payload: body,
      });
      assert.equal(res.statusCode, 401);
    });

    it('reads a JPEG: dimensions and EXIF', async () => {
      const photo = await uploadOne(t, editor, 'photo.jpg');
      assert.equal(photo.media_type, 'image');
      assert.equal(photo.mime_type, 'image/jpeg');
      assert.equal(photo.width, 640);
      assert.equal(photo.height, 480);
      assert.equal(photo.title, 'photo');
      assert.equal(photo.file_name, 'photo.jpg');
      assert.equal(photo.owner_id, editor.id);
      assert.equal(photo.size_bytes, fixture('photo.jpg').length);
      assert.match(photo.content_hash, /^[0-9a-f]{64}$/);
      assert.deepEqual(photo.tags, []);
      assert.equal(photo.metadata.make, 'Pinakes');
      assert.equal(photo.metadata.model, 'Fixture-1');
      assert.equal(photo.metadata.artist, 'Fixture Photographer');
      assert.equal(photo.metadata.date_time_original, '2024-06-01T12:34:56');
      assert.ok(Math.abs(Number(photo.metadata.gps_latitude) - 48.8584) < 0.001);
      assert.ok(Math.abs(Number(photo.metadata.gps_longitude) - 2.2945) < 0.001);
    });

    it('reads a PNG’s dimensions', async () => {
      const icon = await uploadOne(t, editor, 'icon.png');
      assert.deepEqual(
        [icon.media_type, icon.mime_type, icon.width, icon.height],
        ['image', 'image/png', 64, 64],
      );
    });

    it('reads a video’s duration and size without ffprobe', async () => {
      const clip = await uploadOne(t, editor, 'clip.mp4');
      assert.equal(clip.media_type, 'video');
      assert.equal(clip.mime_type, 'video/mp4');
      assert.equal(clip.width, 320);
      assert.equal(clip.height, 240);
      assert.ok(
        clip.duration_secs !== null && Math.abs(clip.duration_secs - 3) < 0.2,
        `duration ${clip.duration_secs}`,
      );
    });

    it('reads ID3 and FLAC tags and uses the embedded title', async () => {
      const song = await uploadOne(t, editor, 'song.mp3');
      assert.equal(song.media_type, 'audio');
      assert.equal(song.mime_type, 'audio/mpeg');
      assert.equal(song.title, 'Fixture Song');
      assert.equal(song.metadata.artist, 'Fixture Band');
      assert.equal(song.metadata.album, 'Fixture Album');
      assert.equal(song.metadata.track, 1);
      assert.ok(song.duration_secs !== null && Math.abs(song.duration_secs - 3) < 0.2);

      const tone = await uploadOne(t, editor, 'tone.flac');
      assert.equal(tone.mime_type, 'audio/flac');
      assert.equal(tone.title, 'Fixture Tone');
      assert.equal(tone.metadata.artist, 'Fixture Band');
      assert.ok(tone.duration_secs !== null && Math.abs(tone.duration_secs - 2) < 0.2);
    });

    it('reads the PDF Info dictionary', async () => {
      const pdf = await uploadOne(t, editor, 'document.pdf');
      assert.equal(pdf.media_type, 'document');
      assert.equal(pdf.mime_type, 'application/pdf');
      assert.equal(pdf.title, 'Pinakes Fixture');
      assert.equal(pdf.metadata.title, 'Pinakes Fixture');
      assert.equal(pdf.metadata.author, 'Fixture Author');
      assert.equal(pdf.metadata.page_count, 1);
    });

    it('indexes the words of text files for full-text search', async () => {
      const plain = await uploadOne(t, editor, 'plain.txt');
      const note = await uploadOne(t, editor, 'note.md');
      assert.deepEqual([plain.media_type, plain.mime_type], ['text', 'text/plain']);
      assert.deepEqual([note.media_type, note.mime_type], ['text', 'text/markdown']);
      for (const word of ['aurora', 'borealis', 'fjord']) {
        const res = await t.request({ method: 'GET', url: `/api/v1/media?q=${word}`, token: editor.token });
        assert.equal(res.statusCode, 200);
        assert.deepEqual(
          res.json().map((item: { id: string }) => item.id),
          [plain.id],
          word,
        );
      }
      const markdown = await t.request({
        method: 'GET',
        url: '/api/v1/media?q=markdown%20bold',
        token: editor.token,
      });
      assert.deepEqual(
        markdown.json().map((item: { id: string }) => item.id),
        [note.id],
      );
    });

    it('takes the type from the bytes, never the name or the declared type', async () => {
      const res = await uploadFiles(t, editor, [
        { bytes: fixture('lying.png'), fileName: 'lying.png', contentType: 'image/png' },
      ]);
      assert.equal(res.statusCode, 200);
      const [lying] = res.json();
      assert.deepEqual([lying.media_type, lying.mime_type], ['text', 'text/plain']);

      const random = await uploadOne(t, editor, 'random.bin', { fileName: 'random.jpg' });
      assert.deepEqual([random.media_type, random.mime_type], ['other', 'application/octet-stream']);

      const photoAsText = await uploadOne(t, editor, 'photo.jpg', {
        bytes: Buffer.concat([fixture('photo.jpg'), Buffer.from('x')]),
        fileName: 'notes.txt',
      });
      assert.equal(photoAsText.mime_type, 'image/jpeg');
    });

    it('recognises active content: SVG and HTML', async () => {
      const svg = await uploadOne(t, editor, 'hostile.svg', { fileName: 'harmless.txt' });
      assert.deepEqual([svg.media_type, svg.mime_type], ['image', 'image/svg+xml']);
      const html = await uploadOne(t, editor, 'hostile.html', { fileName: 'page.md' });
      assert.equal(html.mime_type, 'text/html');
    });

    it('returns the existing item when the same bytes are uploaded again', async () => {
      const user = await buildUser(t);
      const first = await uploadOne(t, user, 'icon.png');
      const again = await uploadOne(t, user, 'icon.png', { fileName: 'other-name.png' });
      assert.equal(again.id, first.id);
      assert.equal(again.file_name, 'icon.png');
      const list = await t.request({ method: 'GET', url: '/api/v1/media', token: user.token });
      assert.equal(list.headers['x-total-count'], '1');

      // Another owner gets their own item, over the same stored file.
      const other = await buildUser(t);
      const theirs = await uploadOne(t, other, 'icon.png');
      assert.notEqual(theirs.id, first.id);
      assert.equal(theirs.content_hash, first.content_hash);
      assert.equal(storedFiles(t).filter((file) => file.endsWith(first.content_hash)).length, 1);
    });

    it('stores files content-addressed as media/ab/cd/<hash>', async () => {
      const item = await uploadOne(t, editor, 'tone.flac');
      const hash = item.content_hash;
      const stored = fs.readFileSync(`${t.dataDir}/media/${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}`);
      assert.deepEqual(stored, fixture('tone.flac'));
    });

    it('uploads several files at once, and sets title and description for a single one', async () => {
      const user = await buildUser(t);
      const res = await uploadFiles(t, user, [
        { bytes: 'first file', fileName: 'one.txt' },
        { bytes: 'second file', fileName: 'two.txt' },
      ]);
      assert.equal(res.statusCode, 200);
      assert.deepEqual(
        res.json().map((item: { title: string }) => item.title),
        ['one', 'two'],
      );

      const titled = await uploadOne(t, user, 'x', {
        bytes: 'third file',
        fileName: 'three.txt',
        fields: { title: 'My Title', description: 'About it' },
      });
      assert.equal(titled.title, 'My Title');
      assert.equal(titled.description, 'About it');
      const found = await t.request({ method: 'GET', url: '/api/v1/media?q=about', token: user.token });
      assert.deepEqual(
        found.json().map((item: { id: string }) => item.id),
        [titled.id],
      );
    });

    it('refuses title/description for several files, unknown fields and missing files', async () => {
      const before = await mediaCount(t);
      const several = await uploadFiles(
        t,
        editor,
        [
          { bytes: 'aaa-1', fileName: 'a.txt' },
          { bytes: 'bbb-2', fileName: 'b.txt' },
        ],
        { title: 'Both' },
      );
      assert.equal(several.statusCode, 400);
      const unknown = await uploadFiles(t, editor, [{ bytes: 'ccc-3', fileName: 'c.txt' }], {
        owner_id: editor.id,
      });
      assert.equal(unknown.statusCode, 400);
      assert.equal(unknown.json().details[0].field, 'owner_id');
      const empty = await multipartBody([], { title: 'nothing' });
      const none = await t.request({
        method: 'POST',
        url: '/api/v1/media/upload',
        token: editor.token,
        headers: { 'content-type': empty.contentType },
        payload: empty.body,
      });
      assert.equal(none.statusCode, 400);
      const wrongPart = await multipartBody([{ bytes: 'ddd', fileName: 'd.txt' }], {}, 'upload');
      const misnamed = await t.request({
        method: 'POST',
        url: '/api/v1/media/upload',
        token: editor.token,
        headers: { 'content-type': wrongPart.contentType },
        payload: wrongPart.body,
      });
      assert.equal(misnamed.statusCode, 400);
      const json = await t.request({
        method: 'POST',
        url: '/api/v1/media/upload',
        token: editor.token,
        payload: { file: 'x' },
      });
      assert.equal(json.statusCode, 400);
      assert.equal(await mediaCount(t), before);
      assert.deepEqual(tempFiles(t), []);
    });

    it('does not let viewers upload', async () => {
      const viewer = await buildUser(t, { role: 'viewer' });
      const before = storedFiles(t).length;
      const res = await uploadFiles(t, viewer, [{ bytes: 'viewer bytes', fileName: 'v.txt' }]);
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().error, 'forbidden');
      assert.equal(storedFiles(t).length, before);
      assert.deepEqual(tempFiles(t), []);
    });

    it('refuses a file over the limit with 413 and writes nothing', async () => {
      const before = { rows: await mediaCount(t), files: storedFiles(t).length };
      const big = Buffer.alloc(MAX_UPLOAD + 1, 7);
      const res = await uploadFiles(t, editor, [{ bytes: big, fileName: 'big.bin' }]);
      assert.equal(res.statusCode, 413);
      assert.equal(res.json().error, 'payload_too_large');
      // A small file in front of the big one is not kept either.
      const mixed = await uploadFiles(t, editor, [
        { bytes: 'small but doomed', fileName: 'small.txt' },
        { bytes: big, fileName: 'big.bin' },
      ]);
      assert.equal(mixed.statusCode, 413);
      assert.equal(await mediaCount(t), before.rows);
      assert.equal(storedFiles(t).length, before.files);
      assert.deepEqual(tempFiles(t), []);
      // Exactly at the limit is fine.
      const exact = await uploadFiles(t, editor, [
        { bytes: Buffer.alloc(MAX_UPLOAD, 9), fileName: 'exact.bin' },
      ]);
      assert.equal(exact.statusCode, 200);
    });

    it('leaves nothing behind when the upload is cut off', async () => {
      const before = { rows: await mediaCount(t), files: storedFiles(t).length };
      const { body, contentType } = await multipartBody([
        { bytes: 'complete first file', fileName: 'first.txt' },
        { bytes: fixture('photo.jpg'), fileName: 'cut.jpg' },
      ]);
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/media/upload',
        token: editor.token,
        headers: { 'content-type': contentType },
        payload: body.subarray(0, body.length - 5000),
      });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error, 'bad_request');
      assert.equal(await mediaCount(t), before.rows);
      assert.equal(storedFiles(t).length, before.files);
      assert.deepEqual(tempFiles(t), []);
    });

    it('answers 507 on a full disk and keeps nothing half-written', async () => {
      const before = { rows: await mediaCount(t), files: storedFiles(t).length };
      const realCreate = fs.createWriteStream;
      // The disk fills up halfway through the first chunk: a partial temp file exists when the error hits.
      const fullDisk = mock.method(fs, 'createWriteStream', (file: fs.PathLike) => {
        return new Writable({
          write(chunk: Buffer, _encoding, done) {
            fs.appendFileSync(file, chunk.subarray(0, chunk.length >> 1));
            done(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
          },
        });
      });
      try {
        const res = await uploadFiles(t, editor, [
          { bytes: Buffer.alloc(200 * 1024, 3), fileName: 'full.bin' },
        ]);
        assert.equal(res.statusCode, 507);
        assert.equal(res.json().error, 'insufficient_storage');
      } finally {
        fullDisk.mock.restore();
      }
      assert.equal(fs.createWriteStream, realCreate);
      assert.equal(await mediaCount(t), before.rows);
      assert.equal(storedFiles(t).length, before.files);
      assert.deepEqual(tempFiles(t), []);
    });

    it('sweeps temp files left by a crash when the app starts', async () => {
      const tmp = path.join(t.dataDir, 'tmp');
      fs.mkdirSync(tmp, { recursive: true });
      const stale = path.join(tmp, 'incoming-stale');
      const fresh = path.join(tmp, 'incoming-fresh');
      fs.writeFileSync(stale, 'left by a crash');
      fs.writeFileSync(fresh, 'still being written');
      const anHourAgo = new Date(t.clock.now().getTime() - 3600_000);
      fs.utimesSync(stale, anHourAgo, anHourAgo);
      const restarted = await buildApp({ config: t.ctx.config, clock: t.clock, logger: false });
      try {
        await restarted.app.ready();
        assert.equal(fs.existsSync(stale), false);
        assert.equal(fs.existsSync(fresh), true);
      } finally {
        await restarted.app.close();
        fs.rmSync(fresh, { force: true });
      }
    });

    it('keeps client file names as harmless display names', async () => {
      const user = await buildUser(t);
      const traversal = await uploadOne(t, user, 'x', { bytes: 'path attack', fileName: '../../etc/passwd' });
      assert.equal(traversal.file_name, 'passwd');
      const windows = await uploadOne(t, user, 'x', { bytes: 'windows path', fileName: '..\\..\\boot.ini' });
      assert.equal(windows.file_name, 'boot.ini');
      const controls = await uploadOne(t, user, 'x', {
        bytes: 'control characters',
        fileName: 'evil\u202egnp.exe\u0007.txt',
      });
      assert.equal(controls.file_name, 'evilgnp.exe.txt');
      const unicode = await uploadOne(t, user, 'x', { bytes: 'unicode name', fileName: 'Ωμέγα – naïve.txt' });
      assert.equal(unicode.file_name, 'Ωμέγα – naïve.txt');
      const long = await uploadOne(t, user, 'x', { bytes: 'long name', fileName: `${'é'.repeat(300)}.txt` });
      assert.ok(Buffer.byteLength(long.file_name) <= 255);
      assert.ok(long.file_name.endsWith('.txt'));
      const dots = await uploadOne(t, user, 'x', { bytes: 'dot dot', fileName: '..' });
      assert.equal(dots.file_name, 'file');
      // Nothing was written outside the data dir's media folder.
      assert.equal(fs.existsSync(`${t.dataDir}/etc`), false);
    });
  });
}
