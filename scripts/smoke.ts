// What a new user does first, against a running server (`npm start`, or an installed
// `pinakes serve`), in headless Chromium: the first visit lands on the setup page, which
// creates the administrator; a photo shared as a public link opens at /s/{token} for a stranger.
// Usage: npx tsx scripts/smoke.ts http://127.0.0.1:8420
import { api, launchBrowser, newPerson, uploadFixtures, waitForImages } from '../tests/helpers/browser.js';

const server = { baseUrl: (process.argv[2] ?? 'http://127.0.0.1:8420').replace(/\/+$/, '') };
const { baseUrl } = server;
const ADMIN = { username: 'first-admin', password: 'a long first password' };
const RUN_TIMEOUT_MS = 180_000;

setTimeout(() => {
  console.error(`smoke: not done after ${RUN_TIMEOUT_MS} ms`);
  process.exit(1);
}, RUN_TIMEOUT_MS).unref();

const step = (text: string) => console.log(`smoke: ${text}`);

const browser = await launchBrowser();
try {
  step(`health at ${baseUrl}`);
  const health = await api<{ status: string }>(server, 'GET', '/api/v1/health');
  if (health.status !== 'ok') throw new Error(`health says ${JSON.stringify(health)}`);

  step('the first visit shows the setup page, which creates the administrator');
  const owner = await newPerson(browser);
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
  const { access_token: token } = await api<{ access_token: string }>(server, 'POST', '/api/v1/auth/login', {
    body: ADMIN,
  });
  const [photo] = await uploadFixtures(server, token, ['photo.jpg']);
  const share = await api<{ public_token: string | null }>(server, 'POST', '/api/v1/shares', {
    token,
    body: { target_type: 'media', target_id: photo!.id, recipient_type: 'public_link' },
  });
  if (!share.public_token) throw new Error(`no public_token in ${JSON.stringify(share)}`);

  step('a stranger opens it at /s/{token}');
  const stranger = await newPerson(browser);
  await stranger.page.goto(`${baseUrl}/s/${share.public_token}`);
  await stranger.page.getByRole('heading', { name: 'photo' }).waitFor();
  await waitForImages(stranger.page, 'main img', 1);

  const errors = [...owner.errors, ...stranger.errors];
  if (errors.length > 0) throw new Error(`errors in the pages: ${errors.join('; ')}`);
  step('passed');
} catch (error) {
  console.error(`smoke: FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
