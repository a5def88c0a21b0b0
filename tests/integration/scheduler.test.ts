import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runDueWork } from '../../src/jobs/scheduler.js';
import { newId } from '../../src/lib/ids.js';
import { sha256 } from '../../src/lib/secrets.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { startTwinApp } from '../helpers/app-twin.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import { insertLink, insertShare, insertStoredMedia } from '../helpers/links.js';

const HOUR = 60 * 60 * 1000;

/**
 * Two apps' passes at once. On PostgreSQL they truly overlap. Two embedded SQLite handles in
 * one process cannot (each statement blocks the thread while it waits for the other's lock),
 * so there they run one after the other, as two processes' passes would be serialised anyway.
 */
async function bothAtOnce(dialect: string, first: () => Promise<unknown>, second: () => Promise<unknown>) {
  if (dialect === 'postgres') await Promise.all([first(), second()]);
  else {
    await first();
    await second();
  }
}

for (const dialect of DIALECTS) {
  describe(`scheduled work on ${dialect}`, () => {
    let t: TestApp;
    let owner: TestUser;
    before(async () => {
      t = await startTestApp(dialect);
      owner = await buildUser(t);
    });
    after(() => t.close());

    const inHours = (hours: number) => new Date(t.clock.now().getTime() + hours * HOUR).toISOString();

    const expiringNotices = (shareId: string) =>
      t.ctx.db.kysely
        .selectFrom('notifications')
        .selectAll()
        .where('share_id', '=', shareId)
        .where('notification_type', '=', 'share_expiring')
        .execute();

    it('warns each recipient once, a day before a user or group share expires', async () => {
      const reader = await buildUser(t, { role: 'viewer' });
      const memberA = await buildUser(t, { role: 'viewer' });
      const memberB = await buildUser(t, { role: 'viewer' });
      const groupId = newId();
      const now = t.clock.now().toISOString();
      await t.ctx.db.kysely
        .insertInto('groups')
        .values({ id: groupId, name: `g-${groupId}`, description: null, created_at: now, updated_at: now })
        .execute();
      await t.ctx.db.kysely
        .insertInto('group_members')
        .values(
          [memberA, memberB, owner].map((user) => ({ group_id: groupId, user_id: user.id, added_at: now })),
        )
        .execute();

      const media = await insertStoredMedia(t, owner.id, { title: 'Soon gone' });
      const soon = await insertShare(t, owner.id, {
        target_id: media.id,
        user_id: reader.id,
        expires_at: inHours(23),
      });
      const later = await insertShare(t, owner.id, {
        target_id: media.id,
        user_id: memberA.id,
        expires_at: inHours(30),
      });
      const group = await insertShare(t, owner.id, {
        target_id: media.id,
        group_id: groupId,
        expires_at: inHours(12),
      });
      const link = await insertLink(t, owner.id, { target_id: media.id, expires_at: inHours(2) });

      await runDueWork(t.ctx);
      const direct = await expiringNotices(soon.id);
      assert.equal(direct.length, 1);
      assert.equal(direct[0]?.user_id, reader.id);
      assert.match(direct[0]?.message ?? '', /Soon gone/);
      assert.equal((await expiringNotices(later.id)).length, 0);
      const members = (await expiringNotices(group.id)).map((row) => row.user_id).sort();
      assert.deepEqual(members, [memberA.id, memberB.id].sort());
      assert.equal((await expiringNotices(link.share.id)).length, 0);

      // Again, and from a fresh app instance over the same data: nothing new.
      await runDueWork(t.ctx);
      const twin = await startTwinApp(t);
      try {
        await runDueWork(twin.ctx);
        await bothAtOnce(
          dialect,
          () => runDueWork(t.ctx),
          () => runDueWork(twin.ctx),
        );
      } finally {
        await twin.close();
      }
      assert.equal((await expiringNotices(soon.id)).length, 1);
      assert.equal((await expiringNotices(group.id)).length, 2);

      // The later share enters its last day: now it is warned about, once.
      t.clock.advance(7 * HOUR);
      await runDueWork(t.ctx);
      await runDueWork(t.ctx);
      assert.equal((await expiringNotices(later.id)).length, 1);
    });

    it('does not warn about shares already expired or revoked', async () => {
      const reader = await buildUser(t, { role: 'viewer' });
      const media = await insertStoredMedia(t, owner.id);
      const expired = await insertShare(t, owner.id, {
        target_id: media.id,
        user_id: reader.id,
        expires_at: inHours(-1),
      });
      const revoked = await insertShare(t, owner.id, {
        target_id: (await insertStoredMedia(t, owner.id)).id,
        user_id: reader.id,
        expires_at: inHours(3),
      });
      await t.ctx.db.kysely
        .updateTable('shares')
        .set({ revoked_at: t.clock.now().toISOString() })
        .where('id', '=', revoked.id)
        .execute();
      await runDueWork(t.ctx);
      assert.equal((await expiringNotices(expired.id)).length, 0);
      assert.equal((await expiringNotices(revoked.id)).length, 0);
    });

    it('logs the expiry of each share once', async () => {
      const reader = await buildUser(t, { role: 'viewer' });
      const media = await insertStoredMedia(t, owner.id);
      const share = await insertShare(t, owner.id, {
        target_id: media.id,
        user_id: reader.id,
        expires_at: inHours(1),
      });
      const link = await insertLink(t, owner.id, { target_id: media.id, expires_at: inHours(2) });
      const expiredEntries = (shareId: string) =>
        t.ctx.db.kysely
          .selectFrom('share_activity')
          .selectAll()
          .where('share_id', '=', shareId)
          .where('action', '=', 'expired')
          .execute();

      await runDueWork(t.ctx);
      assert.equal((await expiredEntries(share.id)).length, 0);

      t.clock.advance(3 * HOUR);
      const twin = await startTwinApp(t);
      try {
        await bothAtOnce(
          dialect,
          () => runDueWork(t.ctx),
          () => runDueWork(twin.ctx),
        );
        await runDueWork(twin.ctx);
      } finally {
        await twin.close();
      }
      await runDueWork(t.ctx);
      const entries = await expiredEntries(share.id);
      assert.equal(entries.length, 1);
      assert.equal(entries[0]?.created_at, share.expires_at);
      assert.equal(entries[0]?.actor_id, null);
      assert.equal((await expiredEntries(link.share.id)).length, 1);
      const row = await t.ctx.db.kysely
        .selectFrom('shares')
        .select('expired_logged_at')
        .where('id', '=', share.id)
        .executeTakeFirstOrThrow();
      assert.ok(row.expired_logged_at);
    });

    it('deletes spent refresh tokens older than a day and expired sessions', async () => {
      const user = await buildUser(t);
      const now = t.clock.now().getTime();
      const iso = (offset: number) => new Date(now + offset).toISOString();
      const live = newId();
      const stale = newId();
      await t.ctx.db.kysely
        .insertInto('sessions')
        .values([
          {
            id: live,
            user_id: user.id,
            user_agent: null,
            ip: null,
            created_at: iso(-HOUR),
            last_used_at: iso(-HOUR),
            expires_at: iso(HOUR * 24),
            revoked_at: null,
          },
          {
            id: stale,
            user_id: user.id,
            user_agent: null,
            ip: null,
            created_at: iso(-HOUR * 48),
            last_used_at: iso(-HOUR * 48),
            expires_at: iso(-HOUR),
            revoked_at: null,
          },
        ])
        .execute();
      const token = (id: string, session: string, usedAt: string | null) => ({
        id,
        session_id: session,
        token_hash: sha256(id),
        created_at: iso(-HOUR * 30),
        used_at: usedAt,
      });
      const oldSpent = newId();
      const recentSpent = newId();
      const unspent = newId();
      const ofStale = newId();
      await t.ctx.db.kysely
        .insertInto('refresh_tokens')
        .values([
          token(oldSpent, live, iso(-HOUR * 25)),
          token(recentSpent, live, iso(-HOUR)),
          token(unspent, live, null),
          token(ofStale, stale, null),
        ])
        .execute();

      const report = await runDueWork(t.ctx);
      assert.ok(report.refreshTokensDeleted >= 1);
      assert.ok(report.sessionsDeleted >= 1);
      const remaining = (
        await t.ctx.db.kysely
          .selectFrom('refresh_tokens')
          .select('id')
          .where('id', 'in', [oldSpent, recentSpent, unspent, ofStale])
          .execute()
      )
        .map((row) => row.id)
        .sort();
      assert.deepEqual(remaining, [recentSpent, unspent].sort());
      const sessions = (
        await t.ctx.db.kysely.selectFrom('sessions').select('id').where('id', 'in', [live, stale]).execute()
      ).map((row) => row.id);
      assert.deepEqual(sessions, [live]);
      // The user's own live session still works.
      const me = await t.request({ method: 'GET', url: '/api/v1/auth/me', token: user.token });
      assert.equal(me.statusCode, 200);
    });
  });
}
