import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { flushLinkActivity } from '../../src/services/public-link-state.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import { buildShare, insertGroup, insertMedia, LONG_LIVED_TOKENS, shareRow } from '../helpers/shares.js';

/*
 * The counters behind X-Total-Count (live shares per owner, entries per share log) are kept by
 * triggers in the same transaction as the rows: after any mix of concurrent creates, revokes,
 * batch deletes and cascades (reshares, group membership, deleted media, users and groups) they
 * equal a count of the rows.
 */
for (const dialect of DIALECTS) {
  describe(`list counters on ${dialect}`, () => {
    let t: TestApp;
    let admin: TestUser;

    before(async () => {
      t = await startTestApp(dialect, LONG_LIVED_TOKENS);
      admin = await buildUser(t, { role: 'admin' });
    });
    after(() => t.close());

    async function assertCountersExact() {
      const db = t.ctx.db.kysely;
      const counted = await db
        .selectFrom('shares')
        .select(['owner_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('revoked_at', 'is', null)
        .groupBy('owner_id')
        .execute();
      const kept = await db
        .selectFrom('share_owner_counts')
        .select(['owner_id', (eb) => eb.fn.sum<number>('live').as('n')])
        .groupBy('owner_id')
        .execute();
      const asMap = (rows: Array<{ owner_id: string; n: number | string }>) =>
        new Map(rows.filter((row) => Number(row.n) !== 0).map((row) => [row.owner_id, Number(row.n)]));
      assert.deepEqual(asMap(kept), asMap(counted), 'live shares per owner');
      assert.equal(
        (await db.selectFrom('share_owner_counts').select('live').where('live', '<', 0).execute()).length,
        0,
        'no counter below zero',
      );

      const logged = await db
        .selectFrom('share_activity')
        .select(['share_id', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('share_id')
        .execute();
      const totals = await db.selectFrom('share_activity_counts').select(['share_id', 'total']).execute();
      assert.deepEqual(
        new Map(totals.filter((row) => row.total !== 0).map((row) => [row.share_id, Number(row.total)])),
        new Map(logged.map((row) => [row.share_id, Number(row.n)])),
        'entries per share log',
      );
      const orphans = await db
        .selectFrom('share_activity_counts')
        .select('share_id')
        .where('share_id', 'not in', (eb) => eb.selectFrom('shares').select('id'))
        .execute();
      assert.deepEqual(orphans, [], 'no counter outlives its share');
    }

    const totalOf = async (user: TestUser, path: string) => {
      const res = await t.request({ method: 'GET', url: `/api/v1/${path}?limit=200`, token: user.token });
      assert.equal(res.statusCode, 200, res.body);
      return { total: Number(res.headers['x-total-count']), listed: res.json<unknown[]>().length };
    };

    it('stays exact under concurrent creates, revokes and batch deletes by one owner', async () => {
      const owner = await buildUser(t);
      const first = await Promise.all(Array.from({ length: 40 }, () => buildShare(t, owner)));
      await assertCountersExact();
      const [, , more] = await Promise.all([
        Promise.all(
          first
            .slice(0, 8)
            .map((share) =>
              t.request({ method: 'DELETE', url: `/api/v1/shares/${share.id}`, token: owner.token }),
            ),
        ),
        t.request({
          method: 'POST',
          url: '/api/v1/shares/batch/delete',
          token: owner.token,
          payload: { share_ids: first.slice(8, 20).map((share) => share.id) },
        }),
        Promise.all(
          Array.from({ length: 25 }, (_, i) => buildShare(t, owner, i % 5 === 0 ? { to: 'link' } : {})),
        ),
      ]);
      assert.equal(more.length, 25);
      // A batch that names a revoked share changes nothing, counters included.
      const refused = await t.request({
        method: 'POST',
        url: '/api/v1/shares/batch/delete',
        token: owner.token,
        payload: { share_ids: [first[0]!.id, first[30]!.id] },
      });
      assert.equal(refused.statusCode, 403);
      assert.deepEqual(await totalOf(owner, 'shares/outgoing'), { total: 40 - 20 + 25, listed: 45 });
      await assertCountersExact();
    });

    it('follows cascades: reshares, group membership, deleted media, groups and users', async () => {
      const owner = await buildUser(t);
      const friend = await buildUser(t);
      const member = await buildUser(t);
      const group = await insertGroup(t, [member.id]);
      const friendsGroup = await insertGroup(t, [(await buildUser(t)).id]);
      const photo = await insertMedia(t, owner.id);
      const toFriend = await buildShare(t, owner, {
        target_id: photo.id,
        to: friend,
        permissions: { can_reshare: true },
      });
      const toGroup = await buildShare(t, owner, {
        target_id: photo.id,
        to: { groupId: group },
        permissions: { can_reshare: true },
      });
      const reshare = await buildShare(t, friend, { target_id: photo.id, to: { groupId: friendsGroup } });
      const groupReshare = await buildShare(t, member, { target_id: photo.id });
      for (let i = 0; i < 3; i += 1) await buildShare(t, owner, { to: { groupId: group } });
      assert.equal((await totalOf(friend, 'shares/outgoing')).total, 1);
      assert.equal((await totalOf(member, 'shares/outgoing')).total, 1);
      await assertCountersExact();

      // Revoking a share revokes the reshares made from it.
      const revoked = await t.request({
        method: 'DELETE',
        url: `/api/v1/shares/${toFriend.id}`,
        token: owner.token,
      });
      assert.equal(revoked.statusCode, 204);
      assert.equal((await totalOf(friend, 'shares/outgoing')).total, 0);
      assert.notEqual((await shareRow(t, reshare.id)).revoked_at, null, 'the reshare is revoked');
      await assertCountersExact();

      // Leaving the group ends the reshares made through it.
      const removed = await t.request({
        method: 'DELETE',
        url: `/api/v1/groups/${group}/members/${member.id}`,
        token: admin.token,
      });
      assert.equal(removed.statusCode, 204);
      assert.equal((await totalOf(member, 'shares/outgoing')).total, 0);
      assert.notEqual((await shareRow(t, groupReshare.id)).revoked_at, null, 'the group reshare is revoked');
      await assertCountersExact();

      // Deleting the item ends its shares; deleting the group deletes the shares to it.
      const gone = await t.request({
        method: 'DELETE',
        url: `/api/v1/media/${photo.id}`,
        token: owner.token,
      });
      assert.equal(gone.statusCode, 204);
      assert.notEqual((await shareRow(t, toGroup.id)).revoked_at, null, 'the share of the item is revoked');
      assert.equal((await totalOf(owner, 'shares/outgoing')).total, 3);
      await assertCountersExact();
      const deletedGroup = await t.request({
        method: 'DELETE',
        url: `/api/v1/groups/${group}`,
        token: admin.token,
      });
      assert.equal(deletedGroup.statusCode, 204);
      assert.equal((await totalOf(owner, 'shares/outgoing')).total, 0);
      await assertCountersExact();
    });

    it('counts every log entry, and drops the counts of a deleted user', async () => {
      const owner = await buildUser(t);
      const links = await Promise.all([
        buildShare(t, owner, { to: 'link' }),
        buildShare(t, owner, { to: 'link' }),
      ]);
      const visits = links.flatMap((link, index) =>
        Array.from({ length: 15 + index * 10 }, (_, i) =>
          t.request({
            method: 'GET',
            url: `/api/v1/shared/${link.public_token}`,
            remoteAddress: `203.0.113.${i}`,
          }),
        ),
      );
      assert.ok((await Promise.all(visits)).every((res) => res.statusCode === 200));
      await flushLinkActivity(t.ctx);
      assert.deepEqual(await totalOf(owner, `shares/${links[0].id}/activity`), { total: 16, listed: 16 });
      assert.deepEqual(await totalOf(owner, `shares/${links[1].id}/activity`), { total: 26, listed: 26 });
      await assertCountersExact();

      const deleted = await t.request({
        method: 'DELETE',
        url: `/api/v1/users/${owner.id}`,
        token: admin.token,
      });
      assert.equal(deleted.statusCode, 204);
      await assertCountersExact();
    });
  });
}
