import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import {
  activityOf,
  buildShare,
  insertCollection,
  insertGroup,
  insertMedia,
  LONG_LIVED_TOKENS,
  mediaStatus,
  notificationsOf,
  removeFromGroup,
  shareBody,
  shareRow,
} from '../helpers/shares.js';

const HOUR = 3600_000;

for (const dialect of DIALECTS) {
  describe(`reshares and group shares on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect, LONG_LIVED_TOKENS);
    });
    after(() => t.close());

    const post = (user: TestUser, payload: Record<string, unknown>) =>
      t.request({ method: 'POST', url: '/api/v1/shares', token: user.token, payload });
    const patch = (user: TestUser, id: string, payload: Record<string, unknown>) =>
      t.request({ method: 'PATCH', url: `/api/v1/shares/${id}`, token: user.token, payload });
    const fieldsOf = (res: { json(): { details?: Array<{ field: string }> } }) =>
      (res.json().details ?? []).map((detail) => detail.field);

    /** Alice owns a media item and shares it with Bob; Carol is who Bob reshares to. */
    async function chain(parent: Record<string, unknown> = {}) {
      const alice = await buildUser(t, { role: 'editor' });
      const bob = await buildUser(t, { role: 'viewer' });
      const carol = await buildUser(t, { role: 'viewer' });
      const media = await insertMedia(t, alice.id);
      const share = await buildShare(t, alice, {
        target_id: media.id,
        to: bob,
        permissions: { can_reshare: true },
        ...parent,
      });
      return { alice, bob, carol, media, share };
    }

    describe('resharing', () => {
      it('needs can_reshare on a live share of exactly that target', async () => {
        const alice = await buildUser(t);
        const bob = await buildUser(t, { role: 'viewer' });
        const carol = await buildUser(t, { role: 'viewer' });
        const media = await insertMedia(t, alice.id);
        await buildShare(t, alice, { target_id: media.id, to: bob });
        const refused = await post(bob, await shareBody(t, alice, { target_id: media.id, to: carol }));
        assert.equal(refused.statusCode, 400);
        assert.deepEqual(fieldsOf(refused), ['target_id']);

        // A share of a collection lets Bob reshare the collection, not an item inside it.
        const inside = await insertMedia(t, alice.id);
        const collection = await insertCollection(t, alice.id, [inside.id]);
        await buildShare(t, alice, {
          target_type: 'collection',
          target_id: collection,
          to: bob,
          permissions: { can_reshare: true },
        });
        const item = await post(bob, await shareBody(t, alice, { target_id: inside.id, to: carol }));
        assert.equal(item.statusCode, 400);
        const whole = await post(
          bob,
          await shareBody(t, alice, { target_type: 'collection', target_id: collection, to: carol }),
        );
        assert.equal(whole.statusCode, 200, whole.body);
      });

      it('makes a child share owned by the resharer, with parent_share_id, within the parent', async () => {
        const { alice, bob, carol, media, share } = await chain({
          permissions: { can_reshare: true, can_download: false, can_edit: true },
        });
        const res = await post(bob, await shareBody(t, alice, { target_id: media.id, to: carol }));
        assert.equal(res.statusCode, 200, res.body);
        const child = res.json();
        assert.equal(child.parent_share_id, share.id);
        assert.equal(child.owner_id, bob.id);
        assert.equal(child.owner_username, bob.username);
        assert.equal(child.target_name, media.title);
        // Defaults AND the parent's: download is off because the parent's is.
        assert.deepEqual(child.permissions, {
          can_view: true,
          can_download: false,
          can_edit: false,
          can_delete: false,
          can_reshare: false,
          can_add: false,
        });
        assert.equal(await mediaStatus(t, carol, media.id), 200);
        assert.equal((await notificationsOf(t, carol.id))[0]?.notification_type, 'new_share');
        // What the parent grants may be passed on explicitly.
        const dave = await buildUser(t, { role: 'viewer' });
        const edit = await post(
          bob,
          await shareBody(t, alice, { target_id: media.id, to: dave, permissions: { can_edit: true } }),
        );
        assert.equal(edit.statusCode, 200, edit.body);
        assert.equal(edit.json().permissions.can_edit, true);
      });

      it('cannot widen the permissions of its parent', async () => {
        const { alice, bob, carol, media } = await chain({
          permissions: { can_reshare: true, can_download: false },
        });
        for (const flag of ['can_download', 'can_edit', 'can_delete', 'can_add']) {
          const res = await post(
            bob,
            await shareBody(t, alice, { target_id: media.id, to: carol, permissions: { [flag]: true } }),
          );
          assert.equal(res.statusCode, 400, flag);
          assert.deepEqual(fieldsOf(res), [`permissions.${flag}`]);
        }
      });

      it('cannot reach children its parent does not', async () => {
        const alice = await buildUser(t);
        const bob = await buildUser(t, { role: 'viewer' });
        const carol = await buildUser(t, { role: 'viewer' });
        const collection = await insertCollection(t, alice.id);
        await buildShare(t, alice, {
          target_type: 'collection',
          target_id: collection,
          to: bob,
          permissions: { can_reshare: true },
          inherit_to_children: false,
        });
        const body = await shareBody(t, alice, {
          target_type: 'collection',
          target_id: collection,
          to: carol,
        });
        const wider = await post(bob, { ...body, inherit_to_children: true });
        assert.equal(wider.statusCode, 400);
        assert.deepEqual(fieldsOf(wider), ['inherit_to_children']);
        const same = await post(bob, body);
        assert.equal(same.statusCode, 200);
        assert.equal(same.json().inherit_to_children, false);
      });

      it('cannot outlast its parent, and inherits its expiry by default', async () => {
        const { alice, bob, carol, media, share } = await chain({ expires_in_hours: 10 });
        const longer = await post(
          bob,
          await shareBody(t, alice, { target_id: media.id, to: carol, expires_in_hours: 11 }),
        );
        assert.equal(longer.statusCode, 400);
        assert.deepEqual(fieldsOf(longer), ['expires_in_hours']);
        const later = new Date(Date.parse(share.expires_at ?? '') + 1000).toISOString();
        const explicit = await post(
          bob,
          await shareBody(t, alice, { target_id: media.id, to: carol, expires_at: later }),
        );
        assert.equal(explicit.statusCode, 400);
        assert.deepEqual(fieldsOf(explicit), ['expires_at']);
        const inherited = await post(bob, await shareBody(t, alice, { target_id: media.id, to: carol }));
        assert.equal(inherited.statusCode, 200);
        assert.equal(inherited.json().expires_at, share.expires_at);
        const dave = await buildUser(t, { role: 'viewer' });
        const shorter = await post(
          bob,
          await shareBody(t, alice, { target_id: media.id, to: dave, expires_in_hours: 2 }),
        );
        assert.equal(shorter.statusCode, 200);

        // PATCH holds the child to the same bounds.
        const child = inherited.json();
        const clear = await patch(bob, child.id, { expires_at: null });
        assert.equal(clear.statusCode, 400);
        assert.equal((await patch(bob, child.id, { expires_at: later })).statusCode, 400);
        assert.equal((await patch(bob, child.id, { permissions: { can_edit: true } })).statusCode, 400);
        assert.equal((await patch(bob, child.id, { note: 'fine' })).statusCode, 200);
      });

      it('may not go back to the owner, nor come from an expired or revoked parent', async () => {
        const { alice, bob, carol, media, share } = await chain({ expires_in_hours: 1 });
        const back = await post(bob, await shareBody(t, alice, { target_id: media.id, to: alice }));
        assert.equal(back.statusCode, 400);
        assert.deepEqual(fieldsOf(back), ['recipient_user_id']);
        t.clock.advance(HOUR);
        const expired = await post(bob, await shareBody(t, alice, { target_id: media.id, to: carol }));
        assert.equal(expired.statusCode, 400);
        assert.deepEqual(fieldsOf(expired), ['target_id']);
        await patch(alice, share.id, { expires_at: null });
        await t.request({ method: 'DELETE', url: `/api/v1/shares/${share.id}`, token: alice.token });
        assert.equal(
          (await post(bob, await shareBody(t, alice, { target_id: media.id, to: carol }))).statusCode,
          400,
        );
      });

      it('may be a public link, holding to link rules', async () => {
        const { alice, bob, media, share } = await chain();
        const link = await post(
          bob,
          await shareBody(t, alice, { target_id: media.id, to: 'link', password: 'for my friends' }),
        );
        assert.equal(link.statusCode, 200, link.body);
        assert.equal(link.json().parent_share_id, share.id);
        assert.ok(link.json().public_token, 'the resharer owns the link and sees its secret');
        const reshareLink = await post(
          bob,
          await shareBody(t, alice, { target_id: media.id, to: 'link', permissions: { can_reshare: true } }),
        );
        assert.equal(reshareLink.statusCode, 400);
        const seen = await t.request({
          method: 'GET',
          url: `/api/v1/shares/${link.json().id}`,
          token: bob.token,
        });
        assert.equal(seen.json().public_token, link.json().public_token);
        // The reshare is Bob's: the owner of the parent neither manages nor reads it.
        const parentOwner = await t.request({
          method: 'GET',
          url: `/api/v1/shares/${link.json().id}`,
          token: alice.token,
        });
        assert.equal(parentOwner.statusCode, 403);
      });
    });

    describe('cascades', () => {
      it('revoking a share revokes its reshares, all the way down', async () => {
        const { alice, bob, carol, media, share } = await chain();
        const child = (
          await post(
            bob,
            await shareBody(t, alice, { target_id: media.id, to: carol, permissions: { can_reshare: true } }),
          )
        ).json();
        const dave = await buildUser(t, { role: 'viewer' });
        const grandchild = (
          await post(carol, await shareBody(t, alice, { target_id: media.id, to: dave }))
        ).json();
        assert.equal(grandchild.parent_share_id, child.id);
        assert.equal(await mediaStatus(t, carol, media.id), 200);
        assert.equal(await mediaStatus(t, dave, media.id), 200);

        const res = await t.request({
          method: 'DELETE',
          url: `/api/v1/shares/${share.id}`,
          token: alice.token,
        });
        assert.equal(res.statusCode, 204);
        for (const id of [share.id, child.id, grandchild.id]) {
          const row = await shareRow(t, id);
          assert.ok(row.revoked_at, id);
          assert.equal(row.state_version, 2);
          assert.equal((await activityOf(t, id)).at(-1)?.action, 'revoked');
        }
        assert.deepEqual(JSON.parse((await activityOf(t, grandchild.id)).at(-1)?.details ?? ''), {
          revoked_with: child.id,
        });
        for (const user of [bob, carol, dave]) {
          assert.equal(await mediaStatus(t, user, media.id), 404, user.username);
          assert.equal((await notificationsOf(t, user.id)).at(-1)?.notification_type, 'share_revoked');
        }
        const gone = await t.request({
          method: 'GET',
          url: `/api/v1/shares/${child.id}`,
          token: carol.token,
        });
        assert.equal(gone.statusCode, 404);
        assert.equal(
          (await t.request({ method: 'GET', url: `/api/v1/shares/${child.id}/items`, token: carol.token }))
            .statusCode,
          404,
        );
      });

      it('revoking a reshare leaves its parent alone', async () => {
        const { alice, bob, carol, media, share } = await chain();
        const child = (await post(bob, await shareBody(t, alice, { target_id: media.id, to: carol }))).json();
        assert.equal(
          (await t.request({ method: 'DELETE', url: `/api/v1/shares/${child.id}`, token: bob.token }))
            .statusCode,
          204,
        );
        assert.equal((await shareRow(t, share.id)).revoked_at, null);
        assert.equal(await mediaStatus(t, bob, media.id), 200);
        assert.equal(await mediaStatus(t, carol, media.id), 404);
        // The original owner cannot manage Bob's reshare (it is Bob's), but an admin can.
        const admin = await buildUser(t, { role: 'admin' });
        const again = (await post(bob, await shareBody(t, alice, { target_id: media.id, to: carol }))).json();
        assert.equal(
          (await t.request({ method: 'DELETE', url: `/api/v1/shares/${again.id}`, token: alice.token }))
            .statusCode,
          403,
        );
        assert.equal(
          (await t.request({ method: 'DELETE', url: `/api/v1/shares/${again.id}`, token: admin.token }))
            .statusCode,
          204,
        );
      });

      it('batch revoking cascades too', async () => {
        const { alice, bob, carol, media, share } = await chain();
        const child = (await post(bob, await shareBody(t, alice, { target_id: media.id, to: carol }))).json();
        const res = await t.request({
          method: 'POST',
          url: '/api/v1/shares/batch/delete',
          token: alice.token,
          payload: { share_ids: [share.id] },
        });
        assert.deepEqual(res.json(), { deleted: 1 });
        assert.ok((await shareRow(t, child.id)).revoked_at);
        assert.equal(await mediaStatus(t, carol, media.id), 404);
      });

      it('narrowing a share narrows its reshares; widening does not widen them', async () => {
        const { alice, bob, carol, media, share } = await chain({
          permissions: { can_reshare: true, can_edit: true },
          expires_in_hours: 48,
        });
        const child = (
          await post(
            bob,
            await shareBody(t, alice, {
              target_id: media.id,
              to: carol,
              permissions: { can_edit: true, can_reshare: true },
            }),
          )
        ).json();
        const dave = await buildUser(t, { role: 'viewer' });
        const grandchild = (
          await post(
            carol,
            await shareBody(t, alice, { target_id: media.id, to: dave, permissions: { can_edit: true } }),
          )
        ).json();
        const versions = {
          child: (await shareRow(t, child.id)).state_version,
          grandchild: (await shareRow(t, grandchild.id)).state_version,
        };

        const shorter = new Date(t.clock.now().getTime() + 5 * HOUR).toISOString();
        const res = await patch(alice, share.id, {
          permissions: { can_edit: false, can_download: false },
          expires_at: shorter,
        });
        assert.equal(res.statusCode, 200, res.body);

        for (const [id, version] of [
          [child.id, versions.child],
          [grandchild.id, versions.grandchild],
        ] as const) {
          const row = await shareRow(t, id);
          assert.equal(row.can_edit, 0);
          assert.equal(row.can_download, 0);
          assert.equal(row.can_view, 1);
          assert.equal(row.expires_at, shorter);
          assert.equal(row.state_version, version + 1);
          const entry = (await activityOf(t, id)).at(-1);
          assert.equal(entry?.action, 'updated');
          assert.deepEqual(JSON.parse(entry?.details ?? ''), {
            fields: ['permissions', 'expires_at'],
            narrowed_by: share.id,
          });
        }
        assert.equal((await shareRow(t, child.id)).can_reshare, 1, 'what the parent still grants is kept');
        assert.equal((await notificationsOf(t, dave.id)).at(-1)?.notification_type, 'share_updated');
        const viaApi = await t.request({
          method: 'GET',
          url: `/api/v1/shares/${grandchild.id}`,
          token: dave.token,
        });
        assert.equal(viaApi.json().permissions.can_edit, false);

        // Giving the permissions back to the parent gives nothing back to the children.
        await patch(alice, share.id, {
          permissions: { can_edit: true, can_download: true },
          expires_at: null,
        });
        assert.equal((await shareRow(t, child.id)).can_edit, 0);
        assert.equal((await shareRow(t, child.id)).expires_at, shorter);

        // Removing can_reshare keeps existing reshares but narrows their own can_reshare.
        await patch(alice, share.id, { permissions: { can_reshare: false } });
        const childRow = await shareRow(t, child.id);
        assert.equal(childRow.revoked_at, null);
        assert.equal(childRow.can_reshare, 0);
        const another = await post(
          bob,
          await shareBody(t, alice, { target_id: media.id, to: await buildUser(t, { role: 'viewer' }) }),
        );
        assert.equal(another.statusCode, 400, 'without can_reshare Bob cannot reshare any more');

        // Stopping the parent from reaching children stops the reshares too.
        await patch(alice, share.id, { inherit_to_children: false });
        assert.equal((await shareRow(t, child.id)).inherit_to_children, 0);
        assert.equal((await shareRow(t, grandchild.id)).inherit_to_children, 0);
      });
    });

    describe('group shares', () => {
      it('reach current members only: incoming, GET /media and items follow membership', async () => {
        const owner = await buildUser(t);
        const member = await buildUser(t, { role: 'viewer' });
        const outsider = await buildUser(t, { role: 'viewer' });
        const groupId = await insertGroup(t, [member.id]);
        const media = await insertMedia(t, owner.id);
        const share = await buildShare(t, owner, { target_id: media.id, to: { groupId } });

        const incoming = await t.request({
          method: 'GET',
          url: '/api/v1/shares/incoming',
          token: member.token,
        });
        assert.deepEqual(
          incoming.json().map((s: { id: string }) => s.id),
          [share.id],
        );
        assert.equal(await mediaStatus(t, member, media.id), 200);
        assert.equal(await mediaStatus(t, outsider, media.id), 404);
        const outsiderIncoming = await t.request({
          method: 'GET',
          url: '/api/v1/shares/incoming',
          token: outsider.token,
        });
        assert.deepEqual(outsiderIncoming.json(), []);

        await removeFromGroup(t, groupId, member.id);
        assert.equal(await mediaStatus(t, member, media.id), 404);
        const after = await t.request({ method: 'GET', url: '/api/v1/shares/incoming', token: member.token });
        assert.deepEqual(after.json(), []);
        assert.equal(
          (await t.request({ method: 'GET', url: `/api/v1/shares/${share.id}/items`, token: member.token }))
            .statusCode,
          403,
        );
      });

      it('let a member with can_reshare reshare to someone outside the group', async () => {
        const owner = await buildUser(t);
        const member = await buildUser(t, { role: 'viewer' });
        const friend = await buildUser(t, { role: 'viewer' });
        const groupId = await insertGroup(t, [member.id]);
        const media = await insertMedia(t, owner.id);
        const share = await buildShare(t, owner, {
          target_id: media.id,
          to: { groupId },
          permissions: { can_reshare: true },
        });
        const res = await post(member, await shareBody(t, owner, { target_id: media.id, to: friend }));
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.json().parent_share_id, share.id);
        assert.equal(await mediaStatus(t, friend, media.id), 200);
      });
    });
  });
}
