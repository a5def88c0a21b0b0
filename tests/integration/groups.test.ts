import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import { buildGroup, insertCollection, insertShare } from '../helpers/people.js';

const UNKNOWN_ID = '01890a5d-ac96-774b-bcce-b302099a8057';

interface GroupBody {
  id: string;
  name: string;
  description: string | null;
  member_count: number;
  created_at: string;
  updated_at: string;
  members?: Array<{ id: string; username: string }>;
}

for (const dialect of DIALECTS) {
  describe(`groups on ${dialect}`, () => {
    let t: TestApp;
    let admin: TestUser;
    let editor: TestUser;
    let viewer: TestUser;

    before(async () => {
      t = await startTestApp(dialect);
      admin = await buildUser(t, { role: 'admin' });
      editor = await buildUser(t, { role: 'editor' });
      viewer = await buildUser(t, { role: 'viewer' });
    });
    after(() => t.close());

    const create = (payload: Record<string, unknown>, token = admin.token) =>
      t.request({ method: 'POST', url: '/api/v1/groups', token, payload });

    it('requires authentication on every groups endpoint', async () => {
      const group = await buildGroup(t);
      const calls = [
        { method: 'POST', url: '/api/v1/groups', payload: { name: 'anon' } },
        { method: 'GET', url: '/api/v1/groups' },
        { method: 'GET', url: `/api/v1/groups/${group.id}` },
        { method: 'PATCH', url: `/api/v1/groups/${group.id}`, payload: { name: 'anon' } },
        { method: 'DELETE', url: `/api/v1/groups/${group.id}` },
        { method: 'POST', url: `/api/v1/groups/${group.id}/members`, payload: { user_id: viewer.id } },
        { method: 'DELETE', url: `/api/v1/groups/${group.id}/members/${viewer.id}` },
      ] as const;
      for (const call of calls) {
        const res = await t.request({ ...call });
        assert.equal(res.statusCode, 401, `${call.method} ${call.url}`);
        assert.equal(res.json().error, 'unauthorized');
      }
    });

    it('lets only administrators manage groups and members', async () => {
      const group = await buildGroup(t, { memberIds: [editor.id, viewer.id] });
      for (const caller of [editor, viewer]) {
        const calls = [
          { method: 'POST', url: '/api/v1/groups', payload: { name: `by-${caller.role}` } },
          { method: 'PATCH', url: `/api/v1/groups/${group.id}`, payload: { name: 'hijacked' } },
          { method: 'DELETE', url: `/api/v1/groups/${group.id}` },
          { method: 'POST', url: `/api/v1/groups/${group.id}/members`, payload: { user_id: admin.id } },
          { method: 'DELETE', url: `/api/v1/groups/${group.id}/members/${caller.id}` },
        ] as const;
        for (const call of calls) {
          const res = await t.request({ ...call, token: caller.token });
          assert.equal(res.statusCode, 403, `${caller.role}: ${call.method} ${call.url}`);
          assert.equal(res.json().error, 'forbidden');
        }
      }
      const unchanged = await t.request({
        method: 'GET',
        url: `/api/v1/groups/${group.id}`,
        token: admin.token,
      });
      assert.equal(unchanged.json().name, group.name);
      assert.equal(unchanged.json().member_count, 2);
    });

    it('creates a group, under both prefixes', async () => {
      const first = await create({ name: '  Family  ', description: 'Everyone at home' });
      assert.equal(first.statusCode, 200);
      const body = first.json<GroupBody>();
      assert.deepEqual(Object.keys(body).sort(), [
        'created_at',
        'description',
        'id',
        'member_count',
        'members',
        'name',
        'updated_at',
      ]);
      assert.equal(body.name, 'Family');
      assert.equal(body.description, 'Everyone at home');
      assert.equal(body.member_count, 0);
      assert.deepEqual(body.members, []);

      const aliased = await t.request({
        method: 'POST',
        url: '/api/groups',
        token: admin.token,
        payload: { name: 'Friends' },
      });
      assert.equal(aliased.statusCode, 200);
      assert.equal(aliased.json().description, null);
    });

    it('refuses a group name that is taken, whatever its case, with 409', async () => {
      await buildGroup(t, { name: 'Book Club' });
      const res = await create({ name: 'book club' });
      assert.equal(res.statusCode, 409);
      assert.equal(res.json().error, 'conflict');
    });

    it('rejects bad group input with 400 and creates nothing', async () => {
      const count = async () =>
        (await t.request({ method: 'GET', url: '/api/v1/groups', token: admin.token })).headers[
          'x-total-count'
        ];
      const before = await count();
      const bodies = [
        [{ name: 'ok', owner: 'me' }, 'owner'],
        [{}, 'name'],
        [{ name: '' }, 'name'],
        [{ name: '    ' }, 'name'],
        [{ name: 'tab\there' }, 'name'],
        [{ name: 'x'.repeat(101) }, 'name'],
        [{ name: 42 }, 'name'],
        [{ name: 'long description', description: 'd'.repeat(2001) }, 'description'],
      ] as const;
      for (const [payload, field] of bodies) {
        const res = await create(payload);
        assert.equal(res.statusCode, 400, JSON.stringify(payload));
        assert.ok(
          res.json().details.some((detail: { field: string }) => detail.field === field),
          `${JSON.stringify(res.json().details)} names ${field}`,
        );
      }
      assert.equal(await count(), before);
    });

    it('lists groups to any signed-in user, without members; mine=true keeps their own', async () => {
      const reader = await buildUser(t, { role: 'viewer' });
      const mine = await buildGroup(t, { name: 'aaa-readers-own', memberIds: [reader.id, editor.id] });
      await buildGroup(t, { name: 'aaa-others', memberIds: [editor.id] });

      const all = await t.request({ method: 'GET', url: '/api/v1/groups?limit=200', token: reader.token });
      assert.equal(all.statusCode, 200);
      const groups = all.json<GroupBody[]>();
      assert.equal(Number(all.headers['x-total-count']), groups.length);
      const names = groups.map((group) => group.name);
      assert.ok(names.includes('aaa-others'));
      assert.deepEqual(
        names,
        [...names].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)),
      );
      for (const group of groups) assert.equal(group.members, undefined);
      assert.equal(groups.find((group) => group.id === mine.id)?.member_count, 2);

      const own = await t.request({ method: 'GET', url: '/api/groups?mine=true', token: reader.token });
      assert.equal(own.statusCode, 200);
      assert.deepEqual(
        own.json().map((group: GroupBody) => group.id),
        [mine.id],
      );
      assert.equal(own.headers['x-total-count'], '1');

      const page = await t.request({
        method: 'GET',
        url: '/api/v1/groups?offset=1&limit=1',
        token: admin.token,
      });
      assert.equal(page.json().length, 1);
      assert.equal(page.json()[0].id, groups[1]?.id);

      for (const query of ['limit=0', 'limit=201', 'offset=-1', 'mine=maybe', 'name=x']) {
        const bad = await t.request({ method: 'GET', url: `/api/v1/groups?${query}`, token: reader.token });
        assert.equal(bad.statusCode, 400, query);
      }
    });

    it('shows a group with its members to administrators and members only', async () => {
      const group = await buildGroup(t, { memberIds: [viewer.id] });
      for (const caller of [admin, viewer]) {
        const res = await t.request({
          method: 'GET',
          url: `/api/v1/groups/${group.id}`,
          token: caller.token,
        });
        assert.equal(res.statusCode, 200, caller.role);
        assert.deepEqual(res.json().members, [{ id: viewer.id, username: viewer.username }]);
        assert.equal(res.json().member_count, 1);
      }
      const stranger = await t.request({
        method: 'GET',
        url: `/api/v1/groups/${group.id}`,
        token: editor.token,
      });
      assert.equal(stranger.statusCode, 403);
      assert.equal(stranger.json().error, 'forbidden');

      for (const id of [UNKNOWN_ID, 'nope']) {
        const missing = await t.request({ method: 'GET', url: `/api/v1/groups/${id}`, token: admin.token });
        assert.equal(missing.statusCode, 404, id);
        assert.equal(missing.json().error, 'not_found');
      }
    });

    it('renames a group and changes or clears its description', async () => {
      const group = await buildGroup(t, { description: 'old words' });
      const url = `/api/v1/groups/${group.id}`;
      t.clock.advance(1000);
      const renamed = await t.request({
        method: 'PATCH',
        url,
        token: admin.token,
        payload: { name: 'Renamed Group' },
      });
      assert.equal(renamed.statusCode, 200);
      assert.equal(renamed.json().name, 'Renamed Group');
      assert.equal(renamed.json().description, 'old words');
      assert.ok(renamed.json().updated_at > renamed.json().created_at);
      assert.deepEqual(renamed.json().members, []);

      const cleared = await t.request({
        method: 'PATCH',
        url,
        token: admin.token,
        payload: { description: null },
      });
      assert.equal(cleared.json().description, null);
      assert.equal(cleared.json().name, 'Renamed Group');

      await buildGroup(t, { name: 'Taken Name' });
      const taken = await t.request({
        method: 'PATCH',
        url,
        token: admin.token,
        payload: { name: 'TAKEN NAME' },
      });
      assert.equal(taken.statusCode, 409);

      for (const payload of [{}, { name: '' }, { members: [] }, { description: 5 }]) {
        const bad = await t.request({ method: 'PATCH', url, token: admin.token, payload });
        assert.equal(bad.statusCode, 400, JSON.stringify(payload));
      }
      for (const id of [UNKNOWN_ID, 'nope']) {
        const missing = await t.request({
          method: 'PATCH',
          url: `/api/v1/groups/${id}`,
          token: admin.token,
          payload: { name: 'whatever' },
        });
        assert.equal(missing.statusCode, 404, id);
      }
      const after = await t.request({ method: 'GET', url, token: admin.token });
      assert.equal(after.json().name, 'Renamed Group');
    });

    it('deletes a group with its memberships and the shares to it', async () => {
      const group = await buildGroup(t, { memberIds: [viewer.id] });
      const album = await insertCollection(t, editor.id);
      const share = await insertShare(t, { ownerId: editor.id, targetId: album, toGroupId: group.id });

      const res = await t.request({
        method: 'DELETE',
        url: `/api/v1/groups/${group.id}`,
        token: admin.token,
      });
      assert.equal(res.statusCode, 204);
      assert.equal(res.body, '');
      const gone = await t.request({ method: 'GET', url: `/api/v1/groups/${group.id}`, token: admin.token });
      assert.equal(gone.statusCode, 404);
      const again = await t.request({
        method: 'DELETE',
        url: `/api/v1/groups/${group.id}`,
        token: admin.token,
      });
      assert.equal(again.statusCode, 404);
      const bad = await t.request({ method: 'DELETE', url: '/api/v1/groups/nope', token: admin.token });
      assert.equal(bad.statusCode, 404);

      const db = t.ctx.db.kysely;
      assert.deepEqual(
        await db.selectFrom('group_members').selectAll().where('group_id', '=', group.id).execute(),
        [],
      );
      assert.deepEqual(await db.selectFrom('shares').select('id').where('id', '=', share.id).execute(), []);
    });

    it('adds members idempotently and validates who is added', async () => {
      const group = await buildGroup(t);
      const url = `/api/v1/groups/${group.id}/members`;
      const added = await t.request({
        method: 'POST',
        url,
        token: admin.token,
        payload: { user_id: editor.id },
      });
      assert.equal(added.statusCode, 200);
      assert.equal(added.json().member_count, 1);
      assert.deepEqual(added.json().members, [{ id: editor.id, username: editor.username }]);

      const twice = await t.request({
        method: 'POST',
        url,
        token: admin.token,
        payload: { user_id: editor.id },
      });
      assert.equal(twice.statusCode, 200);
      assert.equal(twice.json().member_count, 1);

      const unknownUser = await t.request({
        method: 'POST',
        url,
        token: admin.token,
        payload: { user_id: UNKNOWN_ID },
      });
      assert.equal(unknownUser.statusCode, 400);
      assert.equal(unknownUser.json().details[0].field, 'user_id');

      for (const payload of [
        { user_id: 'not-a-uuid' },
        {},
        { user_id: editor.id, role: 'owner' },
        { user_id: 7 },
      ]) {
        const bad = await t.request({ method: 'POST', url, token: admin.token, payload });
        assert.equal(bad.statusCode, 400, JSON.stringify(payload));
      }
      for (const id of [UNKNOWN_ID, 'nope']) {
        const missing = await t.request({
          method: 'POST',
          url: `/api/v1/groups/${id}/members`,
          token: admin.token,
          payload: { user_id: editor.id },
        });
        assert.equal(missing.statusCode, 404, id);
      }
      const members = await t.request({
        method: 'GET',
        url: `/api/v1/groups/${group.id}`,
        token: admin.token,
      });
      assert.equal(members.json().member_count, 1);
    });

    it('removes a member; a second removal or an unknown group or user is 404', async () => {
      const group = await buildGroup(t, { memberIds: [editor.id, viewer.id] });
      const url = (userId: string, groupId = group.id) => `/api/v1/groups/${groupId}/members/${userId}`;
      const removed = await t.request({ method: 'DELETE', url: url(editor.id), token: admin.token });
      assert.equal(removed.statusCode, 204);
      assert.equal(removed.body, '');
      const shown = await t.request({ method: 'GET', url: `/api/v1/groups/${group.id}`, token: admin.token });
      assert.deepEqual(
        shown.json().members.map((member: { id: string }) => member.id),
        [viewer.id],
      );
      // The removed member no longer sees the group's members.
      const outsider = await t.request({
        method: 'GET',
        url: `/api/v1/groups/${group.id}`,
        token: editor.token,
      });
      assert.equal(outsider.statusCode, 403);

      for (const path of [
        url(editor.id),
        url(UNKNOWN_ID),
        url(viewer.id, UNKNOWN_ID),
        url('nope'),
        url(viewer.id, 'nope'),
      ]) {
        const res = await t.request({ method: 'DELETE', url: path, token: admin.token });
        assert.equal(res.statusCode, 404, path);
        assert.equal(res.json().error, 'not_found');
      }
    });

    it("removing a member ends the reshares they made from the group's shares, and reshares of those", async () => {
      const owner = await buildUser(t, { role: 'editor' });
      const leaver = await buildUser(t, { role: 'viewer' });
      const stayer = await buildUser(t, { role: 'viewer' });
      const friend = await buildUser(t, { role: 'viewer' });
      const friendOfFriend = await buildUser(t, { role: 'viewer' });
      const bystander = await buildUser(t, { role: 'viewer' });
      const group = await buildGroup(t, { memberIds: [leaver.id, stayer.id] });
      const otherGroup = await buildGroup(t, { memberIds: [leaver.id] });
      const album = await insertCollection(t, owner.id);
      const otherAlbum = await insertCollection(t, owner.id);

      const toGroup = await insertShare(t, { ownerId: owner.id, targetId: album, toGroupId: group.id });
      const reshare = await insertShare(t, {
        ownerId: leaver.id,
        targetId: album,
        toUserId: friend.id,
        parentShareId: toGroup.id,
      });
      const reshareOfReshare = await insertShare(t, {
        ownerId: friend.id,
        targetId: album,
        toUserId: friendOfFriend.id,
        parentShareId: reshare.id,
      });
      // Not made through this group: they stay.
      const stayersReshare = await insertShare(t, {
        ownerId: stayer.id,
        targetId: album,
        toUserId: bystander.id,
        parentShareId: toGroup.id,
      });
      const direct = await insertShare(t, { ownerId: owner.id, targetId: otherAlbum, toUserId: leaver.id });
      const viaDirect = await insertShare(t, {
        ownerId: leaver.id,
        targetId: otherAlbum,
        toUserId: friend.id,
        parentShareId: direct.id,
      });
      const toOtherGroup = await insertShare(t, {
        ownerId: owner.id,
        targetId: otherAlbum,
        toGroupId: otherGroup.id,
      });
      const viaOtherGroup = await insertShare(t, {
        ownerId: leaver.id,
        targetId: otherAlbum,
        toUserId: friendOfFriend.id,
        parentShareId: toOtherGroup.id,
      });

      t.clock.advance(60_000);
      const res = await t.request({
        method: 'DELETE',
        url: `/api/v1/groups/${group.id}/members/${leaver.id}`,
        token: admin.token,
      });
      assert.equal(res.statusCode, 204);

      const db = t.ctx.db.kysely;
      const rows = await db
        .selectFrom('shares')
        .select(['id', 'revoked_at', 'updated_at', 'state_version'])
        .execute();
      const byId = new Map(rows.map((row) => [row.id, row]));
      const now = t.clock.now().toISOString();
      for (const ended of [reshare, reshareOfReshare]) {
        const row = byId.get(ended.id);
        assert.equal(row?.revoked_at, now, `share ${ended.id} is revoked`);
        assert.equal(row?.updated_at, now);
        assert.equal(row?.state_version, 2);
      }
      for (const kept of [toGroup, stayersReshare, direct, viaDirect, toOtherGroup, viaOtherGroup]) {
        assert.equal(byId.get(kept.id)?.revoked_at, null, `share ${kept.id} stays`);
      }

      const activity = await db
        .selectFrom('share_activity')
        .select(['share_id', 'action', 'actor_id', 'actor_ip'])
        .where('share_id', 'in', [reshare.id, reshareOfReshare.id, stayersReshare.id])
        .execute();
      assert.deepEqual(
        activity.map((entry) => entry.share_id).sort(),
        [reshare.id, reshareOfReshare.id].sort(),
      );
      for (const entry of activity) {
        assert.equal(entry.action, 'revoked');
        assert.equal(entry.actor_id, admin.id);
        assert.equal(entry.actor_ip, '127.0.0.1');
      }

      // Their recipients are told.
      const notices = await db
        .selectFrom('notifications')
        .select(['user_id', 'share_id', 'notification_type'])
        .where('notification_type', '=', 'share_revoked')
        .where('share_id', 'in', [reshare.id, reshareOfReshare.id])
        .execute();
      assert.deepEqual(
        notices.map((notice) => `${notice.share_id}:${notice.user_id}`).sort(),
        [`${reshare.id}:${friend.id}`, `${reshareOfReshare.id}:${friendOfFriend.id}`].sort(),
      );
    });
  });
}
