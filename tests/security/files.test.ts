import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import { filesUnder, fixture, multipartBody, uploadOne } from '../helpers/media.js';
import {
  accessTokenOf,
  createLink,
  linkFile,
  uploadLibrary,
  type SharedLibrary,
} from '../helpers/security-links.js';

/*
 * Files (ASVS 5.2.x, 5.3.2 storage paths, 5.4.x downloads, 3.2.x content type, 14.3.2 caching):
 * storage paths never come from client input; hostile names are harmless; Content-Disposition
 * per RFC 6266 with filename*; nosniff; HTML and SVG go out as sandboxed attachments, never
 * inline; everything protected is `private, no-store` (links) or at least never `public`.
 */
const HOSTILE_NAMES = [
  '../../../../etc/passwd',
  '..%2f..%2f..%2fescape.txt',
  '%2e%2e%2f%2e%2e%2fescape.txt',
  '..\\..\\..\\windows\\win.ini',
  'C:\\Windows\\evil.txt',
  '/absolute/path/evil.txt',
  'nul\u0000byte.txt',
  'line\r\nX-Injected: yes.txt',
  'quote"; filename="evil.html',
  'evil\u202egnp.exe',
  '.htaccess',
  '..',
  `${'long'.repeat(120)}.txt`,
  'ünïcødé ✓ 名前.txt',
];

/** Path separators, controls and the right-to-left override: none may survive in a stored name. */
// eslint-disable-next-line no-control-regex
const UNSAFE_NAME_CHARACTERS = /[/\\\u0000-\u001f\u007f\u202e]/;

/** Every header value a response carries, as one string per header, for injection checks. */
const headerLines = (headers: Record<string, unknown>) =>
  Object.entries(headers).map(
    ([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : String(value)}`,
  );

for (const dialect of DIALECTS) {
  describe(`files and caching on ${dialect}`, () => {
    let t: TestApp;
    let owner: TestUser;
    let library: SharedLibrary;

    before(async () => {
      t = await startTestApp(dialect);
      owner = await buildUser(t);
      library = await uploadLibrary(t, owner);
    });
    after(() => t.close());

    it('keeps hostile names as harmless display names and stores bytes only under their hash', async () => {
      const outsideBefore = new Set(fs.readdirSync(path.dirname(t.dataDir)));
      for (const [i, name] of HOSTILE_NAMES.entries()) {
        const item = await uploadOne(t, owner, 'plain.txt', { bytes: `hostile name ${i}\n`, fileName: name });
        assert.doesNotMatch(
          item.file_name,
          UNSAFE_NAME_CHARACTERS,
          `stored name of ${JSON.stringify(name)}: ${JSON.stringify(item.file_name)}`,
        );
        assert.notEqual(item.file_name, '..');
        assert.ok(Buffer.byteLength(item.file_name) <= 255);

        for (const kind of ['download', 'stream']) {
          const res = await t.request({
            method: 'GET',
            url: `/api/v1/media/${item.id}/${kind}`,
            token: owner.token,
          });
          assert.equal(res.statusCode, 200);
          assert.equal(res.body, `hostile name ${i}\n`);
          const disposition = String(res.headers['content-disposition']);
          assert.match(
            disposition,
            /^(attachment|inline); filename="[^"\\\r\n]*"; filename\*=UTF-8''[A-Za-z0-9!#$&+\-.^_`|~%]+$/,
            disposition,
          );
          assert.equal(res.headers['x-injected'], undefined, 'no header smuggled in');
          // eslint-disable-next-line no-control-regex
          for (const line of headerLines(res.headers)) assert.doesNotMatch(line, /[\r\n\u0000]/);
          assert.equal(res.headers['x-content-type-options'], 'nosniff');
        }
      }
      // Only content-addressed files exist in the store; nothing was written next to the data dir.
      for (const file of filesUnder(path.join(t.dataDir, 'media')))
        assert.match(file, /^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/, file);
      assert.deepEqual(filesUnder(path.join(t.dataDir, 'tmp')), [], 'no temp file left');
      const outsideAfter = fs
        .readdirSync(path.dirname(t.dataDir))
        .filter((name) => !outsideBefore.has(name) && !name.startsWith('pinakes-'));
      assert.deepEqual(outsideAfter, [], 'nothing written outside the data dir');
      assert.ok(
        !fs.existsSync(path.join(t.dataDir, 'escape.txt')) && !fs.existsSync('/absolute/path/evil.txt'),
      );
    });

    it('takes a file part with an empty name as an unnamed file', async () => {
      const { body, contentType } = await multipartBody([{ bytes: 'no name at all\n', fileName: '' }]);
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/media/upload',
        token: owner.token,
        headers: { 'content-type': contentType },
        payload: body,
      });
      assert.equal(res.statusCode, 200, `${res.statusCode} ${res.body}`);
      assert.equal(res.json()[0].file_name, 'file');
    });

    it('never serves HTML or SVG inline on the app origin, through the owner or a link', async () => {
      const link = await createLink(t, owner, library.html.id);
      const svgLink = await createLink(t, owner, library.svg.id);
      const checks = [
        {
          what: 'owner stream html',
          res: await t.request({
            method: 'GET',
            url: `/api/v1/media/${library.html.id}/stream`,
            token: owner.token,
          }),
        },
        {
          what: 'owner stream svg',
          res: await t.request({
            method: 'GET',
            url: `/api/v1/media/${library.svg.id}/stream`,
            token: owner.token,
          }),
        },
        {
          what: 'owner download svg',
          res: await t.request({
            method: 'GET',
            url: `/api/v1/media/${library.svg.id}/download`,
            token: owner.token,
          }),
        },
        {
          what: 'link stream html',
          res: await linkFile(t, link.public_token, library.html.id, 'stream', {
            accessToken: await accessTokenOf(t, link.public_token),
          }),
        },
        {
          what: 'link stream svg',
          res: await linkFile(t, svgLink.public_token, library.svg.id, 'stream', {
            accessToken: await accessTokenOf(t, svgLink.public_token),
          }),
        },
      ];
      for (const { what, res } of checks) {
        assert.equal(res.statusCode, 200, what);
        assert.match(String(res.headers['content-disposition']), /^attachment;/, `${what}: attachment`);
        assert.match(String(res.headers['content-security-policy']), /sandbox/, `${what}: sandboxed`);
        assert.equal(res.headers['x-content-type-options'], 'nosniff', what);
      }
      // A thumbnail of active content is never the content itself.
      const thumb = await t.request({
        method: 'GET',
        url: `/api/v1/media/${library.svg.id}/thumbnail`,
        token: owner.token,
      });
      assert.ok(
        thumb.statusCode !== 200 || /^image\/(webp|jpeg|png)/.test(String(thumb.headers['content-type'])),
        `svg thumbnail: ${thumb.statusCode} ${String(thumb.headers['content-type'])}`,
      );
    });

    it('sniffs the type from the bytes, not the name or the claimed type', async () => {
      const lying = await uploadOne(t, owner, 'lying.png');
      assert.notEqual(lying.mime_type, 'image/png');
      const disguised = await uploadOne(t, owner, 'hostile.html', { fileName: 'cute-cat.jpg' });
      const res = await t.request({
        method: 'GET',
        url: `/api/v1/media/${disguised.id}/stream`,
        token: owner.token,
      });
      assert.match(
        String(res.headers['content-disposition']),
        /^attachment;/,
        'HTML named .jpg is still an attachment',
      );
    });

    it('marks every protected response private and keeps secrets out of every shared cache', async () => {
      const link = await createLink(t, owner, library.photo.id, { password: 'cache-link-password' });
      const accessToken = await accessTokenOf(t, link.public_token, 'cache-link-password');
      const api = [
        {
          what: 'GET /auth/me',
          res: await t.request({ method: 'GET', url: '/api/v1/auth/me', token: owner.token }),
        },
        {
          what: 'GET /shares/outgoing (holds link tokens)',
          res: await t.request({ method: 'GET', url: '/api/v1/shares/outgoing', token: owner.token }),
        },
        {
          what: 'GET /shares/{id}',
          res: await t.request({ method: 'GET', url: `/api/v1/shares/${link.id}`, token: owner.token }),
        },
        {
          what: 'GET /media',
          res: await t.request({ method: 'GET', url: '/api/v1/media', token: owner.token }),
        },
        {
          what: 'POST /auth/login',
          res: await t.request({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { username: owner.username, password: owner.password },
          }),
        },
        { what: '401', res: await t.request({ method: 'GET', url: '/api/v1/media' }) },
        {
          what: 'link metadata',
          res: await t.request({
            method: 'GET',
            url: `/api/v1/shared/${link.public_token}`,
            headers: { 'x-share-password': 'cache-link-password' },
          }),
        },
        {
          what: 'link 401',
          res: await t.request({ method: 'GET', url: `/api/v1/shared/${link.public_token}` }),
        },
      ];
      for (const kind of ['stream', 'download', 'thumbnail'] as const) {
        api.push({
          what: `link ${kind}`,
          res: await linkFile(t, link.public_token, library.photo.id, kind, { accessToken }),
        });
      }
      for (const { what, res } of api) {
        assert.ok(res.statusCode < 500, what);
        assert.equal(
          res.headers['cache-control'],
          'private, no-store',
          `${what}: ${res.headers['cache-control']}`,
        );
      }
      // The owner's own files may be revalidated by the browser, but never stored by a shared cache.
      for (const kind of ['stream', 'download', 'thumbnail']) {
        const res = await t.request({
          method: 'GET',
          url: `/api/v1/media/${library.photo.id}/${kind}`,
          token: owner.token,
        });
        assert.equal(res.statusCode, 200, kind);
        assert.match(
          String(res.headers['cache-control']),
          /\bprivate\b/,
          `owner ${kind}: ${res.headers['cache-control']}`,
        );
        assert.doesNotMatch(String(res.headers['cache-control']), /\bpublic\b/);
        // A conditional request without credentials is a 401, never a 304.
        const conditional = await t.request({
          method: 'GET',
          url: `/api/v1/media/${library.photo.id}/${kind}`,
          headers: { 'if-none-match': String(res.headers.etag) },
        });
        assert.equal(conditional.statusCode, 401, `conditional ${kind} without a token`);
      }
      // Link files: a conditional request with a valid token may be a 304, and is still not storable.
      const first = await linkFile(t, link.public_token, library.photo.id, 'stream', { accessToken });
      const revalidated = await linkFile(t, link.public_token, library.photo.id, 'stream', {
        accessToken,
        headers: { 'if-none-match': String(first.headers.etag) },
      });
      assert.ok([200, 304].includes(revalidated.statusCode));
      assert.equal(revalidated.headers['cache-control'], 'private, no-store');
    });

    it('caches nothing long-lived that is not a hashed public asset', async () => {
      const missing = await t.request({ method: 'GET', url: '/assets/does-not-exist-0123abcd.js' });
      assert.notEqual(missing.statusCode, 200);
      assert.doesNotMatch(
        String(missing.headers['cache-control'] ?? ''),
        /immutable|max-age=[1-9]/,
        'a missing asset is not cached for long',
      );
      const traversal = await t.request({ method: 'GET', url: '/assets/..%2f..%2fpackage.json' });
      assert.notEqual(traversal.statusCode, 200, 'no way out of the assets directory');
      assert.doesNotMatch(traversal.body, /"dependencies"/);
      const page = await t.request({
        method: 'GET',
        url: '/s/some-link-token-that-does-not-exist',
        headers: { accept: 'text/html' },
      });
      assert.doesNotMatch(
        String(page.headers['cache-control'] ?? ''),
        /public|immutable/,
        'a link page is never cached publicly',
      );
      assert.equal(page.headers['referrer-policy'], 'no-referrer');
    });

    it('serves a use-limited link no preview image that bypasses its limit', async () => {
      const limited = await createLink(t, owner, library.photo.id, { max_access_count: 1 });
      for (let i = 0; i < 3; i += 1) {
        const preview = await t.request({ method: 'GET', url: `/s/${limited.public_token}/preview.webp` });
        assert.notEqual(preview.statusCode, 200, `preview ${i + 1} of a link limited to one access`);
      }
    });

    it('shows a password link page nothing of its content', async () => {
      const protectedLink = await createLink(t, owner, library.photo.id, {
        password: 'page-link-password',
        note: 'secret note text',
      });
      const page = await t.request({
        method: 'GET',
        url: `/s/${protectedLink.public_token}`,
        headers: { accept: 'text/html' },
      });
      assert.doesNotMatch(page.body, /secret note text|photo/i);
      const preview = await t.request({
        method: 'GET',
        url: `/s/${protectedLink.public_token}/preview.webp`,
      });
      assert.notEqual(preview.statusCode, 200, 'no preview image past a password');
      assert.ok(fixture('photo.jpg').length > 0);
    });
  });
}
