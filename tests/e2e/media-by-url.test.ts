import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  api,
  browserSkipReason,
  fixturePath,
  launchBrowser,
  newPerson,
  sha256Of,
  signIn,
  startWebServer,
  uploadFixtures,
  waitForImages,
  type WebServer,
} from '../helpers/browser.js';

const skip = browserSkipReason();
const ADA = { username: 'ada', password: 'ada-library-password' };

/** What a media element in the page reports (this project's Node types have no DOM). */
interface ElementState {
  src: string;
  readyState: number;
  error: number | null;
}
interface PageMediaElement {
  src: string;
  readyState: number;
  error: { code: number } | null;
}
declare const document: { querySelector(selector: string): PageMediaElement | null };

const elementState = (page: Page, selector: string): Promise<ElementState> =>
  page.evaluate(
    `(() => {
      const element = document.querySelector(${JSON.stringify(selector)});
      return { src: element.src, readyState: element.readyState, error: element.error ? element.error.code : null };
    })()`,
  );

/** Waits until the element has its metadata (or failed: the assertion after says which). */
const waitForMetadata = (page: Page, selector: string) =>
  page.waitForFunction((css) => {
    const element = document.querySelector(css);
    return element !== null && (element.readyState >= 1 || element.error !== null);
  }, selector);

const tokenOf = (src: string) => new URL(src).searchParams.get('access_token');

describe('library media loaded by URL in the browser', { skip }, () => {
  let server: WebServer;
  let browser: Browser;

  before(async () => {
    server = await startWebServer();
    browser = await launchBrowser();
    const admin = await api<{ access_token: string }>(server, 'POST', '/api/v1/setup', { body: ADA });
    await uploadFixtures(server, admin.access_token, ['photo.jpg', 'clip.mp4', 'song.mp3']);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it(
    'shows images, seeks video by range, downloads by link, and recovers an element whose token stopped working',
    { timeout: 180_000 },
    async () => {
      const { page, errors } = await newPerson(browser);
      const streams: Array<{ url: string; status: number; range: string | undefined }> = [];
      page.on('response', (response) => {
        if (!/\/api\/v1\/media\/[^/]+\/stream/.test(response.url())) return;
        streams.push({
          url: response.url(),
          status: response.status(),
          range: response.request().headers().range,
        });
      });
      await signIn(page, server, ADA.username, ADA.password);

      // Thumbnails are plain URLs carrying the token, and they decode.
      await page.getByRole('list', { name: 'Library' }).getByRole('listitem').nth(2).waitFor();
      await waitForImages(page, '.media-grid img', 1);
      const thumbnail = await page.locator('.media-grid img').first().getAttribute('src');
      assert.match(thumbnail ?? '', /^\/api\/v1\/media\/[0-9a-f-]{36}\/thumbnail\?access_token=[\w.-]+$/);

      // The photo in the viewer: by URL, decoded.
      await page.getByRole('link', { name: 'photo', exact: true }).click();
      await page.getByRole('region', { name: 'Viewer: photo' }).waitFor();
      await waitForImages(page, '.viewer-stage img', 1);
      const photoSrc = await page.locator('.viewer-stage img').getAttribute('src');
      assert.match(photoSrc ?? '', /\/stream\?access_token=/);

      // Download is a link: the browser saves the bytes itself.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download' }).click(),
      ]);
      assert.equal(download.suggestedFilename(), 'photo.jpg');
      assert.equal(
        sha256Of(fs.readFileSync(await download.path())),
        sha256Of(fs.readFileSync(fixturePath('photo.jpg'))),
      );
      await page.getByRole('button', { name: 'Back to the list' }).click();

      // The video streams: metadata first, then a seek answered by a range.
      await page.getByRole('link', { name: 'clip', exact: true }).click();
      await page.getByRole('region', { name: 'Viewer: clip' }).waitFor();
      await waitForMetadata(page, '.viewer-stage video');
      const video = await elementState(page, '.viewer-stage video');
      assert.equal(video.error, null, 'the video element reports no error');
      assert.ok(tokenOf(video.src), 'the video URL carries the access token');
      await page.evaluate(
        `new Promise((resolve) => {
          const element = document.querySelector('.viewer-stage video');
          element.addEventListener('seeked', resolve, { once: true });
          element.currentTime = 2;
        })`,
      );
      const videoPath = new URL(video.src).pathname;
      const ranged = streams.filter((entry) => entry.url.includes(videoPath) && entry.status === 206);
      assert.ok(ranged.length > 0, `range requests: ${JSON.stringify(streams)}`);
      assert.ok(ranged.every((entry) => entry.range?.startsWith('bytes=')));
      await page.getByRole('button', { name: 'Back to the list' }).click();

      // The song once, so the item is known. Back in the list, the token stops working (as when it
      // lapses) and the song opens at once, before any other request could refresh it: the audio
      // element meets the 401 itself.
      await page.getByRole('link', { name: 'Fixture Song' }).click();
      await waitForMetadata(page, '.viewer-stage audio');
      await page.getByRole('button', { name: 'Back to the list' }).click();
      await page.getByRole('link', { name: 'Fixture Song' }).waitFor();
      const refused = streams.length;
      const broken = await page.evaluate(`(() => {
        const session = JSON.parse(localStorage.getItem('pinakes.session'));
        session.accessToken = session.accessToken.slice(0, -6) + 'AAAAAA';
        localStorage.setItem('pinakes.session', JSON.stringify(session));
        window.dispatchEvent(new StorageEvent('storage', { key: 'pinakes.session' }));
        document.querySelector('a[aria-label="Fixture Song"]').click();
        return session.accessToken;
      })()`);
      await page.getByRole('region', { name: 'Viewer: Fixture Song' }).waitFor();
      await page.waitForFunction((stale) => {
        const element = document.querySelector('.viewer-stage audio');
        return element !== null && !element.src.includes(stale) && element.readyState >= 1;
      }, String(broken));
      const audio = await elementState(page, '.viewer-stage audio');
      assert.equal(audio.error, null);
      assert.ok(tokenOf(audio.src) && tokenOf(audio.src) !== broken);
      const afterBreak = streams.slice(refused);
      assert.ok(
        afterBreak.some((entry) => entry.status === 401 && tokenOf(entry.url) === broken),
        'the element first met a 401 with the broken token',
      );
      assert.ok(afterBreak.some((entry) => entry.status < 300 && tokenOf(entry.url) === tokenOf(audio.src)));
      assert.deepEqual(errors, []);
    },
  );
});
