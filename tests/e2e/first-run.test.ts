import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  browserSkipReason,
  launchBrowser,
  newPerson,
  screenshot,
  startWebServer,
  type WebServer,
} from '../helpers/browser.js';

const skip = browserSkipReason();

describe('first run in the browser', { skip }, () => {
  let server: WebServer;
  let browser: Browser;

  before(async () => {
    server = await startWebServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it(
    'sends a new server to setup, creates the administrator, signs out and back in',
    { timeout: 120_000 },
    async () => {
      const { page, errors } = await newPerson(browser);

      await page.goto(`${server.baseUrl}/shared/by-me`);
      await page.waitForURL(`${server.baseUrl}/setup`);
      await page.getByRole('heading', { name: 'Set up Pinakes' }).waitFor();
      await screenshot(page, 'setup');

      // Mistakes are explained next to the field, nothing is sent.
      await page.getByLabel('Username').fill('ada');
      await page.getByLabel('Password', { exact: true }).fill('short');
      await page.getByRole('button', { name: 'Create administrator' }).click();
      await page.getByText('The password needs at least 8 characters.').waitFor();
      await page.getByLabel('Password', { exact: true }).fill('a long first password');
      await page.getByLabel('Repeat the password').fill('a long first password');
      await page.getByRole('button', { name: 'Create administrator' }).click();

      await page.waitForURL(`${server.baseUrl}/`);
      await page.getByRole('heading', { name: 'Your library is empty' }).waitFor();
      await screenshot(page, 'library-empty');

      // Setup is over: the page says so instead of offering a second administrator.
      await page.goto(`${server.baseUrl}/setup`);
      await page.waitForURL(`${server.baseUrl}/`);

      await page.getByRole('button', { name: 'Account: ada' }).click();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${server.baseUrl}/login`);
      await screenshot(page, 'login');

      await page.getByLabel('Username').fill('ada');
      await page.getByLabel('Password').fill('the wrong password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      // The server's own words reach the person.
      await page.locator('form').getByRole('alert').filter({ hasText: /wrong/i }).waitFor();

      await page.getByLabel('Password').fill('a long first password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${server.baseUrl}/`);
      await page.getByRole('heading', { name: 'Your library is empty' }).waitFor();
      assert.deepEqual(errors, []);
    },
  );
});
