import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  api,
  browserSkipReason,
  launchBrowser,
  newPerson,
  screenshot,
  signIn,
  startWebServer,
  uploadFixtures,
  waitForImages,
  type WebServer,
} from '../helpers/browser.js';

const skip = browserSkipReason();
const ADA = { username: 'ada', password: 'ada-library-password' };
const BOB = { username: 'bob', password: 'bob-viewer-password' };

describe('sharing a collection with another person, in the browser', { skip }, () => {
  let server: WebServer;
  let browser: Browser;

  before(async () => {
    server = await startWebServer();
    browser = await launchBrowser();
    const admin = await api<{ access_token: string }>(server, 'POST', '/api/v1/setup', { body: ADA });
    await api(server, 'POST', '/api/v1/users', {
      token: admin.access_token,
      body: { ...BOB, role: 'viewer' },
    });
    await uploadFixtures(server, admin.access_token, ['photo.jpg', 'icon.png', 'plain.txt']);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it(
    'collects, shares with bob, who is told live and opens it; revoking takes it away at once',
    { timeout: 180_000 },
    async () => {
      const ada = await newPerson(browser);
      const bob = await newPerson(browser);
      await signIn(ada.page, server, ADA.username, ADA.password);
      await signIn(bob.page, server, BOB.username, BOB.password);
      await bob.page.getByRole('button', { name: 'Notifications, none unread' }).waitFor();

      // Ada selects everything and makes a collection of it.
      const library = ada.page.getByRole('list', { name: 'Library' });
      await library.getByRole('listitem').nth(2).waitFor();
      for (const name of ['photo', 'icon', 'plain'])
        await ada.page.getByRole('checkbox', { name: `Select ${name}` }).check();
      await ada.page
        .getByRole('toolbar', { name: 'Selected items' })
        .getByRole('button', { name: 'Add to collection' })
        .click();
      const collect = ada.page.getByRole('dialog', { name: 'Add 3 items to a collection' });
      await collect.getByLabel('Name of the new collection').fill('Summer 2026');
      await collect.getByRole('button', { name: 'Add' }).click();
      await collect.waitFor({ state: 'detached' });
      await ada.page
        .getByRole('navigation', { name: 'Library' })
        .getByRole('link', { name: 'Collections' })
        .click();
      await ada.page.getByRole('link', { name: /Summer 2026/ }).waitFor();
      // The cover is a member's thumbnail, or the collection icon when that member has none.
      await ada.page.locator('.album .cover img, .album .cover-empty').first().waitFor();
      await screenshot(ada.page, 'collections');
      await ada.page.getByRole('link', { name: /Summer 2026/ }).click();
      await ada.page.getByRole('heading', { name: 'Summer 2026' }).waitFor();

      // Shared with bob through the recipient picker.
      await ada.page.getByRole('button', { name: 'Share' }).click();
      const dialog = ada.page.getByRole('dialog', { name: 'Share “Summer 2026”' });
      await dialog.getByRole('tab', { name: 'Person' }).click();
      await dialog.getByRole('combobox', { name: 'Person' }).fill('bo');
      await dialog.getByRole('option', { name: 'bob' }).click();
      await dialog.getByRole('checkbox', { name: /Add/ }).check();
      await dialog.getByLabel('Note for the recipient').fill('Pictures from the trip.');
      await dialog.getByRole('button', { name: 'Share', exact: true }).click();
      await dialog.getByRole('region', { name: 'Already shared' }).getByText('bob').waitFor();
      await dialog.getByRole('button', { name: 'Close', exact: true }).click();

      // Bob's bell rings without a reload (Server-Sent Events), and the notification opens the share.
      await bob.page.getByRole('button', { name: 'Notifications, 1 unread' }).click();
      const panel = bob.page.getByRole('region', { name: 'Notifications' });
      const notification = panel.getByRole('button', { name: /Summer 2026/ });
      await notification.waitFor();
      await screenshot(bob.page, 'notifications');
      await notification.click();
      await bob.page.waitForURL(/\/shared\/with-me\/[0-9a-f-]{36}$/);
      const shared = bob.page.getByRole('list', { name: 'Summer 2026' });
      await shared.getByRole('listitem').nth(2).waitFor();
      await waitForImages(bob.page, '.media-grid img', 2);
      await bob.page.getByText('Pictures from the trip.').waitFor();
      await bob.page.getByRole('button', { name: 'Notifications, none unread' }).waitFor();
      await screenshot(bob.page, 'shared-with-me-collection');

      await shared.getByRole('link', { name: 'photo' }).click();
      await bob.page.getByRole('region', { name: 'Viewer: photo' }).waitFor();
      await waitForImages(bob.page, '.viewer-stage img', 1);
      await bob.page.getByText(`By ${ADA.username}`).waitFor();
      const sharePage = bob.page.url();
      await bob.page.getByRole('button', { name: 'Back to the list' }).click();
      await bob.page
        .getByRole('navigation', { name: 'Sharing' })
        .getByRole('link', { name: 'Shared with me' })
        .click();
      await bob.page.getByRole('link', { name: /Summer 2026/ }).waitFor();
      await screenshot(bob.page, 'shared-with-me');
      await bob.page.getByRole('link', { name: /Summer 2026/ }).click();
      await shared.getByRole('listitem').nth(2).waitFor();

      // Ada revokes; bob's open page loses the share without a reload, and the item is gone for him.
      await ada.page
        .getByRole('navigation', { name: 'Sharing' })
        .getByRole('link', { name: 'Shared by me' })
        .click();
      await ada.page
        .getByRole('button', { name: `Revoke share of Summer 2026 with ${BOB.username}` })
        .click();
      await ada.page
        .getByRole('dialog', { name: 'Revoke this share?' })
        .getByRole('button', { name: 'Revoke' })
        .click();
      await ada.page.getByRole('heading', { name: 'You have not shared anything yet' }).waitFor();

      await bob.page.getByText('This share is no longer available').waitFor();
      await bob.page.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor();
      await bob.page.goto(sharePage);
      await bob.page.getByText('This item cannot be opened').waitFor();
      await bob.page.goto(`${server.baseUrl}/shared/with-me`);
      await bob.page.getByRole('heading', { name: 'Nothing shared with you yet' }).waitFor();

      assert.deepEqual([...ada.errors, ...bob.errors], []);
    },
  );

  it('follows the theme: dark by choice from the user menu', { timeout: 60_000 }, async () => {
    const { page, errors } = await newPerson(browser);
    await signIn(page, server, ADA.username, ADA.password);
    await page.getByRole('button', { name: `Account: ${ADA.username}` }).click();
    await page.getByRole('button', { name: 'Dark' }).click();
    await page.keyboard.press('Escape');
    assert.equal(await page.evaluate('document.documentElement.dataset.theme'), 'dark');
    await waitForImages(page, '.media-grid img', 2);
    await screenshot(page, 'library-dark');
    await page.reload();
    assert.equal(await page.evaluate('document.documentElement.dataset.theme'), 'dark');
    assert.deepEqual(errors, []);
  });
});
