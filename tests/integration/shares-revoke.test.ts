import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newId } from '../../src/lib/ids.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import {
  activityOf,
  buildShare,
  insertGroup,
  LONG_LIVED_TOKENS,
  mediaStatus,
  notificationsOf,
  shareRow,
} from '../helpers/shares.js';

const UNKNOWN_ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

for (const dialect of DIALECTS) {
  describe(`revoking shares on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect, LONG_LIVED_TOKENS);
    });
    after(() => t.close());

    const del = (user: TestUser | undefined, id: string, prefix = '/api/v1') =>
      t.request({ method: 'DELETE', url: `${prefix}/shares/${id}`, ...(user ? { token: user.token } : {}) });
    const batch = (user: TestUser | undefined, payload: unknown, prefix = '/api/v1') =>
      t.request({
        method: 'POST',
        url: `${prefix}/shares/batch/delete`,
        payload: payload as Record<string, unknown>,
        ...(user ? { token: user.token } : {}),
      });
    const isRevoked = async (id: string) => (await shareRow(t, id)).revoked_at !== null;

    describe('DELETE /shares/{id}', () => {
      it('requires authentication', async () => {
        const owner = await buildUser(t);
        const share = await buildShare(t, owner);
        assert.equal((await del(undefined, share.id)).statusCode, 401);
        assert.equal(await isRevoked(share.id), false);
      });

      it('revokes: 204, access ends, the log and the recipient are told', async () => {
        for (const prefix of ['/api/v1', '/api']) {
          const owner = await buildUser(t);
          const recipient = await buildUser(t, { role: 'viewer' });
          const share = await buildShare(t, owner, { to: recipient });
          assert.equal(await mediaStatus(t, recipient, share.target_id), 200);
          const before = await shareRow(t, share.id);

          const res = await del(owner, share.id, prefix);
          assert.equal(res.statusCode, 204);
          assert.equal(res.body, '');
          const row = await shareRow(t, share.id);
          assert.equal(row.revoked_at, t.clock.now().toISOString());
          assert.equal(row.state_version, before.state_version + 1);
          assert.equal(await mediaStatus(t, recipient, share.target_id), 404);
          assert.equal((await activityOf(t, share.id)).at(-1)?.action, 'revoked');
          const notes = await notificationsOf(t, recipient.id);
          assert.deepEqual(
            notes.map((n) => n.notification_type),
            ['new_share', 'share_revoked'],
          );
          const incoming = await t.request({
            method: 'GET',
            url: '/api/v1/shares/incoming',
            token: recipient.token,
          });
          assert.deepEqual(incoming.json(), []);
        }
      });

      it('tells every member of a group share', async () => {
        const owner = await buildUser(t);
        const members = [await buildUser(t, { role: 'viewer' }), await buildUser(t, { role: 'viewer' })];
        const share = await buildShare(t, owner, {
          to: {
            groupId: await insertGroup(
              t,
              members.map((m) => m.id),
            ),
          },
        });
        assert.equal((await del(owner, share.id)).statusCode, 204);
        for (const member of members) {
          assert.equal((await notificationsOf(t, member.id)).at(-1)?.notification_type, 'share_revoked');
        }
      });

      it('lets an admin revoke any share', async () => {
        const owner = await buildUser(t);
        const admin = await buildUser(t, { role: 'admin' });
        const share = await buildShare(t, owner, { to: 'link' });
        assert.equal((await del(admin, share.id)).statusCode, 204);
        assert.equal((await activityOf(t, share.id)).at(-1)?.actor_id, admin.id);
      });

      it('is 403 for recipients and strangers, 404 for unknown, malformed and already revoked ids', async () => {
        const owner = await buildUser(t);
        const recipient = await buildUser(t, { role: 'viewer' });
        const stranger = await buildUser(t);
        const share = await buildShare(t, owner, { to: recipient });
        for (const user of [recipient, stranger]) {
          const res = await del(user, share.id);
          assert.equal(res.statusCode, 403);
          assert.equal(res.json().error, 'forbidden');
        }
        assert.equal(await isRevoked(share.id), false);
        assert.equal((await del(owner, UNKNOWN_ID)).statusCode, 404);
        assert.equal((await del(owner, 'not-a-uuid')).statusCode, 404);
        assert.equal((await del(owner, share.id)).statusCode, 204);
        const again = await del(owner, share.id);
        assert.equal(again.statusCode, 404);
        assert.equal(again.json().error, 'not_found');
        assert.equal((await activityOf(t, share.id)).filter((e) => e.action === 'revoked').length, 1);
      });
    });

    describe('POST /shares/batch/delete', () => {
      it('requires authentication', async () => {
        const owner = await buildUser(t);
        const share = await buildShare(t, owner);
        assert.equal((await batch(undefined, { share_ids: [share.id] })).statusCode, 401);
      });

      it('revokes every named share and answers how many', async () => {
        for (const prefix of ['/api/v1', '/api']) {
          const owner = await buildUser(t);
          const recipient = await buildUser(t, { role: 'viewer' });
          const shares = [
            await buildShare(t, owner, { to: recipient }),
            await buildShare(t, owner, { to: 'link' }),
            await buildShare(t, owner),
          ];
          const keep = await buildShare(t, owner);
          const res = await batch(owner, { share_ids: shares.map((s) => s.id) }, prefix);
          assert.equal(res.statusCode, 200, res.body);
          assert.deepEqual(res.json(), { deleted: 3 });
          for (const share of shares) {
            assert.equal(await isRevoked(share.id), true);
            assert.equal((await activityOf(t, share.id)).at(-1)?.action, 'revoked');
          }
          assert.equal(await isRevoked(keep.id), false);
          assert.equal((await notificationsOf(t, recipient.id)).at(-1)?.notification_type, 'share_revoked');
        }
      });

      it('is all or nothing: one foreign, unknown or revoked id is a 403 and nothing changes', async () => {
        const owner = await buildUser(t);
        const other = await buildUser(t);
        const mine = [await buildShare(t, owner), await buildShare(t, owner)];
        const theirs = await buildShare(t, other);
        const gone = await buildShare(t, owner);
        await del(owner, gone.id);
        for (const intruder of [theirs.id, UNKNOWN_ID, gone.id]) {
          const res = await batch(owner, { share_ids: [...mine.map((s) => s.id), intruder] });
          assert.equal(res.statusCode, 403, intruder);
          assert.equal(res.json().error, 'forbidden');
          for (const share of [...mine, theirs]) assert.equal(await isRevoked(share.id), false);
          for (const share of mine) assert.equal((await activityOf(t, share.id)).length, 1);
        }
        // A recipient may not revoke what was shared with them either.
        const recipient = await buildUser(t, { role: 'viewer' });
        const toThem = await buildShare(t, owner, { to: recipient });
        assert.equal((await batch(recipient, { share_ids: [toThem.id] })).statusCode, 403);
        assert.equal(await isRevoked(toThem.id), false);
      });

      it('lets an admin revoke anyone’s shares', async () => {
        const admin = await buildUser(t, { role: 'admin' });
        const shares = [await buildShare(t, await buildUser(t)), await buildShare(t, await buildUser(t))];
        const res = await batch(admin, { share_ids: shares.map((s) => s.id) });
        assert.deepEqual(res.json(), { deleted: 2 });
        for (const share of shares) assert.equal(await isRevoked(share.id), true);
      });

      it('refuses malformed lists with 400', async () => {
        const owner = await buildUser(t);
        const share = await buildShare(t, owner);
        const many = Array.from(
          { length: 501 },
          (_, i) => `0190a1b2-c3d4-7e5f-8a9b-${String(i).padStart(12, '0')}`,
        );
        for (const payload of [
          {},
          { share_ids: [] },
          { share_ids: [share.id, share.id] },
          { share_ids: ['not-a-uuid'] },
          { share_ids: share.id },
          { share_ids: many },
          { share_ids: [share.id], also: true },
        ]) {
          const res = await batch(owner, payload);
          assert.equal(res.statusCode, 400, JSON.stringify(payload).slice(0, 80));
          assert.equal(res.json().error, 'bad_request');
        }
        assert.equal(await isRevoked(share.id), false);
      });

      it('takes up to 500 ids at once', async () => {
        const owner = await buildUser(t);
        const ids: string[] = [];
        for (let i = 0; i < 30; i += 1) ids.push((await buildShare(t, owner, { to: 'link' })).id);
        // 500 well-formed ids, most of them naming nothing: refused whole.
        const padded = [...ids, ...Array.from({ length: 470 }, () => newId())];
        assert.equal((await batch(owner, { share_ids: padded })).statusCode, 403);
        assert.equal(await isRevoked(ids[0] ?? ''), false);
        assert.deepEqual((await batch(owner, { share_ids: ids })).json(), { deleted: 30 });
      });
    });
  });
}
