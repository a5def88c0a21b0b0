import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sha256 } from '../../src/lib/secrets.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import {
  activityOf,
  buildShare,
  insertCollection,
  insertGroup,
  insertMedia,
  insertSavedSearch,
  insertTag,
  notificationsOf,
  shareBody,
  shareRow,
  LONG_LIVED_TOKENS,
} from '../helpers/shares.js';

const UNKNOWN_ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

for (const dialect of DIALECTS) {
  describe(`POST /shares on ${dialect}`, () => {
    let t: TestApp;
    let owner: TestUser;
    let friend: TestUser;
    before(async () => {
      t = await startTestApp(dialect, LONG_LIVED_TOKENS);
      owner = await buildUser(t, { role: 'editor' });
      friend = await buildUser(t, { role: 'viewer' });
    });
    after(() => t.close());

    const post = (user: TestUser | undefined, payload: Record<string, unknown>, prefix = '/api/v1') =>
      t.request({ method: 'POST', url: `${prefix}/shares`, payload, ...(user ? { token: user.token } : {}) });

    async function expect400(payload: Record<string, unknown>, field?: string, user: TestUser = owner) {
      const res = await post(user, payload);
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().error, 'bad_request');
      if (field) {
        const fields = (res.json().details ?? []).map((detail: { field: string }) => detail.field);
        assert.ok(fields.includes(field), `expected a detail for ${field}, got ${JSON.stringify(fields)}`);
      }
      return res.json();
    }

    it('requires authentication', async () => {
      const res = await post(undefined, await shareBody(t, owner, { to: friend }));
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().error, 'unauthorized');
    });

    it('shares a media item with a user, with the default permissions, under both prefixes', async () => {
      for (const prefix of ['/api/v1', '/api']) {
        const media = await insertMedia(t, owner.id, { title: `Sunset ${prefix}` });
        const recipient = await buildUser(t, { role: 'viewer' });
        const res = await post(
          owner,
          {
            target_type: 'media',
            target_id: media.id,
            recipient_type: 'user',
            recipient_user_id: recipient.id,
          },
          prefix,
        );
        assert.equal(res.statusCode, 200, res.body);
        const share = res.json();
        assert.equal(share.target_type, 'media');
        assert.equal(share.target_id, media.id);
        assert.equal(share.target_name, `Sunset ${prefix}`);
        assert.equal(share.owner_id, owner.id);
        assert.equal(share.owner_username, owner.username);
        assert.equal(share.recipient_type, 'user');
        assert.equal(share.recipient_user_id, recipient.id);
        assert.equal(share.recipient_username, recipient.username);
        assert.equal(share.recipient_group_id, null);
        assert.equal(share.recipient_group_name, null);
        assert.deepEqual(share.permissions, {
          can_view: true,
          can_download: true,
          can_edit: false,
          can_delete: false,
          can_reshare: false,
          can_add: false,
        });
        assert.equal(share.public_token, null);
        assert.equal(share.public_url, null);
        assert.equal(share.has_password, false);
        assert.equal(share.note, null);
        assert.equal(share.expires_at, null);
        assert.equal(share.max_access_count, null);
        assert.equal(share.access_count, 0);
        assert.equal(share.last_accessed_at, null);
        assert.equal(share.status, 'active');
        assert.equal(share.inherit_to_children, true);
        assert.equal(share.parent_share_id, null);
        assert.equal(share.created_at, t.clock.now().toISOString());
        assert.deepEqual(
          Object.keys(share).sort(),
          [
            'access_count',
            'created_at',
            'expires_at',
            'has_password',
            'id',
            'inherit_to_children',
            'last_accessed_at',
            'max_access_count',
            'note',
            'owner_id',
            'owner_username',
            'parent_share_id',
            'permissions',
            'public_token',
            'public_url',
            'recipient_group_id',
            'recipient_group_name',
            'recipient_type',
            'recipient_user_id',
            'recipient_username',
            'status',
            'target_id',
            'target_name',
            'target_type',
            'updated_at',
          ].sort(),
        );
      }
    });

    it('logs `created` and tells the recipient', async () => {
      const recipient = await buildUser(t, { role: 'viewer' });
      const share = await buildShare(t, owner, { to: recipient, permissions: { can_reshare: true } });
      const entries = await activityOf(t, share.id);
      assert.equal(entries.length, 1);
      assert.equal(entries[0]?.action, 'created');
      assert.equal(entries[0]?.actor_id, owner.id);
      assert.deepEqual(JSON.parse(entries[0]?.details ?? '{}').permissions, [
        'can_view',
        'can_download',
        'can_reshare',
      ]);
      const notes = await notificationsOf(t, recipient.id);
      assert.equal(notes.length, 1);
      assert.equal(notes[0]?.notification_type, 'new_share');
      assert.equal(notes[0]?.share_id, share.id);
      assert.match(notes[0]?.message ?? '', new RegExp(owner.username));
      // The owner is not told about their own share.
      assert.equal((await notificationsOf(t, owner.id)).length, 0);
    });

    it('shares collections, tags and saved searches, named after them', async () => {
      const collection = await insertCollection(t, owner.id);
      const tag = await insertTag(t, owner.id, 'beach');
      const search = await insertSavedSearch(t, owner.id, 'sunset');
      for (const [type, id] of [
        ['collection', collection],
        ['tag', tag],
        ['saved_search', search],
      ] as const) {
        const share = await buildShare(t, owner, { target_type: type, target_id: id, to: friend });
        assert.equal(share.target_type, type);
        assert.equal(share.target_id, id);
        assert.ok(share.target_name);
      }
      const tagShare = await buildShare(t, owner, { target_type: 'tag', target_id: tag, to: 'link' });
      assert.equal(tagShare.target_name, 'beach');
    });

    it('shares with a group, naming it', async () => {
      const member = await buildUser(t, { role: 'viewer' });
      const groupId = await insertGroup(t, [member.id]);
      const share = await buildShare(t, owner, { to: { groupId }, inherit_to_children: false });
      assert.equal(share.recipient_type, 'group');
      assert.equal(share.recipient_group_id, groupId);
      assert.match(share.recipient_group_name ?? '', /^team-/);
      assert.equal(share.recipient_user_id, null);
      assert.equal(share.inherit_to_children, false);
      assert.equal((await notificationsOf(t, member.id))[0]?.notification_type, 'new_share');
    });

    it('makes public links with a secret token shown to the owner, and a hashed password', async () => {
      const password = 'correct horse battery';
      const share = await buildShare(t, owner, {
        to: 'link',
        password,
        max_access_count: 3,
        note: 'for the family',
        permissions: { can_download: false },
      });
      assert.equal(share.recipient_type, 'public_link');
      assert.match(share.public_token ?? '', /^[A-Za-z0-9_-]{43,}$/);
      assert.equal(share.public_url, `http://pinakes.test/s/${share.public_token}`);
      assert.equal(share.has_password, true);
      assert.equal(share.max_access_count, 3);
      assert.equal(share.note, 'for the family');
      assert.equal(share.permissions.can_download, false);
      assert.equal(JSON.stringify(share).includes(password), false);
      assert.equal('password' in share, false);

      const row = await shareRow(t, share.id);
      assert.match(row.password_hash ?? '', /^\$argon2id\$/);
      assert.equal(row.token_hash, sha256(share.public_token ?? ''));
      assert.ok(row.token_sealed && !row.token_sealed.includes(share.public_token ?? ''));
      const second = await buildShare(t, owner, { to: 'link' });
      assert.notEqual(second.public_token, share.public_token);
      assert.equal(second.has_password, false);
    });

    it('sets the expiry from expires_at or expires_in_hours', async () => {
      const at = new Date(t.clock.now().getTime() + 3 * 86400_000);
      const explicit = await buildShare(t, owner, {
        to: friend,
        expires_at: at.toISOString().replace('.000Z', 'Z'),
      });
      assert.equal(explicit.expires_at, at.toISOString());
      const offset = await buildShare(t, owner, { to: 'link', expires_in_hours: 48 });
      assert.equal(offset.expires_at, new Date(t.clock.now().getTime() + 48 * 3600_000).toISOString());
      const zoned = new Date(t.clock.now().getTime() + 86400_000);
      const local = zoned.toISOString().replace('Z', '+00:00');
      const withZone = await buildShare(t, owner, { to: 'link', expires_at: local });
      assert.equal(withZone.expires_at, zoned.toISOString());
    });

    it('refuses malformed fields with 400 and details', async () => {
      const media = await insertMedia(t, owner.id);
      const base = {
        target_type: 'media',
        target_id: media.id,
        recipient_type: 'user',
        recipient_user_id: friend.id,
      };
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ ...base, target_type: 'album' }, 'target_type'],
        [{ ...base, target_id: 'not-a-uuid' }, 'target_id'],
        [{ ...base, recipient_type: 'everyone' }, 'recipient_type'],
        [{ ...base, recipient_user_id: 'nope' }, 'recipient_user_id'],
        [{ ...base, permissions: { can_view: 'yes' } }, 'permissions.can_view'],
        [{ ...base, permissions: { can_fly: true } }, 'permissions.can_fly'],
        [{ ...base, note: 'x'.repeat(2001) }, 'note'],
        [{ ...base, expires_in_hours: 0 }, 'expires_in_hours'],
        [{ ...base, expires_in_hours: 87601 }, 'expires_in_hours'],
        [{ ...base, expires_in_hours: 1.5 }, 'expires_in_hours'],
        [{ ...base, expires_in_hours: '24' }, 'expires_in_hours'],
        [{ ...base, expires_at: 'tomorrow' }, 'expires_at'],
        [{ ...base, expires_at: '2099-01-01T00:00:00' }, 'expires_at'],
        [{ ...base, inherit_to_children: 'true' }, 'inherit_to_children'],
        [{ ...base, owner_id: friend.id }, 'owner_id'],
        [{ target_id: media.id, recipient_type: 'user', recipient_user_id: friend.id }, 'target_type'],
        [{ target_type: 'media', recipient_type: 'user', recipient_user_id: friend.id }, 'target_id'],
        [{ target_type: 'media', target_id: media.id }, 'recipient_type'],
      ];
      for (const [payload, field] of cases) await expect400(payload, field);
      const link = { target_type: 'media', target_id: media.id, recipient_type: 'public_link' };
      await expect400({ ...link, password: 'short12' }, 'password');
      await expect400({ ...link, password: 'x'.repeat(257) }, 'password');
      await expect400({ ...link, max_access_count: 0 }, 'max_access_count');
      const malformed = await t.request({
        method: 'POST',
        url: '/api/v1/shares',
        token: owner.token,
        headers: { 'content-type': 'application/json' },
        payload: '{"target_type": "media",',
      });
      assert.equal(malformed.statusCode, 400);
      assert.equal(malformed.json().error, 'bad_request');
      assert.equal(
        (await t.ctx.db.kysely.selectFrom('shares').select('id').where('target_id', '=', media.id).execute())
          .length,
        0,
      );
    });

    it('requires the recipient field that matches recipient_type, and no other', async () => {
      const media = await insertMedia(t, owner.id);
      const groupId = await insertGroup(t);
      const base = { target_type: 'media', target_id: media.id };
      await expect400({ ...base, recipient_type: 'user' }, 'recipient_user_id');
      await expect400({ ...base, recipient_type: 'group' }, 'recipient_group_id');
      await expect400(
        { ...base, recipient_type: 'group', recipient_user_id: friend.id },
        'recipient_group_id',
      );
      await expect400(
        { ...base, recipient_type: 'user', recipient_user_id: friend.id, recipient_group_id: groupId },
        'recipient_group_id',
      );
      await expect400(
        { ...base, recipient_type: 'public_link', recipient_user_id: friend.id },
        'recipient_user_id',
      );
      await expect400(
        { ...base, recipient_type: 'public_link', recipient_group_id: groupId },
        'recipient_group_id',
      );
    });

    it('refuses a share that does not let its recipients view', async () => {
      await expect400(
        await shareBody(t, owner, { to: friend, permissions: { can_view: false } }),
        'permissions.can_view',
      );
      await expect400(
        await shareBody(t, owner, { to: 'link', permissions: { can_view: false } }),
        'permissions.can_view',
      );
    });

    it('lets public links grant only view and download', async () => {
      for (const flag of ['can_edit', 'can_delete', 'can_reshare', 'can_add']) {
        await expect400(
          await shareBody(t, owner, { to: 'link', permissions: { [flag]: true } }),
          `permissions.${flag}`,
        );
        // Saying no explicitly is fine.
        await buildShare(t, owner, { to: 'link', permissions: { [flag]: false } });
      }
      // Users may be given all of them.
      const share = await buildShare(t, owner, {
        to: friend,
        permissions: {
          can_edit: true,
          can_delete: true,
          can_reshare: true,
          can_add: true,
          can_download: false,
        },
      });
      assert.deepEqual(share.permissions, {
        can_view: true,
        can_download: false,
        can_edit: true,
        can_delete: true,
        can_reshare: true,
        can_add: true,
      });
    });

    it('takes a password and an access limit for public links only', async () => {
      await expect400(await shareBody(t, owner, { to: friend, password: 'long enough' }), 'password');
      await expect400(await shareBody(t, owner, { to: friend, max_access_count: 5 }), 'max_access_count');
      const groupId = await insertGroup(t);
      await expect400(await shareBody(t, owner, { to: { groupId }, password: 'long enough' }), 'password');
    });

    it('refuses an expiry in the past, or both ways of giving one', async () => {
      const past = new Date(t.clock.now().getTime() - 1000).toISOString();
      await expect400(await shareBody(t, owner, { to: friend, expires_at: past }), 'expires_at');
      await expect400(
        await shareBody(t, owner, { to: friend, expires_at: t.clock.now().toISOString() }),
        'expires_at',
      );
      const future = new Date(t.clock.now().getTime() + 3600_000).toISOString();
      await expect400(
        await shareBody(t, owner, { to: friend, expires_at: future, expires_in_hours: 2 }),
        'expires_in_hours',
      );
    });

    it("answers an unknown target and someone else's target with the same 400", async () => {
      const stranger = await buildUser(t, { role: 'editor' });
      const theirs = await insertMedia(t, stranger.id);
      const unknown = await expect400(
        { target_type: 'media', target_id: UNKNOWN_ID, recipient_type: 'user', recipient_user_id: friend.id },
        'target_id',
      );
      const foreign = await expect400(
        { target_type: 'media', target_id: theirs.id, recipient_type: 'user', recipient_user_id: friend.id },
        'target_id',
      );
      assert.deepEqual(foreign, unknown);
      // A media id under another target type names nothing either.
      await expect400(
        {
          target_type: 'collection',
          target_id: (await insertMedia(t, owner.id)).id,
          recipient_type: 'public_link',
        },
        'target_id',
      );
      for (const [type, id] of [
        ['collection', await insertCollection(t, stranger.id)],
        ['tag', await insertTag(t, stranger.id)],
        ['saved_search', await insertSavedSearch(t, stranger.id, 'x')],
      ] as const) {
        await expect400({ target_type: type, target_id: id, recipient_type: 'public_link' }, 'target_id');
      }
    });

    it('does not let an administrator share media that is not theirs', async () => {
      const admin = await buildUser(t, { role: 'admin' });
      const media = await insertMedia(t, owner.id);
      await expect400(
        { target_type: 'media', target_id: media.id, recipient_type: 'public_link' },
        'target_id',
        admin,
      );
      // Their own, they may.
      await buildShare(t, admin, { to: friend });
    });

    it('refuses unknown, disabled and self recipients', async () => {
      await expect400(await shareBody(t, owner, { to: { ...friend, id: UNKNOWN_ID } }), 'recipient_user_id');
      await expect400(await shareBody(t, owner, { to: { groupId: UNKNOWN_ID } }), 'recipient_group_id');
      await expect400(await shareBody(t, owner, { to: owner }), 'recipient_user_id');
      const disabled = await buildUser(t, { role: 'viewer' });
      await t.ctx.db.kysely.updateTable('users').set({ disabled: 1 }).where('id', '=', disabled.id).execute();
      await expect400(await shareBody(t, owner, { to: disabled }), 'recipient_user_id');
    });

    it('refuses a second live share of a target to the same user or group, but not after a revoke', async () => {
      const media = await insertMedia(t, owner.id);
      const first = await buildShare(t, owner, { target_id: media.id, to: friend });
      const again = await expect400(
        await shareBody(t, owner, { target_id: media.id, to: friend }),
        'recipient_user_id',
      );
      assert.match(again.message, /update/i);
      // A different permission set is still the same recipient: update instead.
      await expect400(
        await shareBody(t, owner, { target_id: media.id, to: friend, permissions: { can_download: false } }),
        'recipient_user_id',
      );
      const groupId = await insertGroup(t, [friend.id]);
      await buildShare(t, owner, { target_id: media.id, to: { groupId } });
      await expect400(
        await shareBody(t, owner, { target_id: media.id, to: { groupId } }),
        'recipient_group_id',
      );
      // Any number of links to one target.
      await buildShare(t, owner, { target_id: media.id, to: 'link' });
      await buildShare(t, owner, { target_id: media.id, to: 'link' });

      const revoke = await t.request({
        method: 'DELETE',
        url: `/api/v1/shares/${first.id}`,
        token: owner.token,
      });
      assert.equal(revoke.statusCode, 204);
      await buildShare(t, owner, { target_id: media.id, to: friend });
    });

    it('keeps one live share when two identical requests race', async () => {
      const payload = await shareBody(t, owner, { to: friend });
      const results = await Promise.all([post(owner, payload), post(owner, payload), post(owner, payload)]);
      const codes = results.map((res) => res.statusCode).sort();
      assert.deepEqual(codes, [200, 400, 400]);
      const live = await t.ctx.db.kysely
        .selectFrom('shares')
        .select('id')
        .where('target_id', '=', String(payload.target_id))
        .where('revoked_at', 'is', null)
        .execute();
      assert.equal(live.length, 1);
    });

    it('lets a viewer, who owns nothing, share nothing of their own', async () => {
      const viewer = await buildUser(t, { role: 'viewer' });
      const media = await insertMedia(t, owner.id);
      await expect400(
        { target_type: 'media', target_id: media.id, recipient_type: 'user', recipient_user_id: friend.id },
        'target_id',
        viewer,
      );
    });
  });
}
