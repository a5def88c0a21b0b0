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
const ADA = { username: 'ada', password: 'ada-admin-password' };
const CYD = { username: 'cyd', password: 'cyd-first-password' };
const CYD_NEW_PASSWORD = 'cyd-own-new-password';
const LAST_ADMIN = /ada is the last active administrator/;

interface Group {
  id: string;
  name: string;
  members?: Array<{ id: string; username: string }>;
}

describe('administration in the browser', { skip }, () => {
  let server: WebServer;
  let browser: Browser;
  let adminToken: string;

  before(async () => {
    server = await startWebServer();
    browser = await launchBrowser();
    adminToken = (await api<{ access_token: string }>(server, 'POST', '/api/v1/setup', { body: ADA }))
      .access_token;
    await api(server, 'POST', '/api/v1/users', {
      token: adminToken,
      body: { username: 'dan', password: 'dan-viewer-password', role: 'viewer' },
    });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it(
    'an admin creates a user and a group with them in it; the user adds to a shared collection and changes password',
    { timeout: 180_000 },
    async () => {
      const admin = await newPerson(browser);
      const page = admin.page;
      await signIn(page, server, ADA.username, ADA.password);

      // Users: create cyd as an editor.
      await page
        .getByRole('navigation', { name: 'Administration' })
        .getByRole('link', { name: 'Users' })
        .click();
      const users = page.getByRole('table', { name: 'Users' });
      await users.getByRole('rowheader', { name: /dan/ }).waitFor();
      await page.getByRole('button', { name: 'New user' }).click();
      const create = page.getByRole('dialog', { name: 'New user' });
      await create.getByLabel('Username').fill(CYD.username);
      await create.getByLabel('Role').selectOption('editor');
      await create.getByLabel('Password', { exact: true }).fill(CYD.password);
      await create.getByLabel('Repeat the password').fill(CYD.password);
      await create.getByRole('button', { name: 'Create user' }).click();
      await create.waitFor({ state: 'detached' });
      await users.getByRole('rowheader', { name: /cyd/ }).waitFor();
      assert.equal(await users.getByLabel('Role of cyd').inputValue(), 'editor');

      // dan is disabled after a confirmation.
      await users.getByRole('row', { name: /dan/ }).getByRole('button', { name: 'Disable' }).click();
      await page
        .getByRole('dialog', { name: 'Disable dan?' })
        .getByRole('button', { name: 'Disable' })
        .click();
      await users.getByRole('row', { name: /dan/ }).getByText('Disabled').waitFor();

      // The last administrator can neither step down nor be deleted: the server's words are shown.
      await users.getByLabel('Role of ada').selectOption('editor');
      await page.getByText(LAST_ADMIN).waitFor();
      assert.equal(await users.getByLabel('Role of ada').inputValue(), 'admin');
      await page.getByRole('button', { name: 'Delete ada' }).click();
      const refuse = page.getByRole('dialog', { name: 'Delete ada?' });
      await refuse.getByRole('button', { name: 'Delete for good' }).click();
      await refuse.getByText(LAST_ADMIN).waitFor();
      await refuse.getByRole('button', { name: 'Cancel' }).click();
      await screenshot(page, 'admin-users');

      // Groups: create one and add cyd through the user lookup.
      await page
        .getByRole('navigation', { name: 'Administration' })
        .getByRole('link', { name: 'Groups' })
        .click();
      await page.getByRole('heading', { name: 'No groups yet' }).waitFor();
      await page.getByRole('button', { name: 'New group' }).first().click();
      const newGroup = page.getByRole('dialog', { name: 'New group' });
      await newGroup.getByLabel('Name').fill('Family');
      await newGroup.getByLabel('Description (optional)').fill('Close relatives');
      await newGroup.getByRole('button', { name: 'Create' }).click();
      await page.getByRole('heading', { name: 'Family' }).waitFor();
      await page.getByRole('combobox', { name: 'Add a member' }).fill('cy');
      await page.getByRole('option', { name: 'cyd' }).click();
      const members = page.getByRole('list', { name: 'Members of Family' });
      await members.getByText('cyd').waitFor();
      // A second group, made elsewhere, shows up in the list too.
      await api(server, 'POST', '/api/v1/groups', {
        token: adminToken,
        body: { name: 'Book club', description: 'Monthly reading group' },
      });
      await page
        .getByRole('navigation', { name: 'Breadcrumb' })
        .getByRole('link', { name: 'Groups' })
        .click();
      await page.getByRole('link', { name: /Family.*1 member/ }).waitFor();
      await page.getByRole('link', { name: /Book club.*0 members/ }).waitFor();
      await screenshot(page, 'admin-groups');

      const groups = await api<Group[]>(server, 'GET', '/api/v1/groups', { token: adminToken });
      const group = groups.find((item) => item.name === 'Family');
      assert.ok(group);
      const detail = await api<Group>(server, 'GET', `/api/v1/groups/${group.id}`, { token: adminToken });
      assert.deepEqual(
        detail.members?.map((member) => member.username),
        [CYD.username],
      );

      // Ada shares a collection with the group, allowing additions; cyd has a photo of their own.
      const collection = await api<{ id: string }>(server, 'POST', '/api/v1/collections', {
        token: adminToken,
        body: { name: 'Family album' },
      });
      await api(server, 'POST', '/api/v1/shares', {
        token: adminToken,
        body: {
          target_type: 'collection',
          target_id: collection.id,
          recipient_type: 'group',
          recipient_group_id: group.id,
          permissions: { can_view: true, can_download: true, can_add: true },
        },
      });
      const cydToken = (
        await api<{ access_token: string }>(server, 'POST', '/api/v1/auth/login', { body: CYD })
      ).access_token;
      await uploadFixtures(server, cydToken, ['photo.jpg']);

      // cyd: no administration, and adds the photo from their library to the shared collection.
      const cyd = await newPerson(browser);
      await signIn(cyd.page, server, CYD.username, CYD.password);
      await cyd.page.getByRole('navigation', { name: 'Library' }).waitFor();
      assert.equal(await cyd.page.getByRole('navigation', { name: 'Administration' }).count(), 0);
      await cyd.page.goto(`${server.baseUrl}/admin/users`);
      await cyd.page.getByRole('heading', { name: 'For administrators only' }).waitFor();
      await cyd.page
        .getByRole('navigation', { name: 'Sharing' })
        .getByRole('link', { name: 'Shared with me' })
        .click();
      await cyd.page.getByRole('link', { name: /Family album/ }).click();
      await cyd.page.getByRole('heading', { name: 'Nothing in it right now' }).waitFor();
      await cyd.page.getByRole('button', { name: 'Add from my library' }).first().click();
      const picker = cyd.page.getByRole('dialog', { name: 'Add to “Family album”' });
      await picker.getByRole('checkbox', { name: 'Select photo' }).check();
      await picker.getByRole('button', { name: 'Add 1 item' }).click();
      await picker.waitFor({ state: 'detached' });
      await cyd.page
        .getByRole('list', { name: 'Family album' })
        .getByRole('link', { name: 'photo' })
        .waitFor();
      await waitForImages(cyd.page, '.media-grid img', 1);

      // cyd changes their password; the new one is the one that signs in.
      await cyd.page.getByRole('button', { name: `Account: ${CYD.username}` }).click();
      await cyd.page.getByRole('button', { name: 'Change password' }).click();
      await cyd.page.getByRole('heading', { name: 'Your account' }).waitFor();
      await cyd.page.getByLabel('Current password').fill('not my password');
      await cyd.page.getByLabel('New password').fill(CYD_NEW_PASSWORD);
      await cyd.page.getByLabel('Repeat the password').fill(CYD_NEW_PASSWORD);
      await cyd.page.getByRole('button', { name: 'Change password' }).click();
      await cyd.page.getByText('The current password is wrong.').waitFor();
      await cyd.page.getByLabel('Current password').fill(CYD.password);
      await cyd.page.getByRole('button', { name: 'Change password' }).click();
      await cyd.page.getByText(/Password changed/).waitFor();
      await cyd.page.getByRole('button', { name: `Account: ${CYD.username}` }).click();
      await cyd.page.getByRole('button', { name: 'Sign out' }).click();
      await cyd.page.waitForURL(`${server.baseUrl}/login`);
      await signIn(cyd.page, server, CYD.username, CYD_NEW_PASSWORD);

      assert.deepEqual([...admin.errors, ...cyd.errors], []);
    },
  );
});
