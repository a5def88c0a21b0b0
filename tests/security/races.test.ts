import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { flushLinkActivity } from '../../src/services/public-link-state.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import {
  accessTokenOf,
  createLink,
  createShare,
  linkFile,
  openLink,
  patchShare,
  uploadLibrary,
  type SharedLibrary,
} from '../helpers/security-links.js';
import { LONG_LIVED_TOKENS } from '../helpers/shares.js';

/*
 * Races (ASVS 15.4.2 concurrency): hundreds of opens, downloads, batch deletes and PATCHes on
 * one share at once keep every invariant — exact counts, never above a limit, no half-applied
 * batch, and no database busy error (SQLITE_BUSY, a serialization failure) reaching a client.
 */
const CROWD = 200;

function assertNoServerError(responses: LightMyRequestResponse[], what: string) {
  const failed = responses.filter((res) => res.statusCode >= 500);
  assert.equal(failed.length, 0, `${what}: ${failed.length} server errors, e.g. ${failed[0]?.body}`);
  for (const res of responses)
    assert.doesNotMatch(res.body, /SQLITE_BUSY|database is locked|could not serialize|deadlock/i, what);
}

for (const dialect of DIALECTS) {
  describe(`races on one share on ${dialect}`, () => {
    let t: TestApp;
    let owner: TestUser;
    let library: SharedLibrary;

    before(async () => {
      t = await startTestApp(dialect, LONG_LIVED_TOKENS);
      owner = await buildUser(t);
      library = await uploadLibrary(t, owner);
    });
    after(() => t.close());

    const shareRow = (id: string) =>
      t.ctx.db.kysely.selectFrom('shares').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const activityCount = async (id: string, action: string) => {
      await flushLinkActivity(t.ctx);
      const row = await t.ctx.db.kysely
        .selectFrom('share_activity')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('share_id', '=', id)
        .where('action', '=', action as 'accessed')
        .executeTakeFirstOrThrow();
      return Number(row.count);
    };

    it(`never serves a limit of 5 a sixth time, with ${CROWD} visitors and the owner editing meanwhile`, async () => {
      const link = await createLink(t, owner, library.photo.id, { max_access_count: 5 });
      const visits = Array.from({ length: CROWD }, (_, i) =>
        openLink(t, link.public_token, { remoteAddress: `203.0.113.${i % 200}` }),
      );
      const edits = Array.from({ length: 20 }, (_, i) =>
        patchShare(t, owner, link.id, { note: `edit ${i}` }),
      );
      const [opened, edited] = await Promise.all([Promise.all(visits), Promise.all(edits)]);
      assertNoServerError([...opened, ...edited], 'opens and edits');
      assert.equal(opened.filter((res) => res.statusCode === 200).length, 5, 'exactly five visitors got in');
      assert.ok(opened.every((res) => res.statusCode === 200 || res.statusCode === 404));
      assert.ok(
        edited.every((res) => res.statusCode === 200),
        'every edit applied',
      );
      const row = await shareRow(link.id);
      assert.equal(row.access_count, 5);
      assert.equal(await activityCount(link.id, 'accessed'), 5, 'one log entry per access, no more');
    });

    it(`loses no count when ${CROWD} visitors open an unlimited link and download at once`, async () => {
      const link = await createLink(t, owner, library.text.id);
      const accessToken = await accessTokenOf(t, link.public_token);
      const [opened, downloads] = await Promise.all([
        Promise.all(Array.from({ length: CROWD }, () => openLink(t, link.public_token))),
        Promise.all(
          Array.from({ length: 100 }, () =>
            linkFile(t, link.public_token, library.text.id, 'download', { accessToken }),
          ),
        ),
      ]);
      assertNoServerError([...opened, ...downloads], 'opens and downloads');
      assert.ok(opened.every((res) => res.statusCode === 200));
      assert.ok(
        downloads.every((res) => res.statusCode === 200 && res.rawPayload.length === library.text.size_bytes),
      );
      assert.equal((await shareRow(link.id)).access_count, CROWD + 1);
      assert.equal(await activityCount(link.id, 'accessed'), CROWD + 1);
      assert.equal(await activityCount(link.id, 'downloaded'), 100);
    });

    it('applies every one of 100 racing PATCHes exactly once, and a revoke in the middle wins for good', async () => {
      const link = await createLink(t, owner, library.photo.id, { max_access_count: 1000 });
      const before = await shareRow(link.id);
      const patches = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          patchShare(
            t,
            owner,
            link.id,
            i % 2
              ? { max_access_count: 1000 + i }
              : { note: `note ${i}`, permissions: { can_download: i % 4 === 0 } },
          ),
        ),
      );
      assertNoServerError(patches, 'patches');
      assert.ok(
        patches.every((res) => res.statusCode === 200),
        'all applied',
      );
      const after = await shareRow(link.id);
      assert.equal(
        after.state_version,
        before.state_version + 100,
        'each change bumped the version exactly once',
      );
      const maxCounts = patches
        .filter((_, i) => i % 2 === 1)
        .map((res) => res.json<{ max_access_count: number }>().max_access_count);
      assert.ok(
        maxCounts.includes(after.max_access_count ?? -1),
        'the final limit is one that was asked for',
      );

      const mixed = await Promise.all([
        ...Array.from({ length: 30 }, (_, i) => patchShare(t, owner, link.id, { note: `late ${i}` })),
        t.request({ method: 'DELETE', url: `/api/v1/shares/${link.id}`, token: owner.token }),
        ...Array.from({ length: 30 }, () => openLink(t, link.public_token)),
      ]);
      assertNoServerError(mixed, 'patch, revoke and open');
      const final = await shareRow(link.id);
      assert.notEqual(final.revoked_at, null, 'revoked');
      assert.equal((await openLink(t, link.public_token)).statusCode, 404);
      assert.equal(
        (await patchShare(t, owner, link.id, { note: 'after' })).statusCode,
        404,
        'a revoked share cannot be revived by a PATCH',
      );
    });

    it('deletes each racing batch wholly or not at all', async () => {
      const links = await Promise.all(
        Array.from({ length: 30 }, () => createLink(t, owner, library.photo.id)),
      );
      const ids = links.map((link) => link.id);
      // Overlapping batches: at most one of any two that share an id can succeed in full.
      const batches = [
        ids.slice(0, 15),
        ids.slice(10, 25),
        ids.slice(20, 30),
        ids.slice(0, 5),
        ids.slice(25, 30),
      ];
      const results = await Promise.all(
        batches.map((share_ids) =>
          t.request({
            method: 'POST',
            url: '/api/v1/shares/batch/delete',
            token: owner.token,
            payload: { share_ids },
          }),
        ),
      );
      assertNoServerError(results, 'batch deletes');
      const revoked = new Set(
        (
          await t.ctx.db.kysely
            .selectFrom('shares')
            .select(['id', 'revoked_at'])
            .where('id', 'in', ids)
            .execute()
        )
          .filter((row) => row.revoked_at !== null)
          .map((row) => row.id),
      );
      const succeeded = new Set<string>();
      results.forEach((res, i) => {
        if (res.statusCode === 200) {
          assert.equal(res.json().deleted, batches[i]!.length);
          for (const id of batches[i]!) succeeded.add(id);
        } else {
          assert.equal(res.statusCode, 403, `batch ${i}: ${res.statusCode} ${res.body}`);
        }
      });
      assert.ok(
        results.some((res) => res.statusCode === 200),
        'some batch went through',
      );
      assert.deepEqual(
        [...revoked].sort(),
        [...succeeded].sort(),
        'revoked exactly the ids of the batches that answered 200',
      );
    });

    it('keeps one live share per recipient when the same share is created 50 times at once', async () => {
      const recipient = await buildUser(t);
      const results = await Promise.all(
        Array.from({ length: 50 }, () =>
          t.request({
            method: 'POST',
            url: '/api/v1/shares',
            token: owner.token,
            payload: {
              target_type: 'media',
              target_id: library.svg.id,
              recipient_type: 'user',
              recipient_user_id: recipient.id,
            },
          }),
        ),
      );
      assertNoServerError(results, 'duplicate creates');
      assert.equal(results.filter((res) => res.statusCode === 200).length, 1, 'one created');
      assert.ok(
        results.every((res) => res.statusCode === 200 || res.statusCode === 400 || res.statusCode === 409),
      );
      const live = await t.ctx.db.kysely
        .selectFrom('shares')
        .select('id')
        .where('target_id', '=', library.svg.id)
        .where('recipient_user_id', '=', recipient.id)
        .where('revoked_at', 'is', null)
        .execute();
      assert.equal(live.length, 1);
      // And it really shares: the recipient sees the item.
      await createShare(t, owner, {
        target_type: 'media',
        target_id: library.html.id,
        recipient_type: 'user',
        recipient_user_id: recipient.id,
      });
      assert.equal(
        (await t.request({ method: 'GET', url: `/api/v1/media/${library.svg.id}`, token: recipient.token }))
          .statusCode,
        200,
      );
    });
  });
}
