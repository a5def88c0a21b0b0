import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import {
  activityOf,
  buildShare,
  insertGroup,
  LONG_LIVED_TOKENS,
  notificationsOf,
  shareRow,
} from '../helpers/shares.js';

const UNKNOWN_ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const HOUR = 3600_000;

for (const dialect of DIALECTS) {
  describe(`PATCH /shares/{id} on ${dialect}`, () => {
    let t: TestApp;
    let owner: TestUser;
    let recipient: TestUser;
    before(async () => {
      t = await startTestApp(dialect, LONG_LIVED_TOKENS);
      owner = await buildUser(t);
      recipient = await buildUser(t, { role: 'viewer' });
    });
    after(() => t.close());

    const patch = (user: TestUser | undefined, id: string, payload: unknown, prefix = '/api/v1') =>
      t.request({
        method: 'PATCH',
        url: `${prefix}/shares/${id}`,
        payload: payload as Record<string, unknown>,
        ...(user ? { token: user.token } : {}),
      });

    async function expect400(id: string, payload: unknown, field?: string) {
      const res = await patch(owner, id, payload);
      assert.equal(res.statusCode, 400, `${JSON.stringify(payload)}: ${res.body}`);
      assert.equal(res.json().error, 'bad_request');
      if (field) {
        const fields = (res.json().details ?? []).map((detail: { field: string }) => detail.field);
        assert.ok(fields.includes(field), `expected a detail for ${field}, got ${JSON.stringify(fields)}`);
      }
    }

    it('requires authentication', async () => {
      const share = await buildShare(t, owner, { to: recipient });
      assert.equal((await patch(undefined, share.id, { note: 'x' })).statusCode, 401);
    });

    it('changes permissions partially, bumps the state version, logs and notifies', async () => {
      const share = await buildShare(t, owner, { permissions: { can_edit: true } });
      const recipientId = share.recipient_user_id ?? '';
      const before = await shareRow(t, share.id);
      t.clock.advance(1000);
      for (const prefix of ['/api/v1', '/api']) {
        const res = await patch(
          owner,
          share.id,
          { permissions: { can_download: prefix === '/api' } },
          prefix,
        );
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.json().permissions.can_download, prefix === '/api');
        assert.equal(res.json().permissions.can_edit, true, 'unnamed permissions stay as they were');
        assert.equal(res.json().permissions.can_view, true);
        assert.equal(res.json().updated_at, t.clock.now().toISOString());
      }
      const afterRow = await shareRow(t, share.id);
      assert.equal(afterRow.state_version, before.state_version + 2);
      const updates = (await activityOf(t, share.id)).filter((entry) => entry.action === 'updated');
      assert.equal(updates.length, 2);
      assert.deepEqual(JSON.parse(updates[0]?.details ?? ''), { fields: ['permissions'] });
      assert.equal(updates[0]?.actor_id, owner.id);
      const notes = (await notificationsOf(t, recipientId)).filter(
        (n) => n.notification_type === 'share_updated',
      );
      assert.equal(notes.length, 2);
      assert.equal(notes[0]?.share_id, share.id);
    });

    it('changes note, expiry and inherit_to_children, and clears them with null', async () => {
      const share = await buildShare(t, owner, { target_type: 'collection', to: recipient, note: 'first' });
      const expires = new Date(t.clock.now().getTime() + 5 * HOUR).toISOString();
      const res = await patch(owner, share.id, {
        note: 'second',
        expires_at: expires,
        inherit_to_children: false,
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().note, 'second');
      assert.equal(res.json().expires_at, expires);
      assert.equal(res.json().inherit_to_children, false);
      const entries = await activityOf(t, share.id);
      assert.deepEqual(JSON.parse(entries.at(-1)?.details ?? ''), {
        fields: ['expires_at', 'note', 'inherit_to_children'],
      });
      const cleared = await patch(owner, share.id, { note: null, expires_at: null });
      assert.equal(cleared.json().note, null);
      assert.equal(cleared.json().expires_at, null);
    });

    it('revives an expired share with a new expiry', async () => {
      const share = await buildShare(t, owner, { expires_in_hours: 1 });
      t.clock.advance(2 * HOUR);
      const view = await t.request({ method: 'GET', url: `/api/v1/shares/${share.id}`, token: owner.token });
      assert.equal(view.json().status, 'expired');
      const later = new Date(t.clock.now().getTime() + HOUR).toISOString();
      const res = await patch(owner, share.id, { expires_at: later });
      assert.equal(res.json().status, 'active');
    });

    it('sets, replaces and clears a link password without ever echoing or logging it', async () => {
      const link = await buildShare(t, owner, { to: 'link' });
      const password = 'a brand new secret';
      const set = await patch(owner, link.id, { password });
      assert.equal(set.statusCode, 200);
      assert.equal(set.json().has_password, true);
      assert.equal('password' in set.json(), false);
      assert.equal(JSON.stringify(set.json()).includes(password), false);
      assert.match((await shareRow(t, link.id)).password_hash ?? '', /^\$argon2id\$/);
      const log = await activityOf(t, link.id);
      assert.deepEqual(JSON.parse(log.at(-1)?.details ?? ''), { fields: ['password'] });
      assert.equal(JSON.stringify(log).includes(password), false);
      assert.equal(set.json().public_token, link.public_token, 'the link itself stays the same');

      const cleared = await patch(owner, link.id, { password: null });
      assert.equal(cleared.json().has_password, false);
      assert.equal((await shareRow(t, link.id)).password_hash, null);
    });

    it('sets and clears the access limit of a link', async () => {
      const link = await buildShare(t, owner, { to: 'link', max_access_count: 2 });
      assert.equal((await patch(owner, link.id, { max_access_count: 10 })).json().max_access_count, 10);
      assert.equal((await patch(owner, link.id, { max_access_count: null })).json().max_access_count, null);
      await expect400(link.id, { max_access_count: 0 }, 'max_access_count');
    });

    it('lets an admin change any share', async () => {
      const admin = await buildUser(t, { role: 'admin' });
      const share = await buildShare(t, owner);
      const res = await patch(admin, share.id, { note: 'moderated' });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().note, 'moderated');
      assert.equal((await activityOf(t, share.id)).at(-1)?.actor_id, admin.id);
    });

    it('is 403 for recipients and strangers, 404 for unknown, malformed and revoked ids', async () => {
      const share = await buildShare(t, owner, { to: recipient });
      const stranger = await buildUser(t);
      for (const user of [recipient, stranger]) {
        const res = await patch(user, share.id, { note: 'mine now' });
        assert.equal(res.statusCode, 403);
        assert.equal(res.json().error, 'forbidden');
      }
      const groupMember = await buildUser(t, { role: 'viewer' });
      const groupShare = await buildShare(t, owner, {
        to: { groupId: await insertGroup(t, [groupMember.id]) },
      });
      assert.equal((await patch(groupMember, groupShare.id, { note: 'x' })).statusCode, 403);
      assert.equal((await patch(owner, UNKNOWN_ID, { note: 'x' })).statusCode, 404);
      assert.equal((await patch(owner, 'nope', { note: 'x' })).statusCode, 404);
      await t.request({ method: 'DELETE', url: `/api/v1/shares/${share.id}`, token: owner.token });
      assert.equal((await patch(owner, share.id, { note: 'x' })).statusCode, 404);
      assert.equal((await shareRow(t, share.id)).note, null);
    });

    it('refuses an empty body', async () => {
      const share = await buildShare(t, owner);
      await expect400(share.id, {});
    });

    it('refuses every field that is fixed at creation, changing nothing', async () => {
      const share = await buildShare(t, owner, { to: 'link' });
      const other = await buildUser(t);
      const immutable: Record<string, unknown> = {
        id: UNKNOWN_ID,
        owner_id: other.id,
        owner_username: other.username,
        target_type: 'collection',
        target_id: UNKNOWN_ID,
        target_name: 'renamed',
        recipient_type: 'user',
        recipient_user_id: other.id,
        recipient_group_id: UNKNOWN_ID,
        public_token: 'my-own-token',
        public_url: 'http://evil.example/s/x',
        token: 'my-own-token',
        token_hash: 'abc',
        has_password: false,
        access_count: 0,
        last_accessed_at: null,
        status: 'active',
        parent_share_id: UNKNOWN_ID,
        state_version: 1,
        revoked_at: null,
        created_at: '2020-01-01T00:00:00.000Z',
        updated_at: '2020-01-01T00:00:00.000Z',
        expires_in_hours: 5,
      };
      const before = await shareRow(t, share.id);
      for (const [field, value] of Object.entries(immutable)) {
        await expect400(share.id, { [field]: value }, field);
        // Alongside an allowed field it is refused just the same.
        await expect400(share.id, { note: 'sneaky', [field]: value }, field);
      }
      assert.deepEqual(await shareRow(t, share.id), before);
    });

    it('applies the creation rules: view stays, links grant view and download only', async () => {
      const share = await buildShare(t, owner);
      await expect400(share.id, { permissions: { can_view: false } }, 'permissions.can_view');
      await expect400(share.id, { permissions: { can_fly: true } }, 'permissions.can_fly');
      await expect400(share.id, { permissions: { can_edit: 'yes' } }, 'permissions.can_edit');
      const link = await buildShare(t, owner, { to: 'link' });
      for (const flag of ['can_edit', 'can_delete', 'can_reshare', 'can_add']) {
        await expect400(link.id, { permissions: { [flag]: true } }, `permissions.${flag}`);
      }
      assert.equal((await patch(owner, link.id, { permissions: { can_download: false } })).statusCode, 200);
    });

    it('keeps passwords and access limits to links', async () => {
      const share = await buildShare(t, owner, { to: recipient });
      await expect400(share.id, { password: 'long enough' }, 'password');
      await expect400(share.id, { password: null }, 'password');
      await expect400(share.id, { max_access_count: 3 }, 'max_access_count');
      const link = await buildShare(t, owner, { to: 'link' });
      await expect400(link.id, { password: 'short' }, 'password');
      await expect400(link.id, { password: 'x'.repeat(257) }, 'password');
    });

    it('refuses an expiry in the past and malformed values', async () => {
      const share = await buildShare(t, owner);
      await expect400(
        share.id,
        { expires_at: new Date(t.clock.now().getTime() - 1).toISOString() },
        'expires_at',
      );
      await expect400(share.id, { expires_at: 'soon' }, 'expires_at');
      await expect400(share.id, { note: 'x'.repeat(2001) }, 'note');
      await expect400(share.id, { inherit_to_children: null }, 'inherit_to_children');
    });

    it('changes nothing, logs nothing and tells no one for a patch that changes nothing', async () => {
      const share = await buildShare(t, owner, { note: 'same' });
      const before = await shareRow(t, share.id);
      const res = await patch(owner, share.id, { note: 'same', permissions: { can_view: true } });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(await shareRow(t, share.id), before);
      assert.equal((await activityOf(t, share.id)).length, 1);
    });
  });
}
