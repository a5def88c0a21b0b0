import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { randomToken } from '../../src/lib/secrets.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import { median } from '../helpers/security.js';
import {
  accessTokenOf,
  createLink,
  linkFile,
  openLink,
  uploadLibrary,
  type SharedLibrary,
} from '../helpers/security-links.js';
import { LONG_LIVED_TOKENS } from '../helpers/shares.js';

/*
 * No oracle (ASVS 8.3.x, 11.5.1 design against enumeration): unknown, revoked, expired and
 * used-up links, dead links with a password (right or wrong), and links whose owner is
 * disabled, all answer the very same 404 — status, body and the headers that matter — on the
 * link, on its files and on its page. Liveness is decided before the password is looked at.
 * Time is measured and printed, not asserted (see docs/security.md).
 */
const PASSWORD = 'oracle-link-password';
let address = 0;
/** A fresh client address per probe, so the unknown-link throttle never answers instead. */
const nextAddress = () => `198.51.100.${(address = (address % 250) + 1)}`;

interface Answer {
  status: number;
  body: string;
  type: string | undefined;
  cache: string | undefined;
  retryAfter: string | undefined;
}

const answer = (res: LightMyRequestResponse): Answer => ({
  status: res.statusCode,
  body: res.body,
  type: res.headers['content-type'] as string | undefined,
  cache: res.headers['cache-control'],
  retryAfter: res.headers['retry-after'],
});

for (const dialect of DIALECTS) {
  describe(`no link oracle on ${dialect}`, () => {
    let t: TestApp;
    let owner: TestUser;
    let admin: TestUser;
    let library: SharedLibrary;
    /** Dead links by how they died, with an access token from while they lived. */
    const dead: Record<string, { token: string; accessToken: string | undefined }> = {};

    before(async () => {
      t = await startTestApp(dialect, LONG_LIVED_TOKENS);
      owner = await buildUser(t);
      admin = await buildUser(t, { role: 'admin' });
      library = await uploadLibrary(t, owner);

      const revoke = async (id: string) => {
        const res = await t.request({ method: 'DELETE', url: `/api/v1/shares/${id}`, token: owner.token });
        assert.equal(res.statusCode, 204);
      };
      for (const password of [undefined, PASSWORD]) {
        const suffix = password ? ' with a password' : '';
        const extra = password ? { password } : {};
        const revoked = await createLink(t, owner, library.photo.id, extra);
        dead[`revoked${suffix}`] = {
          token: revoked.public_token,
          accessToken: await accessTokenOf(t, revoked.public_token, password),
        };
        await revoke(revoked.id);

        const expiring = await createLink(t, owner, library.photo.id, {
          ...extra,
          expires_at: new Date(t.clock.now().getTime() + 60_000).toISOString(),
        });
        dead[`expired${suffix}`] = {
          token: expiring.public_token,
          accessToken: await accessTokenOf(t, expiring.public_token, password),
        };

        const usedUp = await createLink(t, owner, library.photo.id, { ...extra, max_access_count: 1 });
        await accessTokenOf(t, usedUp.public_token, password);
        dead[`used up${suffix}`] = { token: usedUp.public_token, accessToken: undefined };
      }
      const other = await buildUser(t);
      const theirs = await uploadLibrary(t, other);
      const disabled = await createLink(t, other, theirs.photo.id, { password: PASSWORD });
      dead['owner disabled'] = {
        token: disabled.public_token,
        accessToken: await accessTokenOf(t, disabled.public_token, PASSWORD),
      };
      const res = await t.request({
        method: 'PATCH',
        url: `/api/v1/users/${other.id}`,
        token: admin.token,
        payload: { disabled: true },
      });
      assert.equal(res.statusCode, 200);
      // The expiring links die now; everything else is already dead.
      t.clock.advance(120_000);
    });
    after(() => t.close());

    it('answers every dead link exactly like an unknown one, password or not', async () => {
      const unknown = answer(await openLink(t, randomToken(32), { remoteAddress: nextAddress() }));
      assert.equal(unknown.status, 404);
      assert.equal(unknown.cache, 'private, no-store');
      assert.equal(JSON.parse(unknown.body).error, 'not_found');
      for (const [how, link] of Object.entries(dead)) {
        for (const credentials of [{}, { password: PASSWORD }, { password: 'a-wrong-password' }]) {
          const res = answer(await openLink(t, link.token, { ...credentials, remoteAddress: nextAddress() }));
          assert.deepEqual(res, unknown, `${how} link, ${JSON.stringify(credentials)}`);
        }
        if (link.accessToken) {
          const withToken = answer(
            await openLink(t, link.token, { accessToken: link.accessToken, remoteAddress: nextAddress() }),
          );
          assert.deepEqual(withToken, unknown, `${how} link with its old access token`);
        }
      }
    });

    it("answers every dead link's files exactly like an unknown link's", async () => {
      const unknownToken = randomToken(32);
      for (const kind of ['stream', 'download', 'thumbnail'] as const) {
        const unknown = answer(
          await linkFile(t, unknownToken, library.photo.id, kind, { accessToken: 'x.y.z' }),
        );
        assert.equal(unknown.status, 404, `${kind} of an unknown link`);
        for (const [how, link] of Object.entries(dead)) {
          if (!link.accessToken) continue;
          const res = answer(
            await linkFile(t, link.token, library.photo.id, kind, { accessToken: link.accessToken }),
          );
          assert.deepEqual(res, unknown, `${kind} of a ${how} link`);
        }
      }
    });

    it('shows the same page for every dead link as for an unknown one', async () => {
      const page = async (token: string) => {
        const res = await t.request({ method: 'GET', url: `/s/${token}`, headers: { accept: 'text/html' } });
        return {
          status: res.statusCode,
          body: res.body.replaceAll(token, 'TOKEN'),
          referrer: res.headers['referrer-policy'],
          cache: res.headers['cache-control'],
        };
      };
      const unknown = await page(randomToken(32));
      assert.equal(unknown.status, 404);
      assert.equal(unknown.referrer, 'no-referrer');
      for (const [how, link] of Object.entries(dead))
        assert.deepEqual(await page(link.token), unknown, `page of a ${how} link`);
    });

    it('answers malformed tokens with a 404 and nothing more', async () => {
      for (const token of [
        'a',
        'x'.repeat(200),
        '%00',
        '..%2F..%2Fetc',
        '%E0%A4%A',
        'null',
        "'%20OR%201=1",
      ]) {
        const res = await t.app.inject({
          method: 'GET',
          url: `/api/v1/shared/${token}`,
          remoteAddress: nextAddress(),
        });
        assert.equal(res.statusCode, 404, `${token}: ${res.statusCode} ${res.body}`);
        assert.equal(res.json().error, 'not_found');
      }
    });

    it('takes about as long for unknown, revoked, expired and used-up links (printed, not asserted)', async () => {
      const kinds: Record<string, () => string> = {
        unknown: () => randomToken(32),
        revoked: () => dead.revoked!.token,
        expired: () => dead.expired!.token,
        'used up': () => dead['used up']!.token,
        'revoked with a password': () => dead['revoked with a password']!.token,
      };
      const samples: Record<string, number[]> = Object.fromEntries(
        Object.keys(kinds).map((kind) => [kind, []]),
      );
      for (let round = 0; round < 40; round += 1) {
        for (const [kind, token] of Object.entries(kinds)) {
          const started = process.hrtime.bigint();
          const res = await openLink(t, token(), {
            password: 'a-wrong-password',
            remoteAddress: nextAddress(),
          });
          samples[kind]!.push(Number(process.hrtime.bigint() - started) / 1e6);
          assert.equal(res.statusCode, 404);
        }
      }
      const medians = Object.fromEntries(
        Object.entries(samples).map(([kind, values]) => [kind, Number(median(values).toFixed(2))]),
      );
      console.log(`link lookup medians on ${dialect} (ms): ${JSON.stringify(medians)}`);
    });
  });
}
