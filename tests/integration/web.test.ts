import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import { uploadOne } from '../helpers/media.js';

/** A stand-in for web/dist, so these tests never depend on a web build. */
function fakeDist(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinakes-web-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><html><head><meta charset="utf-8" />\n    <!--pinakes:meta-->\n    <title>Pinakes</title>\n' +
      '<script type="module" src="/assets/app-4f3a2b1c.js"></script></head><body><div id="root"></div></body></html>\n',
  );
  fs.writeFileSync(path.join(dir, 'assets', 'app-4f3a2b1c.js'), 'console.log("app");\n');
  fs.writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

for (const dialect of DIALECTS) {
  describe(`web app serving on ${dialect}`, () => {
    let t: TestApp;
    let owner: TestUser;
    let dist: string;

    const createLink = async (targetId: string, extra: Record<string, unknown> = {}) => {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/shares',
        token: owner.token,
        payload: { target_type: 'media', target_id: targetId, recipient_type: 'public_link', ...extra },
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<{ id: string; public_token: string }>();
    };
    const accessCount = async (shareId: string) => {
      const res = await t.request({ method: 'GET', url: `/api/v1/shares/${shareId}`, token: owner.token });
      return res.json<{ access_count: number }>().access_count;
    };
    const activityActions = async (shareId: string) => {
      const res = await t.request({
        method: 'GET',
        url: `/api/v1/shares/${shareId}/activity`,
        token: owner.token,
      });
      return res.json<Array<{ action: string }>>().map((entry) => entry.action);
    };

    before(async () => {
      dist = fakeDist();
      process.env.PINAKES_WEB_DIR = dist;
      t = await startTestApp(dialect);
      owner = await buildUser(t);
    });
    after(async () => {
      await t.close();
      delete process.env.PINAKES_WEB_DIR;
      fs.rmSync(dist, { recursive: true, force: true });
    });

    it('serves index.html, never cached, for the root and every app page a browser asks for', async () => {
      for (const url of [
        '/',
        '/collections',
        '/shared/by-me/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
        '/media/x?via=y',
      ]) {
        const res = await t.request({ method: 'GET', url, headers: HTML });
        assert.equal(res.statusCode, 200, url);
        assert.match(String(res.headers['content-type']), /^text\/html/);
        assert.equal(res.headers['cache-control'], 'no-cache');
        assert.match(res.body, /<div id="root">/);
      }
    });

    it('answers non-browser requests for unknown paths with the JSON 404, not the app', async () => {
      const res = await t.request({
        method: 'GET',
        url: '/collections',
        headers: { accept: 'application/json' },
      });
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().error, 'not_found');
    });

    it('keeps unknown /api paths a JSON 404, even for a browser, under both prefixes', async () => {
      for (const url of ['/api/v1/no-such-thing', '/api/no-such-thing', '/api', '/api/v1']) {
        const res = await t.request({ method: 'GET', url, headers: HTML });
        assert.equal(res.statusCode, 404, url);
        assert.match(String(res.headers['content-type']), /application\/json/, url);
        assert.equal(res.json().error, 'not_found');
      }
      const health = await t.request({ method: 'GET', url: '/api/health', headers: HTML });
      assert.equal(health.statusCode, 200);
    });

    it('serves hashed assets for a year, immutable, and root files briefly', async () => {
      const asset = await t.request({ method: 'GET', url: '/assets/app-4f3a2b1c.js' });
      assert.equal(asset.statusCode, 200);
      assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.match(String(asset.headers['content-type']), /javascript/);
      assert.equal(asset.body, 'console.log("app");\n');
      const icon = await t.request({ method: 'GET', url: '/favicon.svg' });
      assert.equal(icon.statusCode, 200);
      assert.equal(icon.headers['cache-control'], 'public, max-age=3600');
    });

    it('gives a missing asset a plain 404 that no cache keeps, and never leaves the dist folder', async () => {
      const missing = await t.request({ method: 'GET', url: '/assets/app-00000000.js', headers: HTML });
      assert.equal(missing.statusCode, 404);
      assert.notEqual(missing.headers['cache-control'], 'public, max-age=31536000, immutable');
      for (const url of [
        '/assets/../index.html',
        '/assets/%2e%2e/%2e%2e/package.json',
        '/assets/..%2f..%2fpackage.json',
      ]) {
        const res = await t.request({ method: 'GET', url });
        assert.ok([403, 404].includes(res.statusCode), `${url} -> ${res.statusCode}`);
        assert.doesNotMatch(res.body, /"name": "pinakes"|<div id="root">/);
      }
    });

    it('renders escaped OpenGraph and Twitter tags on a link page without counting an access', async () => {
      const photo = await uploadOne(t, owner, 'photo.jpg');
      const rename = await t.request({
        method: 'PATCH',
        url: `/api/v1/media/${photo.id}`,
        token: owner.token,
        payload: { title: 'Beach "sunset" <script>alert(1)</script> & $& co' },
      });
      assert.equal(rename.statusCode, 200, rename.body);
      const link = await createLink(photo.id, { note: 'For <you> & "yours"' });

      const res = await t.request({ method: 'GET', url: `/s/${link.public_token}`, headers: HTML });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['referrer-policy'], 'no-referrer');
      assert.match(String(res.headers['x-robots-tag']), /noindex/);
      assert.equal(res.headers['cache-control'], 'private, no-store');
      const title = 'Beach &quot;sunset&quot; &lt;script&gt;alert(1)&lt;/script&gt; &amp; $&amp; co';
      assert.ok(res.body.includes(`<meta property="og:title" content="${title}" />`), res.body);
      assert.ok(res.body.includes(`<meta name="twitter:title" content="${title}" />`));
      assert.ok(
        res.body.includes(
          '<meta property="og:description" content="For &lt;you&gt; &amp; &quot;yours&quot;" />',
        ),
      );
      assert.ok(
        res.body.includes(
          `<meta property="og:image" content="http://pinakes.test/s/${link.public_token}/preview.webp" />`,
        ),
      );
      assert.ok(res.body.includes('<meta name="twitter:card" content="summary_large_image" />'));
      assert.ok(
        res.body.includes(`<meta property="og:url" content="http://pinakes.test/s/${link.public_token}" />`),
      );
      assert.ok(res.body.includes('<meta name="robots" content="noindex, nofollow" />'));
      assert.ok(res.body.includes(`<title>${title} · Pinakes</title>`));
      assert.doesNotMatch(res.body, /<script>alert/);

      const image = await t.request({ method: 'GET', url: `/s/${link.public_token}/preview.webp` });
      assert.equal(image.statusCode, 200);
      assert.equal(image.headers['content-type'], 'image/webp');
      assert.equal(image.headers['cache-control'], 'private, no-store');
      assert.equal(image.rawPayload.subarray(8, 12).toString('latin1'), 'WEBP');

      assert.equal(await accessCount(link.id), 0);
      assert.deepEqual(await activityActions(link.id), ['created']);
    });

    it('describes a link by its owner when it has no note, and uses a small card without an image', async () => {
      const note = await uploadOne(t, owner, 'note.md');
      const link = await createLink(note.id);
      const res = await t.request({ method: 'GET', url: `/s/${link.public_token}`, headers: HTML });
      assert.equal(res.statusCode, 200);
      assert.ok(
        res.body.includes(`<meta property="og:description" content="Shared by ${owner.username}" />`),
      );
      assert.ok(res.body.includes('<meta name="twitter:card" content="summary" />'));
      assert.doesNotMatch(res.body, /og:image/);
      const image = await t.request({ method: 'GET', url: `/s/${link.public_token}/preview.webp` });
      assert.equal(image.statusCode, 404);
      assert.equal(image.json().error, 'not_found');
    });

    it('tells nothing about a password-protected link: no tags, no name, no preview image', async () => {
      const photo = await uploadOne(t, owner, 'icon.png');
      await t.request({
        method: 'PATCH',
        url: `/api/v1/media/${photo.id}`,
        token: owner.token,
        payload: { title: 'Secret plans' },
      });
      const link = await createLink(photo.id, { password: 'correct horse', note: 'private note' });
      const res = await t.request({ method: 'GET', url: `/s/${link.public_token}`, headers: HTML });
      assert.equal(res.statusCode, 200);
      assert.doesNotMatch(res.body, /og:|twitter:|Secret plans|private note/);
      assert.ok(res.body.includes('<meta name="robots" content="noindex, nofollow" />'));
      assert.equal(res.headers['referrer-policy'], 'no-referrer');
      const image = await t.request({ method: 'GET', url: `/s/${link.public_token}/preview.webp` });
      assert.equal(image.statusCode, 404);
      assert.equal(await accessCount(link.id), 0);
    });

    it('answers dead links (unknown, revoked, expired, used up) with the same 404 page and no tags', async () => {
      const photo = await uploadOne(t, owner, 'plain.txt');
      const revoked = await createLink(photo.id);
      await t.request({ method: 'DELETE', url: `/api/v1/shares/${revoked.id}`, token: owner.token });
      const usedUp = await createLink(photo.id, { max_access_count: 1 });
      const opened = await t.request({ method: 'GET', url: `/api/v1/shared/${usedUp.public_token}` });
      assert.equal(opened.statusCode, 200);
      assert.equal(await accessCount(usedUp.id), 1);
      const expiring = await createLink(photo.id, { expires_in_hours: 1 });
      t.clock.advance(2 * 3600_000);

      for (const token of [
        'unknown-token-unknown-token-unknown',
        revoked.public_token,
        usedUp.public_token,
        expiring.public_token,
        '<script>',
      ]) {
        const res = await t.request({ method: 'GET', url: `/s/${encodeURIComponent(token)}`, headers: HTML });
        assert.equal(res.statusCode, 404, token);
        assert.match(res.body, /<div id="root">/);
        assert.doesNotMatch(res.body, /og:|twitter:/);
        const image = await t.request({ method: 'GET', url: `/s/${encodeURIComponent(token)}/preview.webp` });
        assert.equal(image.statusCode, 404);
      }
    });

    it('lets the page frame Blob URLs (document previews) while keeping the app-wide policy', async () => {
      const res = await t.request({ method: 'GET', url: '/', headers: HTML });
      const policy = String(res.headers['content-security-policy']);
      assert.match(policy, /frame-src 'self' blob:/);
      assert.match(policy, /default-src 'self'/);
      assert.match(policy, /frame-ancestors 'none'/);
    });
  });
}

describe('web app not built', () => {
  it('says how to build it instead of failing, while the API keeps working', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'pinakes-web-empty-'));
    process.env.PINAKES_WEB_DIR = empty;
    const t = await startTestApp('sqlite');
    try {
      const page = await t.request({ method: 'GET', url: '/', headers: HTML });
      assert.equal(page.statusCode, 503);
      assert.match(page.body, /npm run build:web/);
      const health = await t.request({ method: 'GET', url: '/api/v1/health' });
      assert.equal(health.statusCode, 200);
    } finally {
      await t.close();
      delete process.env.PINAKES_WEB_DIR;
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
