import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Share } from '../../src/presenters/share.presenter.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import {
  addToGroup,
  buildShare,
  insertCollection,
  insertGroup,
  insertMedia,
  insertSavedSearch,
  insertTag,
  removeFromGroup,
  LONG_LIVED_TOKENS,
} from '../helpers/shares.js';

const UNKNOWN_ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const HOUR = 3600_000;

for (const dialect of DIALECTS) {
  describe(`reading shares on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect, LONG_LIVED_TOKENS);
    });
    after(() => t.close());

    const get = (user: TestUser | undefined, url: string) =>
      t.request({ method: 'GET', url, ...(user ? { token: user.token } : {}) });
    const ids = (body: Array<{ id: string }>) => body.map((item) => item.id);

    describe('GET /shares/{id}', () => {
      it('requires authentication', async () => {
        const owner = await buildUser(t);
        const share = await buildShare(t, owner);
        assert.equal((await get(undefined, `/api/v1/shares/${share.id}`)).statusCode, 401);
      });

      it('shows a share to its owner, its recipient and admins; 403 to anyone else', async () => {
        const owner = await buildUser(t);
        const recipient = await buildUser(t, { role: 'viewer' });
        const admin = await buildUser(t, { role: 'admin' });
        const stranger = await buildUser(t);
        const share = await buildShare(t, owner, { to: recipient });
        for (const [user, prefix] of [
          [owner, '/api/v1'],
          [recipient, '/api'],
          [admin, '/api/v1'],
        ] as const) {
          const res = await get(user, `${prefix}/shares/${share.id}`);
          assert.equal(res.statusCode, 200, res.body);
          assert.deepEqual(res.json(), share);
        }
        const denied = await get(stranger, `/api/v1/shares/${share.id}`);
        assert.equal(denied.statusCode, 403);
        assert.equal(denied.json().error, 'forbidden');
      });

      it('shows a group share to current members only', async () => {
        const owner = await buildUser(t);
        const member = await buildUser(t, { role: 'viewer' });
        const groupId = await insertGroup(t, [member.id]);
        const share = await buildShare(t, owner, { to: { groupId } });
        assert.equal((await get(member, `/api/v1/shares/${share.id}`)).statusCode, 200);
        await removeFromGroup(t, groupId, member.id);
        assert.equal((await get(member, `/api/v1/shares/${share.id}`)).statusCode, 403);
      });

      it('answers 404 for unknown, malformed and revoked ids', async () => {
        const owner = await buildUser(t);
        const share = await buildShare(t, owner);
        assert.equal((await get(owner, `/api/v1/shares/${UNKNOWN_ID}`)).statusCode, 404);
        assert.equal((await get(owner, '/api/v1/shares/not-a-uuid')).statusCode, 404);
        await t.request({ method: 'DELETE', url: `/api/v1/shares/${share.id}`, token: owner.token });
        const gone = await get(owner, `/api/shares/${share.id}`);
        assert.equal(gone.statusCode, 404);
        assert.equal(gone.json().error, 'not_found');
      });

      it("shows a link's secret to its owner only, never to an admin", async () => {
        const owner = await buildUser(t);
        const admin = await buildUser(t, { role: 'admin' });
        const link = await buildShare(t, owner, { to: 'link', password: 'a secret phrase' });
        const mine = (await get(owner, `/api/v1/shares/${link.id}`)).json();
        assert.equal(mine.public_token, link.public_token);
        assert.equal(mine.public_url, `http://pinakes.test/s/${link.public_token}`);
        const theirs = (await get(admin, `/api/v1/shares/${link.id}`)).json();
        assert.equal(theirs.public_token, null);
        assert.equal(theirs.public_url, null);
        assert.equal(theirs.has_password, true);
        assert.equal(JSON.stringify(theirs).includes(link.public_token ?? 'x'), false);
      });

      it('reports expired and exhausted shares by status', async () => {
        const owner = await buildUser(t);
        const recipient = await buildUser(t, { role: 'viewer' });
        const soon = await buildShare(t, owner, { to: recipient, expires_in_hours: 1 });
        const link = await buildShare(t, owner, { to: 'link', max_access_count: 2 });
        await t.ctx.db.kysely
          .updateTable('shares')
          .set({ access_count: 2 })
          .where('id', '=', link.id)
          .execute();
        assert.equal((await get(owner, `/api/v1/shares/${link.id}`)).json().status, 'exhausted');
        assert.equal((await get(owner, `/api/v1/shares/${soon.id}`)).json().status, 'active');
        t.clock.advance(HOUR);
        assert.equal((await get(owner, `/api/v1/shares/${soon.id}`)).json().status, 'expired');
        // The recipient still sees what it was, but no longer receives it.
        assert.equal((await get(recipient, `/api/v1/shares/${soon.id}`)).json().status, 'expired');
        const incoming = (await get(recipient, '/api/v1/shares/incoming')).json();
        assert.equal(ids(incoming).includes(soon.id), false);
      });
    });

    describe('GET /shares/outgoing', () => {
      it('requires authentication', async () => {
        assert.equal((await get(undefined, '/api/v1/shares/outgoing')).statusCode, 401);
      });

      it('lists the caller’s shares newest first with their status, never revoked ones, paged', async () => {
        const owner = await buildUser(t);
        const other = await buildUser(t);
        await buildShare(t, other);
        const made: Share[] = [];
        for (let i = 0; i < 5; i += 1) {
          made.push(await buildShare(t, owner, i === 1 ? { to: 'link', expires_in_hours: 1 } : {}));
          t.clock.advance(1000);
        }
        const revoked = made[3];
        await t.request({ method: 'DELETE', url: `/api/v1/shares/${revoked?.id}`, token: owner.token });
        t.clock.advance(HOUR);

        const res = await get(owner, '/api/v1/shares/outgoing');
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['x-total-count'], '4');
        const expected = made.filter((share) => share !== revoked).reverse();
        assert.deepEqual(ids(res.json()), ids(expected));
        const expired = res.json().find((share: { id: string }) => share.id === made[1]?.id);
        assert.equal(expired.status, 'expired');
        assert.ok(expired.public_token, 'the owner sees the secret of their own links in lists');

        const page = await get(owner, '/api/shares/outgoing?offset=1&limit=2');
        assert.equal(page.statusCode, 200);
        assert.equal(page.headers['x-total-count'], '4');
        assert.deepEqual(ids(page.json()), ids(expected.slice(1, 3)));
      });

      it('refuses out-of-range paging with 400', async () => {
        const owner = await buildUser(t);
        for (const query of ['limit=0', 'limit=201', 'offset=-1', 'limit=abc', 'unknown=1']) {
          const res = await get(owner, `/api/v1/shares/outgoing?${query}`);
          assert.equal(res.statusCode, 400, query);
          assert.equal(res.json().error, 'bad_request');
        }
      });
    });

    describe('GET /shares/incoming', () => {
      it('requires authentication', async () => {
        assert.equal((await get(undefined, '/api/v1/shares/incoming')).statusCode, 401);
      });

      it('lists active shares to the caller and their groups, newest first, each once', async () => {
        const alice = await buildUser(t);
        const bob = await buildUser(t);
        const me = await buildUser(t, { role: 'viewer' });
        const groupA = await insertGroup(t, [me.id, alice.id]);
        const groupB = await insertGroup(t, [me.id]);
        const media = await insertMedia(t, alice.id);
        const direct = await buildShare(t, alice, { target_id: media.id, to: me });
        t.clock.advance(1000);
        const viaA = await buildShare(t, alice, { target_id: media.id, to: { groupId: groupA } });
        t.clock.advance(1000);
        const viaB = await buildShare(t, bob, { to: { groupId: groupB } });
        t.clock.advance(1000);
        const expiring = await buildShare(t, bob, { to: me, expires_in_hours: 1 });
        const toSomeoneElse = await buildShare(t, bob);
        const revoked = await buildShare(t, alice, { to: me });
        await t.request({ method: 'DELETE', url: `/api/v1/shares/${revoked.id}`, token: alice.token });

        const res = await get(me, '/api/v1/shares/incoming');
        assert.equal(res.statusCode, 200);
        assert.deepEqual(ids(res.json()), [expiring.id, viaB.id, viaA.id, direct.id]);
        assert.equal(res.headers['x-total-count'], '4');
        assert.equal(ids(res.json()).includes(toSomeoneElse.id), false);
        const group = res.json().find((share: { id: string }) => share.id === viaA.id);
        assert.equal(group.owner_username, alice.username);
        assert.match(group.recipient_group_name, /^team-/);

        // A member of the group who made the share does not receive their own share.
        const aliceIncoming = await get(alice, '/api/v1/shares/incoming');
        assert.equal(ids(aliceIncoming.json()).includes(viaA.id), false);

        t.clock.advance(HOUR);
        const later = await get(me, '/api/shares/incoming?limit=2');
        assert.deepEqual(ids(later.json()), [viaB.id, viaA.id]);
        assert.equal(later.headers['x-total-count'], '3');

        await removeFromGroup(t, groupB, me.id);
        const afterLeaving = await get(me, '/api/v1/shares/incoming');
        assert.deepEqual(ids(afterLeaving.json()), [viaA.id, direct.id]);
        await addToGroup(t, groupB, me.id);
        assert.equal((await get(me, '/api/v1/shares/incoming')).headers['x-total-count'], '3');
      });

      it('never shows a link secret to recipients', async () => {
        const owner = await buildUser(t);
        const me = await buildUser(t, { role: 'viewer' });
        await buildShare(t, owner, { to: me });
        for (const share of (await get(me, '/api/v1/shares/incoming')).json()) {
          assert.equal(share.public_token, null);
          assert.equal(share.public_url, null);
        }
      });
    });

    describe('GET /shares/{id}/items', () => {
      it('lists what a share covers now, for the owner and live recipients', async () => {
        const owner = await buildUser(t);
        const recipient = await buildUser(t, { role: 'viewer' });
        const admin = await buildUser(t, { role: 'admin' });
        const tag = await insertTag(t, owner.id, 'harbour');
        const first = await insertMedia(t, owner.id, { tagIds: [tag] });
        const second = await insertMedia(t, owner.id);
        const outside = await insertMedia(t, owner.id);
        const collection = await insertCollection(t, owner.id, [first.id, second.id]);
        const share = await buildShare(t, owner, {
          target_type: 'collection',
          target_id: collection,
          to: recipient,
        });

        for (const [user, prefix] of [
          [owner, '/api/v1'],
          [recipient, '/api'],
        ] as const) {
          const res = await get(user, `${prefix}/shares/${share.id}/items`);
          assert.equal(res.statusCode, 200, res.body);
          assert.equal(res.headers['x-total-count'], '2');
          assert.deepEqual(ids(res.json()), [second.id, first.id]);
          assert.deepEqual(res.json()[1].tags, [{ id: tag, name: 'harbour' }]);
          assert.equal(ids(res.json()).includes(outside.id), false);
        }
        const page = await get(recipient, `/api/v1/shares/${share.id}/items?offset=1&limit=1`);
        assert.deepEqual(ids(page.json()), [first.id]);

        // Coverage follows the collection as it changes.
        await t.ctx.db.kysely
          .insertInto('collection_members')
          .values({
            collection_id: collection,
            media_id: outside.id,
            added_by: owner.id,
            added_at: t.clock.now().toISOString(),
          })
          .execute();
        assert.equal(
          (await get(recipient, `/api/v1/shares/${share.id}/items`)).headers['x-total-count'],
          '3',
        );

        // An admin who is neither owner nor recipient does not browse other people's media.
        assert.equal((await get(admin, `/api/v1/shares/${share.id}/items`)).statusCode, 403);
        assert.equal((await get(undefined, `/api/v1/shares/${share.id}/items`)).statusCode, 401);
        assert.equal((await get(owner, `/api/v1/shares/${UNKNOWN_ID}/items`)).statusCode, 404);
      });

      it('covers media, tags and saved searches; nothing when the share does not reach children', async () => {
        const owner = await buildUser(t);
        const recipient = await buildUser(t, { role: 'viewer' });
        const tag = await insertTag(t, owner.id);
        const tagged = await insertMedia(t, owner.id, { tagIds: [tag], title: 'Lighthouse at dusk' });
        const single = await buildShare(t, owner, { target_id: tagged.id, to: recipient });
        const byTag = await buildShare(t, owner, { target_type: 'tag', target_id: tag, to: recipient });
        const search = await insertSavedSearch(t, owner.id, 'lighthouse');
        const bySearch = await buildShare(t, owner, {
          target_type: 'saved_search',
          target_id: search,
          to: recipient,
        });
        const flat = await buildShare(t, owner, {
          target_type: 'collection',
          target_id: await insertCollection(t, owner.id, [tagged.id]),
          to: recipient,
          inherit_to_children: false,
        });
        for (const share of [single, byTag, bySearch]) {
          const res = await get(recipient, `/api/v1/shares/${share.id}/items`);
          assert.deepEqual(ids(res.json()), [tagged.id], share.target_type);
        }
        const none = await get(recipient, `/api/v1/shares/${flat.id}/items`);
        assert.deepEqual(none.json(), []);
        assert.equal(none.headers['x-total-count'], '0');
      });

      it('is closed to strangers, to former group members and after expiry or revocation', async () => {
        const owner = await buildUser(t);
        const member = await buildUser(t, { role: 'viewer' });
        const stranger = await buildUser(t);
        const groupId = await insertGroup(t, [member.id]);
        const share = await buildShare(t, owner, { to: { groupId }, expires_in_hours: 2 });
        assert.equal((await get(member, `/api/v1/shares/${share.id}/items`)).statusCode, 200);
        assert.equal((await get(stranger, `/api/v1/shares/${share.id}/items`)).statusCode, 403);
        t.clock.advance(2 * HOUR);
        assert.equal((await get(member, `/api/v1/shares/${share.id}/items`)).statusCode, 403);
        // The owner still sees what the expired share held.
        assert.equal((await get(owner, `/api/v1/shares/${share.id}/items`)).statusCode, 200);
        const other = await buildShare(t, owner, { to: { groupId } });
        await removeFromGroup(t, groupId, member.id);
        assert.equal((await get(member, `/api/v1/shares/${other.id}/items`)).statusCode, 403);
        await t.request({ method: 'DELETE', url: `/api/v1/shares/${other.id}`, token: owner.token });
        assert.equal((await get(owner, `/api/v1/shares/${other.id}/items`)).statusCode, 404);
      });
    });

    describe('GET /shares/{id}/activity', () => {
      it('shows the log newest first to the owner and admins, with usernames', async () => {
        const owner = await buildUser(t);
        const admin = await buildUser(t, { role: 'admin' });
        const recipient = await buildUser(t, { role: 'viewer' });
        const share = await buildShare(t, owner, { to: recipient });
        t.clock.advance(1000);
        const patch = await t.request({
          method: 'PATCH',
          url: `/api/v1/shares/${share.id}`,
          token: admin.token,
          payload: { note: 'hello' },
        });
        assert.equal(patch.statusCode, 200);

        for (const [user, prefix] of [
          [owner, '/api/v1'],
          [admin, '/api'],
        ] as const) {
          const res = await get(user, `${prefix}/shares/${share.id}/activity`);
          assert.equal(res.statusCode, 200, res.body);
          assert.equal(res.headers['x-total-count'], '2');
          const [updated, created] = res.json();
          assert.equal(updated.action, 'updated');
          assert.equal(updated.actor_id, admin.id);
          assert.equal(updated.actor_username, admin.username);
          assert.deepEqual(updated.details, { fields: ['note'] });
          assert.equal(created.action, 'created');
          assert.equal(created.actor_username, owner.username);
          assert.equal(created.share_id, share.id);
          assert.equal(created.timestamp, share.created_at);
          assert.equal(created.actor_ip, '127.0.0.1');
          assert.deepEqual(Object.keys(created).sort(), [
            'action',
            'actor_id',
            'actor_ip',
            'actor_username',
            'details',
            'id',
            'share_id',
            'timestamp',
          ]);
        }
        const page = await get(owner, `/api/v1/shares/${share.id}/activity?offset=1&limit=1`);
        assert.equal(page.json().length, 1);
        assert.equal(page.json()[0].action, 'created');
      });

      it('is 401 anonymous, 403 for recipients and strangers, 404 unknown or revoked', async () => {
        const owner = await buildUser(t);
        const recipient = await buildUser(t, { role: 'viewer' });
        const stranger = await buildUser(t);
        const share = await buildShare(t, owner, { to: recipient });
        const url = `/api/v1/shares/${share.id}/activity`;
        assert.equal((await get(undefined, url)).statusCode, 401);
        assert.equal((await get(recipient, url)).statusCode, 403);
        assert.equal((await get(stranger, url)).statusCode, 403);
        assert.equal((await get(owner, `/api/v1/shares/${UNKNOWN_ID}/activity`)).statusCode, 404);
        assert.equal((await get(owner, `${url}?limit=500`)).statusCode, 400);
        await t.request({ method: 'DELETE', url: `/api/v1/shares/${share.id}`, token: owner.token });
        assert.equal((await get(owner, url)).statusCode, 404);
      });
    });
  });
}
