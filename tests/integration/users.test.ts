import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import { buildGroup, insertCollection, insertShare, insertStoredMedia, login } from '../helpers/people.js';

const UNKNOWN_ID = '01890a5d-ac96-774b-bcce-b302099a8057';

for (const dialect of DIALECTS) {
  describe(`users on ${dialect}`, () => {
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

    const userCount = async () =>
      Number(
        (
          await t.ctx.db.kysely
            .selectFrom('users')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('requires authentication on every users endpoint', async () => {
      const calls = [
        {
          method: 'POST',
          url: '/api/v1/users',
          payload: { username: 'x1', password: 'password1', role: 'viewer' },
        },
        { method: 'GET', url: '/api/v1/users' },
        { method: 'GET', url: '/api/v1/users/lookup?q=a' },
        { method: 'GET', url: `/api/v1/users/${admin.id}` },
        { method: 'PATCH', url: `/api/v1/users/${admin.id}`, payload: { role: 'viewer' } },
        { method: 'DELETE', url: `/api/v1/users/${admin.id}` },
        {
          method: 'POST',
          url: '/api/v1/auth/password',
          payload: { current_password: 'a', new_password: 'password9' },
        },
      ] as const;
      for (const call of calls) {
        const res = await t.request({ ...call });
        assert.equal(res.statusCode, 401, `${call.method} ${call.url}`);
        assert.equal(res.json().error, 'unauthorized');
        const forged = await t.request({ ...call, token: 'not-a-token' });
        assert.equal(forged.statusCode, 401, `${call.method} ${call.url} with a bad token`);
      }
    });

    it('lets only administrators manage users', async () => {
      const target = await buildUser(t, { role: 'viewer' });
      for (const caller of [editor, viewer]) {
        const calls = [
          {
            method: 'POST',
            url: '/api/v1/users',
            payload: { username: 'nope1', password: 'password1', role: 'admin' },
          },
          { method: 'GET', url: '/api/v1/users' },
          { method: 'GET', url: `/api/v1/users/${target.id}` },
          { method: 'PATCH', url: `/api/v1/users/${caller.id}`, payload: { role: 'admin' } },
          { method: 'DELETE', url: `/api/v1/users/${target.id}` },
        ] as const;
        for (const call of calls) {
          const res = await t.request({ ...call, token: caller.token });
          assert.equal(res.statusCode, 403, `${caller.role}: ${call.method} ${call.url}`);
          assert.equal(res.json().error, 'forbidden');
        }
      }
      // Nothing changed: the editor did not promote themselves, the target still exists.
      const me = await t.request({ method: 'GET', url: '/api/v1/auth/me', token: editor.token });
      assert.equal(me.json().role, 'editor');
      const still = await t.request({ method: 'GET', url: `/api/v1/users/${target.id}`, token: admin.token });
      assert.equal(still.statusCode, 200);
    });

    it('creates a user who can then sign in, under both prefixes', async () => {
      for (const [prefix, username] of [
        ['/api/v1', 'Created.One'],
        ['/api', 'created_two'],
      ] as const) {
        const res = await t.request({
          method: 'POST',
          url: `${prefix}/users`,
          token: admin.token,
          payload: { username, password: 'correct horse', role: 'viewer' },
        });
        assert.equal(res.statusCode, 200);
        const body = res.json();
        assert.deepEqual(Object.keys(body).sort(), [
          'created_at',
          'disabled',
          'id',
          'role',
          'updated_at',
          'username',
        ]);
        assert.equal(body.username, username);
        assert.equal(body.role, 'viewer');
        assert.equal(body.disabled, false);
        assert.equal(JSON.stringify(body).includes('argon2'), false);

        const signedIn = await login(t, username.toUpperCase(), 'correct horse');
        assert.equal(signedIn.statusCode, 200);
        assert.equal(signedIn.json().user.id, body.id);
      }
    });

    it('refuses a username that is taken, whatever its case, with 409', async () => {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        token: admin.token,
        payload: { username: admin.username.toUpperCase(), password: 'password1', role: 'editor' },
      });
      assert.equal(res.statusCode, 409);
      assert.equal(res.json().error, 'conflict');
    });

    it('rejects bad input with 400 and creates nothing', async () => {
      const before = await userCount();
      const bodies = [
        [{ username: 'valid1', password: 'password1', role: 'viewer', admin: true }, 'admin'],
        [{ username: 'valid2', password: 'password1', role: 'owner' }, 'role'],
        [{ username: 'valid3', password: 'short', role: 'viewer' }, 'password'],
        [{ username: 'bad name', password: 'password1', role: 'viewer' }, 'username'],
        [{ username: '.dot', password: 'password1', role: 'viewer' }, 'username'],
        [{ username: 'x'.repeat(65), password: 'password1', role: 'viewer' }, 'username'],
        [{ username: 'valid4', password: 'p'.repeat(257), role: 'viewer' }, 'password'],
        [{ username: 'valid5', role: 'viewer' }, 'password'],
        [{ username: 'valid6', password: 12345678, role: 'viewer' }, 'password'],
      ] as const;
      for (const [payload, field] of bodies) {
        const res = await t.request({ method: 'POST', url: '/api/v1/users', token: admin.token, payload });
        assert.equal(res.statusCode, 400, JSON.stringify(payload));
        assert.equal(res.json().error, 'bad_request');
        assert.ok(
          res.json().details.some((detail: { field: string }) => detail.field === field),
          `${JSON.stringify(res.json().details)} names ${field}`,
        );
      }
      assert.equal(await userCount(), before);
    });

    it('lists users by name with paging, search and X-Total-Count', async () => {
      for (const name of ['pager-c', 'pager-a', 'Pager-b']) {
        await buildUser(t, { username: name, role: 'viewer' });
      }
      const all = await t.request({ method: 'GET', url: '/api/v1/users?q=PAGER', token: admin.token });
      assert.equal(all.statusCode, 200);
      assert.equal(all.headers['x-total-count'], '3');
      assert.deepEqual(
        all.json().map((user: { username: string }) => user.username),
        ['pager-a', 'Pager-b', 'pager-c'],
      );

      const page = await t.request({
        method: 'GET',
        url: '/api/users?q=pager&offset=1&limit=1',
        token: admin.token,
      });
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['x-total-count'], '3');
      assert.deepEqual(
        page.json().map((user: { username: string }) => user.username),
        ['Pager-b'],
      );

      const everyone = await t.request({ method: 'GET', url: '/api/v1/users', token: admin.token });
      assert.equal(Number(everyone.headers['x-total-count']), await userCount());

      // LIKE wildcards in the search are taken literally.
      const wildcard = await t.request({ method: 'GET', url: '/api/v1/users?q=%25', token: admin.token });
      assert.equal(wildcard.statusCode, 200);
      assert.deepEqual(wildcard.json(), []);
      assert.equal(wildcard.headers['x-total-count'], '0');

      for (const query of [
        'limit=0',
        'limit=201',
        'offset=-1',
        'limit=abc',
        'sort=name',
        `q=${'a'.repeat(65)}`,
      ]) {
        const bad = await t.request({ method: 'GET', url: `/api/v1/users?${query}`, token: admin.token });
        assert.equal(bad.statusCode, 400, query);
        assert.equal(bad.json().error, 'bad_request');
      }
    });

    it('shows one user; unknown and malformed ids are 404', async () => {
      const one = await t.request({ method: 'GET', url: `/api/v1/users/${editor.id}`, token: admin.token });
      assert.equal(one.statusCode, 200);
      assert.equal(one.json().username, editor.username);
      assert.equal(one.json().role, 'editor');

      for (const id of [UNKNOWN_ID, 'not-a-uuid', '1234']) {
        for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
          const res = await t.request({
            method,
            url: `/api/v1/users/${id}`,
            token: admin.token,
            ...(method === 'PATCH' ? { payload: { role: 'viewer' } } : {}),
          });
          assert.equal(res.statusCode, 404, `${method} ${id}`);
          assert.equal(res.json().error, 'not_found');
        }
      }
    });

    it("changes a user's role and rejects bad changes", async () => {
      const target = await buildUser(t, { role: 'viewer' });
      const promoted = await t.request({
        method: 'PATCH',
        url: `/api/v1/users/${target.id}`,
        token: admin.token,
        payload: { role: 'editor' },
      });
      assert.equal(promoted.statusCode, 200);
      assert.equal(promoted.json().role, 'editor');
      assert.equal(promoted.json().disabled, false);
      // The role takes effect at once, on the token they already hold.
      const me = await t.request({ method: 'GET', url: '/api/v1/auth/me', token: target.token });
      assert.equal(me.json().role, 'editor');

      for (const payload of [
        {},
        { role: 'root' },
        { disabled: 'yes' },
        { password: 'short' },
        { username: 'renamed' },
      ]) {
        const res = await t.request({
          method: 'PATCH',
          url: `/api/v1/users/${target.id}`,
          token: admin.token,
          payload,
        });
        assert.equal(res.statusCode, 400, JSON.stringify(payload));
      }
      const unchanged = await t.request({
        method: 'GET',
        url: `/api/v1/users/${target.id}`,
        token: admin.token,
      });
      assert.equal(unchanged.json().role, 'editor');
      assert.equal(unchanged.json().username, target.username);
    });

    it('disabling a user ends their sessions and refuses sign-in; enabling lets them back', async () => {
      const target = await buildUser(t, { role: 'editor' });
      const disabled = await t.request({
        method: 'PATCH',
        url: `/api/v1/users/${target.id}`,
        token: admin.token,
        payload: { disabled: true },
      });
      assert.equal(disabled.statusCode, 200);
      assert.equal(disabled.json().disabled, true);

      const me = await t.request({ method: 'GET', url: '/api/v1/auth/me', token: target.token });
      assert.equal(me.statusCode, 401);
      const refreshed = await t.request({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        payload: { refresh_token: target.refreshToken },
      });
      assert.equal(refreshed.statusCode, 401);
      assert.equal((await login(t, target.username, target.password)).statusCode, 401);

      const lookup = await t.request({
        method: 'GET',
        url: `/api/v1/users/lookup?q=${target.username}`,
        token: viewer.token,
      });
      assert.deepEqual(lookup.json(), []);

      const enabled = await t.request({
        method: 'PATCH',
        url: `/api/v1/users/${target.id}`,
        token: admin.token,
        payload: { disabled: false },
      });
      assert.equal(enabled.json().disabled, false);
      assert.equal((await login(t, target.username, target.password)).statusCode, 200);
      // The old session stays ended.
      assert.equal(
        (await t.request({ method: 'GET', url: '/api/v1/auth/me', token: target.token })).statusCode,
        401,
      );
    });

    it("an administrator's password reset ends every session of the user", async () => {
      const target = await buildUser(t, { role: 'viewer' });
      const res = await t.request({
        method: 'PATCH',
        url: `/api/v1/users/${target.id}`,
        token: admin.token,
        payload: { password: 'a brand new secret' },
      });
      assert.equal(res.statusCode, 200);
      assert.equal(
        (await t.request({ method: 'GET', url: '/api/v1/auth/me', token: target.token })).statusCode,
        401,
      );
      assert.equal((await login(t, target.username, target.password)).statusCode, 401);
      assert.equal((await login(t, target.username, 'a brand new secret')).statusCode, 200);
    });

    it('deletes a user with everything of theirs; their tokens stop working at once', async () => {
      const doomed = await buildUser(t, { role: 'editor' });
      const friend = await buildUser(t, { role: 'viewer' });
      const group = await buildGroup(t, { memberIds: [doomed.id, friend.id] });
      const album = await insertCollection(t, doomed.id);
      const theirShare = await insertShare(t, { ownerId: doomed.id, targetId: album, toUserId: friend.id });
      const friendsAlbum = await insertCollection(t, friend.id);
      const toThem = await insertShare(t, {
        ownerId: friend.id,
        targetId: friendsAlbum,
        toUserId: doomed.id,
      });

      const res = await t.request({
        method: 'DELETE',
        url: `/api/v1/users/${doomed.id}`,
        token: admin.token,
      });
      assert.equal(res.statusCode, 204);
      assert.equal(res.body, '');

      assert.equal(
        (await t.request({ method: 'GET', url: '/api/v1/auth/me', token: doomed.token })).statusCode,
        401,
      );
      const refreshed = await t.request({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        payload: { refresh_token: doomed.refreshToken },
      });
      assert.equal(refreshed.statusCode, 401);
      assert.equal((await login(t, doomed.username, doomed.password)).statusCode, 401);
      const gone = await t.request({ method: 'GET', url: `/api/v1/users/${doomed.id}`, token: admin.token });
      assert.equal(gone.statusCode, 404);
      const again = await t.request({
        method: 'DELETE',
        url: `/api/v1/users/${doomed.id}`,
        token: admin.token,
      });
      assert.equal(again.statusCode, 404);

      const db = t.ctx.db.kysely;
      const sessions = await db
        .selectFrom('sessions')
        .select('id')
        .where('user_id', '=', doomed.id)
        .execute();
      const memberships = await db
        .selectFrom('group_members')
        .select('group_id')
        .where('user_id', '=', doomed.id)
        .execute();
      const albums = await db
        .selectFrom('collections')
        .select('id')
        .where('owner_id', '=', doomed.id)
        .execute();
      assert.deepEqual([sessions, memberships, albums], [[], [], []]);
      const shares = await db
        .selectFrom('shares')
        .select('id')
        .where('id', 'in', [theirShare.id, toThem.id])
        .execute();
      assert.deepEqual(shares, []);
      // The group and the other member stay.
      const left = await t.request({ method: 'GET', url: `/api/v1/groups/${group.id}`, token: admin.token });
      assert.deepEqual(
        left.json().members.map((member: { id: string }) => member.id),
        [friend.id],
      );
    });

    it("deleting a user removes their stored files, except bytes another user's item still uses", async () => {
      const doomed = await buildUser(t, { role: 'editor' });
      const keeper = await buildUser(t, { role: 'editor' });
      const own = await insertStoredMedia(t, doomed.id, `only theirs ${doomed.id}`);
      const sharedBytes = `both have these ${doomed.id}`;
      const mine = await insertStoredMedia(t, doomed.id, sharedBytes);
      const theirs = await insertStoredMedia(t, keeper.id, sharedBytes);
      const mediaShare = await insertShare(t, { ownerId: doomed.id, targetId: mine.id, toUserId: keeper.id });

      const res = await t.request({
        method: 'DELETE',
        url: `/api/v1/users/${doomed.id}`,
        token: admin.token,
      });
      assert.equal(res.statusCode, 204);
      assert.equal(fs.existsSync(own.file), false);
      assert.equal(fs.existsSync(theirs.file), true);
      const media = await t.ctx.db.kysely
        .selectFrom('media')
        .select('id')
        .where('owner_id', '=', doomed.id)
        .execute();
      assert.deepEqual(media, []);
      const share = await t.ctx.db.kysely
        .selectFrom('shares')
        .select('id')
        .where('id', '=', mediaShare.id)
        .execute();
      assert.deepEqual(share, []);
    });

    it('looks up enabled users by part of their name for any signed-in user', async () => {
      const names = ['zeta-a.lookup', 'lookup-zeta', 'ZETA_b', 'not-a-match'];
      const made = new Map<string, string>();
      for (const name of names) made.set(name, (await buildUser(t, { username: name, role: 'viewer' })).id);

      const res = await t.request({ method: 'GET', url: '/api/v1/users/lookup?q=Zeta', token: viewer.token });
      assert.equal(res.statusCode, 200);
      const found = res.json<Array<{ id: string; username: string }>>();
      // Names that start with the text come first, then names that contain it.
      assert.deepEqual(
        found.map((user) => user.username),
        ['zeta-a.lookup', 'ZETA_b', 'lookup-zeta'],
      );
      for (const user of found) {
        assert.deepEqual(Object.keys(user).sort(), ['id', 'username']);
        assert.equal(user.id, made.get(user.username));
      }

      // `_` is a literal underscore, not a wildcard (which would also match "zeta-a.lookup").
      const underscore = await t.request({
        method: 'GET',
        url: '/api/users/lookup?q=zeta_',
        token: editor.token,
      });
      assert.deepEqual(
        underscore.json().map((user: { username: string }) => user.username),
        ['ZETA_b'],
      );
    });

    it('returns at most 20 lookup candidates and validates q', async () => {
      for (let i = 0; i < 22; i += 1)
        await buildUser(t, { username: `many-${String(i).padStart(2, '0')}`, role: 'viewer' });
      const res = await t.request({
        method: 'GET',
        url: '/api/v1/users/lookup?q=many-',
        token: viewer.token,
      });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().length, 20);
      assert.equal(res.json()[0].username, 'many-00');

      for (const query of ['', '?q=', `?q=${'a'.repeat(65)}`, '?q=a&limit=5', '?q=%20%20']) {
        const bad = await t.request({
          method: 'GET',
          url: `/api/v1/users/lookup${query}`,
          token: viewer.token,
        });
        assert.equal(bad.statusCode, 400, query);
        assert.equal(bad.json().error, 'bad_request');
      }
    });

    it('changes your own password, keeping this session and ending the others', async () => {
      const user = await buildUser(t, { role: 'viewer' });
      const second = (await login(t, user.username, user.password)).json();

      const res = await t.request({
        method: 'POST',
        url: '/api/v1/auth/password',
        token: user.token,
        payload: { current_password: user.password, new_password: 'my new passphrase' },
      });
      assert.equal(res.statusCode, 204);
      assert.equal(res.body, '');

      assert.equal(
        (await t.request({ method: 'GET', url: '/api/v1/auth/me', token: user.token })).statusCode,
        200,
      );
      const rotated = await t.request({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        payload: { refresh_token: user.refreshToken },
      });
      assert.equal(rotated.statusCode, 200);

      assert.equal(
        (await t.request({ method: 'GET', url: '/api/v1/auth/me', token: second.access_token })).statusCode,
        401,
      );
      const otherRefresh = await t.request({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        payload: { refresh_token: second.refresh_token },
      });
      assert.equal(otherRefresh.statusCode, 401);

      assert.equal((await login(t, user.username, user.password)).statusCode, 401);
      assert.equal((await login(t, user.username, 'my new passphrase')).statusCode, 200);
    });

    it('refuses a wrong current password with 401 and throttles repeated ones', async () => {
      const user = await buildUser(t, { role: 'editor' });
      const attempt = (current: string) =>
        t.request({
          method: 'POST',
          url: '/api/auth/password',
          token: user.token,
          payload: { current_password: current, new_password: 'another passphrase' },
        });
      for (let i = 0; i < 5; i += 1) {
        const wrong = await attempt(`wrong-${i}`);
        assert.equal(wrong.statusCode, 401);
        assert.equal(wrong.json().error, 'unauthorized');
      }
      const throttled = await attempt(user.password);
      assert.equal(throttled.statusCode, 429);
      assert.equal(throttled.json().error, 'rate_limited');
      assert.ok(Number(throttled.headers['retry-after']) > 0);
      // The password did not change meanwhile.
      assert.equal((await login(t, user.username, user.password)).statusCode, 200);

      t.clock.advance(16 * 60 * 1000);
      const later = await t.request({
        method: 'POST',
        url: '/api/v1/auth/password',
        token: (await login(t, user.username, user.password)).json().access_token,
        payload: { current_password: user.password, new_password: 'another passphrase' },
      });
      assert.equal(later.statusCode, 204);
    });

    it('validates a password change', async () => {
      const user = await buildUser(t, { role: 'viewer' });
      const bodies = [
        { current_password: user.password, new_password: 'short' },
        { current_password: user.password, new_password: user.password },
        { current_password: user.password, new_password: 'long enough', extra: 1 },
        { current_password: '', new_password: 'long enough' },
        { new_password: 'long enough' },
      ];
      for (const payload of bodies) {
        const res = await t.request({
          method: 'POST',
          url: '/api/v1/auth/password',
          token: user.token,
          payload,
        });
        assert.equal(res.statusCode, 400, JSON.stringify(payload));
        assert.equal(res.json().error, 'bad_request');
      }
      assert.equal((await login(t, user.username, user.password)).statusCode, 200);
    });
  });

  // A server of its own, so the administrators in it are exactly the ones each test makes.
  describe(`the last administrator on ${dialect}`, () => {
    let solo: TestApp;
    before(async () => {
      solo = await startTestApp(dialect);
    });
    after(() => solo.close());

    it('keeps at least one active administrator, even when two race', async () => {
      const only = await buildUser(solo, { role: 'admin' });
      const refusals = [
        { method: 'PATCH', payload: { role: 'editor' } },
        { method: 'PATCH', payload: { disabled: true } },
        { method: 'DELETE' },
      ] as const;
      for (const call of refusals) {
        const res = await solo.request({ ...call, url: `/api/v1/users/${only.id}`, token: only.token });
        assert.equal(res.statusCode, 400, JSON.stringify(call));
        assert.equal(res.json().error, 'bad_request');
        assert.match(res.json().message, /last active administrator/);
      }
      // A disabled administrator does not count.
      const dormant = await buildUser(solo, { role: 'admin' });
      await solo.request({
        method: 'PATCH',
        url: `/api/v1/users/${dormant.id}`,
        token: only.token,
        payload: { disabled: true },
      });
      const still = await solo.request({
        method: 'PATCH',
        url: `/api/v1/users/${only.id}`,
        token: only.token,
        payload: { role: 'viewer' },
      });
      assert.equal(still.statusCode, 400);

      // With another active administrator, stepping down is fine.
      const other = await buildUser(solo, { role: 'admin' });
      const stepDown = await solo.request({
        method: 'PATCH',
        url: `/api/v1/users/${only.id}`,
        token: only.token,
        payload: { role: 'editor' },
      });
      assert.equal(stepDown.statusCode, 200);
      assert.equal(stepDown.json().role, 'editor');

      // Two administrators demoting each other at once: one of them stays.
      const rival = await buildUser(solo, { role: 'admin' });
      const results = await Promise.all([
        solo.request({
          method: 'PATCH',
          url: `/api/v1/users/${rival.id}`,
          token: other.token,
          payload: { role: 'viewer' },
        }),
        solo.request({
          method: 'PATCH',
          url: `/api/v1/users/${other.id}`,
          token: rival.token,
          payload: { role: 'viewer' },
        }),
      ]);
      const codes = results.map((res) => res.statusCode).sort();
      assert.equal(codes[0], 200, JSON.stringify(codes));
      assert.notEqual(codes[1], 200, JSON.stringify(codes));
      const admins = await solo.ctx.db.kysely
        .selectFrom('users')
        .select('id')
        .where('role', '=', 'admin')
        .where('disabled', '=', 0)
        .execute();
      assert.equal(admins.length, 1);
    });
  });
}
