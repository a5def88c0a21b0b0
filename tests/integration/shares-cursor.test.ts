import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { flushLinkActivity } from '../../src/services/public-link-state.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import { buildShare, insertGroup, insertMedia, LONG_LIVED_TOKENS } from '../helpers/shares.js';

/*
 * Keyset paging of the newest-first lists (outgoing, incoming, a share's log): walking every
 * page by X-Next-Cursor returns each item exactly once, in the order offset paging gives, with
 * ties on created_at broken by id; cursors that were not handed out are a 400.
 */
interface Listed {
  id: string;
  created_at?: string;
  timestamp?: string;
}

for (const dialect of DIALECTS) {
  describe(`cursor paging of share lists on ${dialect}`, () => {
    let t: TestApp;
    let owner: TestUser;
    let recipient: TestUser;
    let others: TestUser[];
    let linkId: string;

    before(async () => {
      t = await startTestApp(dialect, LONG_LIVED_TOKENS);
      owner = await buildUser(t);
      recipient = await buildUser(t);
      others = [await buildUser(t), await buildUser(t)];
      const groupA = await insertGroup(t, [recipient.id, others[0]!.id]);
      const groupB = await insertGroup(t, [recipient.id]);
      const foreignGroup = await insertGroup(t, [others[1]!.id]);

      // Twelve shares made in the same millisecond: only their ids order them.
      const media = [];
      for (let i = 0; i < 12; i += 1) media.push(await insertMedia(t, owner.id));
      for (const item of media.slice(0, 6)) await buildShare(t, owner, { target_id: item.id, to: recipient });
      for (const item of media.slice(6))
        await buildShare(t, owner, { target_id: item.id, to: { groupId: groupA } });
      // Then shares a second apart, to users, groups and links, from several owners.
      for (let i = 0; i < 14; i += 1) {
        t.clock.advance(1000);
        const to = i % 3 === 0 ? recipient : i % 3 === 1 ? { groupId: groupB } : ('link' as const);
        await buildShare(t, owner, { to });
        await buildShare(t, others[i % 2]!, { to: i % 2 === 0 ? { groupId: groupA } : recipient });
      }
      // Never incoming: expired, revoked, to a group the recipient is not in, and their own.
      await buildShare(t, owner, { to: recipient, expires_in_hours: 1 });
      const revoked = await buildShare(t, others[0]!, { to: recipient });
      await t.request({ method: 'DELETE', url: `/api/v1/shares/${revoked.id}`, token: others[0]!.token });
      await buildShare(t, owner, { to: { groupId: foreignGroup } });
      await buildShare(t, recipient, { to: { groupId: groupA } });
      t.clock.advance(2 * 3600 * 1000);

      const link = await buildShare(t, owner, { to: 'link' });
      linkId = link.id;
      for (let i = 0; i < 23; i += 1) {
        const opened = await t.request({
          method: 'GET',
          url: `/api/v1/shared/${link.public_token}`,
          remoteAddress: `198.51.100.${i}`,
        });
        assert.equal(opened.statusCode, 200);
        if (i % 4 === 0) t.clock.advance(1000);
      }
      await flushLinkActivity(t.ctx);
    });
    after(() => t.close());

    const get = (user: TestUser, url: string) => t.request({ method: 'GET', url, token: user.token });

    async function walkByCursor(user: TestUser, path: string, limit: number) {
      const seen: Listed[] = [];
      let cursor: string | undefined;
      const totals = new Set<number>();
      for (let pages = 0; pages < 100; pages += 1) {
        const url = `${path}?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const res = await get(user, url);
        assert.equal(res.statusCode, 200, res.body);
        const items = res.json<Listed[]>();
        seen.push(...items);
        totals.add(Number(res.headers['x-total-count']));
        const next = res.headers['x-next-cursor'];
        if (next === undefined) {
          assert.ok(items.length <= limit);
          return { seen, totals };
        }
        assert.equal(typeof next, 'string');
        assert.equal(items.length, limit, 'a page that has a next page is full');
        cursor = String(next);
      }
      throw new Error('the walk did not end');
    }

    async function walkByOffset(user: TestUser, path: string, limit: number) {
      const seen: Listed[] = [];
      for (let offset = 0; ; offset += limit) {
        const res = await get(user, `${path}?limit=${limit}&offset=${offset}`);
        assert.equal(res.statusCode, 200, res.body);
        const items = res.json<Listed[]>();
        seen.push(...items);
        if (items.length < limit) return seen;
      }
    }

    const timeOf = (item: Listed) => item.created_at ?? item.timestamp ?? '';

    async function assertWalksAgree(user: TestUser, path: string, expectedTotal: number) {
      const everything = (await get(user, `${path}?limit=200`)).json<Listed[]>();
      assert.equal(everything.length, expectedTotal);
      for (let i = 1; i < everything.length; i += 1) {
        const [a, b] = [everything[i - 1]!, everything[i]!];
        const ordered = timeOf(a) > timeOf(b) || (timeOf(a) === timeOf(b) && a.id > b.id);
        assert.ok(ordered, `newest first, ties by id descending: ${a.id} before ${b.id}`);
      }
      for (const limit of [1, 4, 7, expectedTotal, expectedTotal + 5]) {
        const { seen, totals } = await walkByCursor(user, path, limit);
        assert.deepEqual([...totals], [expectedTotal], 'X-Total-Count on every page');
        assert.deepEqual(
          seen.map((item) => item.id),
          everything.map((item) => item.id),
          `cursor walk with limit ${limit}`,
        );
        assert.equal(new Set(seen.map((item) => item.id)).size, seen.length, 'no item twice');
        const byOffset = await walkByOffset(user, path, limit);
        assert.deepEqual(
          byOffset.map((item) => item.id),
          seen.map((item) => item.id),
          `offset walk with limit ${limit}`,
        );
      }
    }

    it('walks the outgoing list, ties included, exactly as offset paging does', async () => {
      const total = Number((await get(owner, '/api/v1/shares/outgoing?limit=1')).headers['x-total-count']);
      assert.equal(total, 6 + 6 + 14 + 3);
      await assertWalksAgree(owner, '/api/v1/shares/outgoing', total);
    });

    it('walks the incoming list (direct and group shares, nothing expired, revoked or own)', async () => {
      await assertWalksAgree(recipient, '/api/v1/shares/incoming', 6 + 6 + 5 + 5 + 7 + 7);
    });

    it("walks a share's log", async () => {
      await assertWalksAgree(owner, `/api/v1/shares/${linkId}/activity`, 1 + 23);
    });

    it('continues from a cursor of an offset page', async () => {
      const all = (await get(owner, '/api/v1/shares/outgoing?limit=200')).json<Listed[]>();
      const page = await get(owner, '/api/v1/shares/outgoing?limit=5&offset=10');
      const next = await get(
        owner,
        `/api/v1/shares/outgoing?limit=5&cursor=${encodeURIComponent(String(page.headers['x-next-cursor']))}`,
      );
      assert.deepEqual(
        next.json<Listed[]>().map((item) => item.id),
        all.slice(15, 20).map((item) => item.id),
      );
    });

    it('refuses cursors it did not hand out, and a cursor with an offset', async () => {
      const first = await get(owner, '/api/v1/shares/outgoing?limit=2');
      assert.ok(first.headers['x-next-cursor'], 'a cursor to build the forgeries from');
      const good = String(first.headers['x-next-cursor']);
      const encode = (text: string) => Buffer.from(text).toString('base64url');
      const bad = [
        'not-a-cursor',
        encode('2026-01-01T00:00:00.000Z'),
        encode('2026-01-01T00:00:00.000Z 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b extra'),
        encode('yesterday 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'),
        encode("2026-01-01T00:00:00.000Z ' or 1=1 --"),
        encode('2026-13-45T00:00:00.000Z 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'),
        `${good}A`,
        'x'.repeat(500),
        '%00',
      ];
      for (const path of [
        '/api/v1/shares/outgoing',
        '/api/v1/shares/incoming',
        `/api/v1/shares/${linkId}/activity`,
      ]) {
        for (const cursor of bad) {
          const res = await get(owner, `${path}?cursor=${encodeURIComponent(cursor)}`);
          assert.equal(res.statusCode, 400, `${path} ${cursor}: ${res.body}`);
          assert.equal(res.json().error, 'bad_request');
        }
        const both = await get(owner, `${path}?offset=5&cursor=${encodeURIComponent(good)}`);
        assert.equal(both.statusCode, 400, both.body);
      }
    });

    it('treats a cursor as a position only: someone else’s cursor shows them nothing of the owner’s', async () => {
      const owners = await get(owner, '/api/v1/shares/outgoing?limit=2');
      const cursor = encodeURIComponent(String(owners.headers['x-next-cursor']));
      const mine = (await get(recipient, '/api/v1/shares/outgoing?limit=100')).json<Listed[]>();
      const borrowed = await get(recipient, `/api/v1/shares/outgoing?limit=100&cursor=${cursor}`);
      assert.equal(borrowed.statusCode, 200, borrowed.body);
      const theirs = new Set(mine.map((item) => item.id));
      assert.ok(theirs.size > 0, 'the caller has shares of their own to page through');
      assert.ok(
        borrowed.json<Listed[]>().every((item) => theirs.has(item.id)),
        'only the caller’s own shares',
      );
      const ownerIds = new Set(owners.json<Listed[]>().map((item) => item.id));
      assert.ok(borrowed.json<Listed[]>().every((item) => !ownerIds.has(item.id)));

      // A share's log stays its owner's, cursor or not.
      const log = await get(owner, `/api/v1/shares/${linkId}/activity?limit=2`);
      const logCursor = encodeURIComponent(String(log.headers['x-next-cursor']));
      const stranger = await get(others[1]!, `/api/v1/shares/${linkId}/activity?cursor=${logCursor}`);
      assert.equal(stranger.statusCode, 403, stranger.body);
    });
  });
}
