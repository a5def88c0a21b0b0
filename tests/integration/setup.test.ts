import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser } from '../helpers/factories.js';
import { login } from '../helpers/people.js';

for (const dialect of DIALECTS) {
  // Every test starts an empty server of its own, one at a time.
  describe(`first-run setup and sign-in on ${dialect}`, () => {
    let t: TestApp | undefined;
    const start = async (overrides: Parameters<typeof startTestApp>[1] = {}) => {
      t = await startTestApp(dialect, overrides);
      return t;
    };
    afterEach(async () => {
      await t?.close();
      t = undefined;
    });

    const countUsers = async (app: TestApp) =>
      (await app.ctx.db.kysely.selectFrom('users').select('id').execute()).length;

    it('creates the first administrator once, signed in', async () => {
      const app = await start();
      const status = await app.request({ method: 'GET', url: '/api/v1/setup' });
      assert.equal(status.statusCode, 200);
      assert.deepEqual(status.json(), { needs_setup: true });

      const res = await app.request({
        method: 'POST',
        url: '/api/v1/setup',
        payload: { username: 'founder', password: 'first password' },
      });
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.equal(body.token_type, 'Bearer');
      assert.equal(typeof body.refresh_token, 'string');
      assert.equal(body.user.username, 'founder');
      assert.equal(body.user.role, 'admin');
      const me = await app.request({ method: 'GET', url: '/api/v1/auth/me', token: body.access_token });
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().role, 'admin');

      const after = await app.request({ method: 'GET', url: '/api/setup' });
      assert.deepEqual(after.json(), { needs_setup: false });

      const second = await app.request({
        method: 'POST',
        url: '/api/setup',
        payload: { username: 'intruder', password: 'second password' },
      });
      assert.equal(second.statusCode, 403);
      assert.equal(second.json().error, 'forbidden');
      assert.equal(await countUsers(app), 1);
      assert.equal((await login(app, 'intruder', 'second password')).statusCode, 401);
    });

    it('rejects bad setup input with 400 and stays unset', async () => {
      const app = await start();
      for (const payload of [
        { username: 'founder', password: 'short' },
        { username: 'bad name', password: 'long enough' },
        { username: 'founder', password: 'long enough', role: 'admin' },
        { username: 'founder' },
      ]) {
        const res = await app.request({ method: 'POST', url: '/api/v1/setup', payload });
        assert.equal(res.statusCode, 400, JSON.stringify(payload));
        assert.equal(res.json().error, 'bad_request');
      }
      const status = await app.request({ method: 'GET', url: '/api/v1/setup' });
      assert.deepEqual(status.json(), { needs_setup: true });
    });

    it('lets exactly one of two racing setups win', async () => {
      const app = await start();
      const results = await Promise.all(
        ['racer-one', 'racer-two'].map((username) =>
          app.request({
            method: 'POST',
            url: '/api/v1/setup',
            payload: { username, password: 'race password' },
          }),
        ),
      );
      assert.deepEqual(results.map((res) => res.statusCode).sort(), [200, 403]);
      assert.equal(await countUsers(app), 1);
      const winner = results.find((res) => res.statusCode === 200)?.json().user.username;
      assert.equal((await login(app, winner, 'race password')).statusCode, 200);
    });

    it('creates the first administrator from PINAKES_ADMIN_USERNAME and PINAKES_ADMIN_PASSWORD', async () => {
      const app = await start({ adminUsername: 'boot-admin', adminPassword: 'from the environment' });
      const status = await app.request({ method: 'GET', url: '/api/v1/setup' });
      assert.deepEqual(status.json(), { needs_setup: false });
      const signedIn = await login(app, 'boot-admin', 'from the environment');
      assert.equal(signedIn.statusCode, 200);
      assert.equal(signedIn.json().user.role, 'admin');
      const setup = await app.request({
        method: 'POST',
        url: '/api/v1/setup',
        payload: { username: 'late', password: 'late password' },
      });
      assert.equal(setup.statusCode, 403);
    });

    it('throttles repeated wrong passwords for a username, but not other people', async () => {
      const app = await start();
      const target = await buildUser(app, { role: 'editor' });
      const bystander = await buildUser(app, { role: 'viewer' });
      for (let i = 0; i < 10; i += 1) {
        const wrong = await login(app, target.username, `guess-${i}`, '203.0.113.7');
        assert.equal(wrong.statusCode, 401, `attempt ${i + 1}`);
      }
      // Now even the right password waits, from any address and in any case.
      for (const [name, address] of [
        [target.username, '203.0.113.7'],
        [target.username.toUpperCase(), '198.51.100.1'],
      ] as const) {
        const throttled = await login(app, name, target.password, address);
        assert.equal(throttled.statusCode, 429);
        assert.equal(throttled.json().error, 'rate_limited');
        assert.ok(Number(throttled.headers['retry-after']) >= 1);
      }
      // Someone else signing in from another address is not affected.
      const other = await login(app, bystander.username, bystander.password, '198.51.100.2');
      assert.equal(other.statusCode, 200);

      app.clock.advance(15 * 60 * 1000 + 1000);
      const later = await login(app, target.username, target.password, '203.0.113.7');
      assert.equal(later.statusCode, 200);
    });
  });
}
