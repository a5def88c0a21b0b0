#!/usr/bin/env node
// What a new user does first, against a running server (`npm start`, or an installed
// `pinakes serve`), in headless Chromium: the first visit lands on the setup page, which
// creates the administrator; a photo shared as a public link opens at /s/{token} for a stranger.
// Usage: node scripts/smoke.mjs http://127.0.0.1:8420
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const baseUrl = (process.argv[2] ?? 'http://127.0.0.1:8420').replace(/\/+$/, '');
const CHROMIUM = process.env.PINAKES_TEST_CHROMIUM ?? '/usr/bin/chromium';
const PHOTO = path.join(import.meta.dirname, '..', 'tests', 'fixtures', 'photo.jpg');
const ADMIN = { username: 'first-admin', password: 'a long first password' };
const STEP_TIMEOUT_MS = 30_000;
const RUN_TIMEOUT_MS = 180_000;

setTimeout(() => {
  console.error(`smoke: not done after ${RUN_TIMEOUT_MS} ms`);
  process.exit(1);
}, RUN_TIMEOUT_MS).unref();

function step(text) {
  console.log(`smoke: ${text}`);
}

async function api(method, url, { token, json, body } = {}) {
  const response = await fetch(`${baseUrl}${url}`, {
    method,
    headers: {
      ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: json !== undefined ? JSON.stringify(json) : body,
    signal: AbortSignal.timeout(STEP_TIMEOUT_MS),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, errors };
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
});
try {
  step(`health at ${baseUrl}`);
  const health = await api('GET', '/api/v1/health');
  if (health.status !== 'ok') throw new Error(`health says ${JSON.stringify(health)}`);

  step('the first visit shows the setup page, which creates the administrator');
  const owner = await newPage(browser);
  await owner.page.goto(`${baseUrl}/`);
  await owner.page.waitForURL(`${baseUrl}/setup`);
  await owner.page.getByRole('heading', { name: 'Set up Pinakes' }).waitFor();
  await owner.page.getByLabel('Username').fill(ADMIN.username);
  await owner.page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await owner.page.getByLabel('Repeat the password').fill(ADMIN.password);
  await owner.page.getByRole('button', { name: 'Create administrator' }).click();
  await owner.page.waitForURL(`${baseUrl}/`);
  await owner.page.getByRole('heading', { name: 'Your library is empty' }).waitFor();

  step('a photo shared as a public link');
  const { access_token: token } = await api('POST', '/api/v1/auth/login', { json: ADMIN });
  const form = new FormData();
  form.append('file', new Blob([fs.readFileSync(PHOTO)]), 'photo.jpg');
  const [photo] = await api('POST', '/api/v1/media/upload', { token, body: form });
  const share = await api('POST', '/api/v1/shares', {
    token,
    json: { target_type: 'media', target_id: photo.id, recipient_type: 'public_link' },
  });
  if (!share.public_token) throw new Error(`no public_token in ${JSON.stringify(share)}`);

  step('a stranger opens it at /s/{token}');
  const stranger = await newPage(browser);
  await stranger.page.goto(`${baseUrl}/s/${share.public_token}`);
  await stranger.page.getByRole('heading', { name: 'photo' }).waitFor();
  // A string: it runs in the page, where `document` is the page's.
  await stranger.page.waitForFunction(
    "Array.from(document.querySelectorAll('main img')).some((image) => image.complete && image.naturalWidth > 0)",
  );

  const errors = [...owner.errors, ...stranger.errors];
  if (errors.length > 0) throw new Error(`errors in the pages: ${errors.join('; ')}`);
  step('passed');
} catch (error) {
  console.error(`smoke: FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
