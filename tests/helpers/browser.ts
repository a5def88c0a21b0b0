import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from './build.js';
import { ServerHome } from './server-process.js';

/** The little of the DOM that callbacks run in the page use (this project's Node types have no DOM). */
interface PageImage {
  complete: boolean;
  naturalWidth: number;
}
declare const document: { querySelectorAll(selector: string): ArrayLike<PageImage> };

export const CHROMIUM = process.env.PINAKES_TEST_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
export const SCREENSHOTS = path.join(REPO_ROOT, 'docs', 'screenshots');
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

import { fixturePath } from './fixtures.js';

export { FIXTURES, fixturePath } from './fixtures.js';
export const sha256Of = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

/**
 * Whether the browser journeys can run here. Without Chromium they are skipped with a notice,
 * unless PINAKES_TEST_REQUIRE_BROWSER=1 (CI), where that is a failure.
 */
export function browserSkipReason(): string | false {
  let missing: string | null = null;
  try {
    fs.accessSync(CHROMIUM, fs.constants.X_OK);
  } catch {
    missing = `${CHROMIUM} is not installed (apt-get install chromium)`;
  }
  if (!missing) return false;
  if (process.env.PINAKES_TEST_REQUIRE_BROWSER === '1') {
    throw new Error(`PINAKES_TEST_REQUIRE_BROWSER=1 but ${missing}`);
  }
  console.log(
    `NOTE: browser journeys SKIPPED: ${missing}. Set PINAKES_TEST_REQUIRE_BROWSER=1 to make this a failure.`,
  );
  return missing;
}

export interface WebServer {
  baseUrl: string;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * A real `pinakes serve` of the built package (dist/ and web/dist, what `npm start` runs) on a
 * free port, with a fresh SQLite data dir and no administrator yet.
 */
export async function startWebServer(): Promise<WebServer> {
  const home = new ServerHome('sqlite');
  const server = await home.start({
    PINAKES_ADMIN_USERNAME: '',
    PINAKES_ADMIN_PASSWORD: '',
    PINAKES_LOG_LEVEL: 'silent',
  });
  return {
    baseUrl: server.baseUrl,
    dataDir: home.dataDir,
    close: () => home.cleanup(),
  };
}

export async function launchBrowser(): Promise<Browser> {
  // Playwright gives every launch a fresh temporary user-data dir.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** A fresh context (its own cookies and storage: a different person), failing loudly on page errors. */
export async function newPerson(
  browser: Browser,
  viewport = DESKTOP,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport,
    acceptDownloads: true,
    colorScheme: 'light',
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, errors };
}

/** JSON against the running server (setup steps the journeys are not about). */
export async function api<T>(
  server: Pick<WebServer, 'baseUrl'>,
  method: string,
  url: string,
  options: { token?: string; body?: unknown } = {},
): Promise<T> {
  const response = await fetch(`${server.baseUrl}${url}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: options.body !== undefined ? JSON.stringify(options.body) : null,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} -> ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function uploadFixtures(
  server: Pick<WebServer, 'baseUrl'>,
  token: string,
  names: string[],
): Promise<Array<{ id: string; title: string }>> {
  const form = new FormData();
  for (const name of names) form.append('file', new Blob([fs.readFileSync(fixturePath(name))]), name);
  const response = await fetch(`${server.baseUrl}/api/v1/media/upload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  if (!response.ok) throw new Error(`upload -> ${response.status} ${await response.text()}`);
  return (await response.json()) as Array<{ id: string; title: string }>;
}

export async function signIn(
  page: Page,
  server: WebServer,
  username: string,
  password: string,
): Promise<void> {
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${server.baseUrl}/`);
}

/** Waits until every image in `selector` has loaded real pixels (count of them, at least `min`). */
export async function waitForImages(page: Page, selector: string, min: number): Promise<void> {
  await page.waitForFunction(
    ({ css, atLeast }) => {
      const images = Array.from(document.querySelectorAll(css));
      return images.length >= atLeast && images.every((image) => image.complete && image.naturalWidth > 0);
    },
    { css: selector, atLeast: min },
  );
}

/**
 * Saves `<name>-desktop.png` (1280×800) and `<name>-phone.png` (390×844) into docs/screenshots,
 * for the README. PINAKES_E2E_SCREENSHOTS=0 turns it off.
 */
export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<void> {
  if (process.env.PINAKES_E2E_SCREENSHOTS === '0') return;
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const original = page.viewportSize() ?? DESKTOP;
  // Toasts come and go: they would make every picture different.
  await page.addStyleTag({ content: '.toaster { display: none !important; }' });
  for (const [label, size] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    await page.setViewportSize(size);
    await page.waitForTimeout(250);
    await page.screenshot({
      path: path.join(SCREENSHOTS, `${name}-${label}.png`),
      fullPage: options.fullPage ?? false,
    });
  }
  await page.setViewportSize(original);
  await page.evaluate(`document.querySelectorAll('style').forEach((style) => {
    if (style.textContent.includes('.toaster { display: none')) style.remove();
  })`);
}
