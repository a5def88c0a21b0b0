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
  PHONE,
  screenshot,
  sha256Of,
  signIn,
  startWebServer,
  waitForImages,
  type WebServer,
} from '../helpers/browser.js';

const skip = browserSkipReason();
const OWNER = { username: 'ada', password: 'ada-library-password' };
const LINK_PASSWORD = 'open sesame 42';

/** Drops a file on the page the way a file manager would. */
async function dropFile(page: Page, name: string, mimeType: string): Promise<void> {
  const base64 = fs.readFileSync(fixturePath(name)).toString('base64');
  const dataTransfer = await page.evaluateHandle(
    `(() => {
      const bytes = Uint8Array.from(atob(${JSON.stringify(base64)}), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], ${JSON.stringify(name)}, { type: ${JSON.stringify(mimeType)} }));
      return transfer;
    })()`,
  );
  for (const type of ['dragenter', 'dragover', 'drop'])
    await page.dispatchEvent('main', type, { dataTransfer });
}

describe('sharing a file as a public link, in the browser', { skip }, () => {
  let server: WebServer;
  let browser: Browser;

  before(async () => {
    server = await startWebServer();
    browser = await launchBrowser();
    await api(server, 'POST', '/api/v1/setup', { body: OWNER });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it(
    'uploads, shares with a password and expiry, opens anonymously, downloads the same bytes, revokes',
    { timeout: 180_000 },
    async () => {
      const owner = await newPerson(browser);
      await signIn(owner.page, server, OWNER.username, OWNER.password);
      const page = owner.page;

      // Three files through the picker, each with its own progress bar, then thumbnails.
      await page
        .getByTestId('upload-input')
        .first()
        .setInputFiles([fixturePath('photo.jpg'), fixturePath('icon.png'), fixturePath('note.md')]);
      const uploads = page.getByRole('region', { name: 'Uploads' });
      for (const name of ['photo.jpg', 'icon.png', 'note.md']) {
        await uploads.getByRole('progressbar', { name: `Upload of ${name}` }).waitFor();
      }
      await page.locator('.upload-row[data-status="done"]').nth(2).waitFor();
      await page.getByRole('list', { name: 'Library' }).getByRole('listitem').nth(2).waitFor();
      await waitForImages(page, '.media-grid img', 2);
      assert.equal(await page.getByRole('list', { name: 'Library' }).getByRole('listitem').count(), 3);

      // And one more by drag and drop.
      await dropFile(page, 'song.mp3', 'audio/mpeg');
      await page.getByRole('list', { name: 'Library' }).getByRole('listitem').nth(3).waitFor();
      await page.getByRole('link', { name: 'Fixture Song' }).waitFor();
      await page.locator('.upload-panel').waitFor({ state: 'detached', timeout: 30_000 });
      await screenshot(page, 'library');

      // The viewer, then the share dialog: link, password, expiry.
      await page.getByRole('link', { name: 'photo', exact: true }).click();
      await page.getByRole('region', { name: 'Viewer: photo' }).waitFor();
      await waitForImages(page, '.viewer-stage img', 1);
      await screenshot(page, 'viewer');
      await page.getByRole('button', { name: 'Share' }).click();
      const dialog = page.getByRole('dialog', { name: 'Share “photo”' });
      await dialog.waitFor();
      await dialog.getByLabel('Require a password').check();
      await dialog.getByLabel('Password', { exact: true }).fill(LINK_PASSWORD);
      await dialog.getByLabel('Expires').selectOption('168');
      await dialog.getByLabel('Note for the recipient').fill('The view from the hotel.');
      await screenshot(page, 'share-dialog');
      await dialog.getByRole('button', { name: 'Create link' }).click();
      const linkField = page.getByTestId('share-link-url');
      await linkField.waitFor();
      const linkUrl = await linkField.inputValue();
      assert.match(linkUrl, new RegExp(`^${server.baseUrl}/s/[A-Za-z0-9_-]{40,}$`));
      await page.getByRole('img', { name: /QR code for the link/ }).waitFor();
      await screenshot(page, 'share-link');
      await page.getByRole('button', { name: 'Done' }).click();

      // Server-rendered page of a password link: no unfurl, no name.
      const html = await (await fetch(linkUrl, { headers: { accept: 'text/html' } })).text();
      assert.doesNotMatch(html, /og:title|twitter:card|The view from the hotel/);

      // A stranger, in a fresh context: refused without the password, then in with it.
      const stranger = await newPerson(browser, PHONE);
      await stranger.page.goto(linkUrl);
      await stranger.page.getByRole('heading', { name: 'This link is protected' }).waitFor();
      assert.equal(await stranger.page.locator('img[src*="/media/"]').count(), 0);
      await screenshot(stranger.page, 'public-password');
      await stranger.page.getByLabel('Password').fill('not the password');
      await stranger.page.getByRole('button', { name: 'Open' }).click();
      await stranger.page.getByText('That password is not right.').waitFor();
      await stranger.page.getByLabel('Password').fill(LINK_PASSWORD);
      await stranger.page.getByRole('button', { name: 'Open' }).click();
      await stranger.page.getByRole('heading', { name: 'photo' }).waitFor();
      await stranger.page.getByText('The view from the hotel.').waitFor();
      await stranger.page.getByText(/Available until/).waitFor();
      await waitForImages(stranger.page, '.public-stage img', 1);
      await screenshot(stranger.page, 'public-link');

      const [download] = await Promise.all([
        stranger.page.waitForEvent('download'),
        stranger.page.getByRole('link', { name: 'Download' }).click(),
      ]);
      assert.equal(download.suggestedFilename(), 'photo.jpg');
      const saved = await download.path();
      assert.equal(sha256Of(fs.readFileSync(saved)), sha256Of(fs.readFileSync(fixturePath('photo.jpg'))));
      const imageUrl = await stranger.page.locator('.public-stage img').getAttribute('src');
      assert.ok(imageUrl);

      // A second link, without password: it unfurls.
      await page.goto(`${server.baseUrl}/`);
      await page.getByRole('link', { name: 'icon', exact: true }).click();
      await page.getByRole('button', { name: 'Share' }).click();
      await page
        .getByRole('dialog', { name: 'Share “icon”' })
        .getByRole('button', { name: 'Create link' })
        .click();
      const openLink = await page.getByTestId('share-link-url').inputValue();
      await page.getByRole('button', { name: 'Done' }).click();
      const unfurl = await (await fetch(openLink, { headers: { accept: 'text/html' } })).text();
      assert.match(unfurl, /<meta property="og:title" content="icon" \/>/);
      assert.match(unfurl, new RegExp(`<meta property="og:image" content="${openLink}/preview.webp" />`));
      assert.match(
        unfurl,
        new RegExp(`<meta property="og:description" content="Shared by ${OWNER.username}" />`),
      );

      // Shared by me: both links, the opened one counted once; revoke both together.
      await page.goto(`${server.baseUrl}/shared/by-me`);
      const table = page.getByRole('table');
      await table.getByText('1 open').waitFor();
      await table.getByText('Not opened yet').waitFor();
      await screenshot(page, 'shared-by-me');
      await table.getByRole('link', { name: 'Activity of the share of photo' }).click();
      await page.getByRole('table').getByText('Wrong password').waitFor();
      await page.getByRole('table').getByText('Downloaded').waitFor();
      await screenshot(page, 'share-activity');
      await page.goBack();
      await page.getByRole('checkbox', { name: 'Select every share shown' }).check();
      await page.getByRole('button', { name: 'Revoke selected' }).click();
      await page
        .getByRole('dialog', { name: 'Revoke 2 shares?' })
        .getByRole('button', { name: 'Revoke 2' })
        .click();
      await page.getByRole('heading', { name: 'You have not shared anything yet' }).waitFor();

      // The stranger's open page has lost access; reloading shows the dead-link page.
      const status = await stranger.page.evaluate(
        `fetch(${JSON.stringify(imageUrl)}).then((response) => response.status)`,
      );
      assert.ok(status === 401 || status === 404, `file status after revoke: ${String(status)}`);
      await stranger.page.reload();
      await stranger.page.getByRole('heading', { name: 'This link does not work' }).waitFor();
      await screenshot(stranger.page, 'public-dead-link');
      const other = await newPerson(browser);
      await other.page.goto(openLink);
      await other.page.getByRole('heading', { name: 'This link does not work' }).waitFor();

      assert.deepEqual([...owner.errors, ...stranger.errors, ...other.errors], []);
    },
  );
});
