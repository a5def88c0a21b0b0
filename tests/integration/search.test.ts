import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import { findShare, insertMedia, insertShare, UNKNOWN_ID } from '../helpers/library.js';

for (const dialect of DIALECTS) {
  describe(`search and saved searches on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
    });
    after(() => t.close());

    async function search(user: TestUser, query: string): Promise<string[]> {
      const res = await t.request({ method: 'GET', url: `/api/v1/search?${query}`, token: user.token });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['x-total-count'], String(res.json().length));
      return res.json().map((item: { id: string }) => item.id);
    }
    const q = (text: string) => `q=${encodeURIComponent(text)}`;

    async function saveSearch(user: TestUser, name: string, query: string) {
      t.clock.advance(1000);
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/searches',
        token: user.token,
        payload: { name, query },
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<{ id: string; name: string; query: string; owner_id: string; updated_at: string }>();
    }

    it('requires authentication', async () => {
      for (const [method, url] of [
        ['GET', '/api/v1/search?q=x'],
        ['GET', '/api/search?q=x'],
        ['POST', '/api/v1/searches'],
        ['GET', '/api/v1/searches'],
        ['GET', `/api/v1/searches/${UNKNOWN_ID}`],
        ['PATCH', `/api/v1/searches/${UNKNOWN_ID}`],
        ['DELETE', `/api/v1/searches/${UNKNOWN_ID}`],
        ['GET', `/api/v1/searches/${UNKNOWN_ID}/results`],
      ] as const) {
        const res = await t.request({
          method,
          url,
          payload: method === 'POST' || method === 'PATCH' ? {} : undefined,
        });
        assert.equal(res.statusCode, 401, `${method} ${url}`);
      }
    });

    it('finds words in title, file name, description, tags, metadata and text content', async () => {
      const user = await buildUser(t);
      const tag = await t.request({
        method: 'POST',
        url: '/api/v1/tags',
        token: user.token,
        payload: { name: 'Wanderlust' },
      });
      const byTitle = await insertMedia(t, user.id, {
        title: 'Northern lights over Tromsø',
        file_name: 'img_001.jpg',
      });
      const byFile = await insertMedia(t, user.id, {
        title: 'Untitled',
        file_name: 'grandmother-birthday_party.jpg',
      });
      const accented = await insertMedia(t, user.id, { title: 'Café Überraschung', file_name: 'c.jpg' });
      const byDescription = await insertMedia(t, user.id, {
        title: 'Scan',
        file_name: 'scan.jpg',
        description: 'A handwritten recipe for pierogi',
      });
      const byTag = await insertMedia(t, user.id, {
        title: 'Trip',
        file_name: 'trip.jpg',
        tagIds: [tag.json().id],
      });
      const byMetadata = await insertMedia(t, user.id, {
        title: 'Track 01',
        file_name: 'track01.mp3',
        media_type: 'audio',
        mime_type: 'audio/mpeg',
        metadata: { artist: 'Fixture Band', album: { name: 'Deep Cuts' }, year: 2024 },
      });
      const byContent = await insertMedia(t, user.id, {
        title: 'Readme',
        file_name: 'readme.txt',
        media_type: 'text',
        mime_type: 'text/plain',
        content: 'Instructions for the flux capacitor.',
      });

      assert.deepEqual(await search(user, q('northern')), [byTitle.id]);
      assert.deepEqual(await search(user, q('tromso')), [byTitle.id], 'diacritics are folded');
      assert.deepEqual(await search(user, q('tromsø')), [byTitle.id]);
      assert.deepEqual(await search(user, q('cafe uberr')), [accented.id]);
      assert.deepEqual(await search(user, q('CAFÉ')), [accented.id]);
      assert.deepEqual(await search(user, q('GRANDMOTHER party')), [byFile.id]);
      assert.deepEqual(await search(user, q('pierogi')), [byDescription.id]);
      assert.deepEqual(await search(user, q('wanderlust')), [byTag.id]);
      assert.deepEqual(await search(user, q('fixture band')), [byMetadata.id]);
      assert.deepEqual(await search(user, q('"Fixture Band"')), [byMetadata.id]);
      assert.deepEqual(await search(user, q('deep cuts')), [byMetadata.id]);
      assert.deepEqual(await search(user, q('2024')), [byMetadata.id]);
      assert.deepEqual(await search(user, q('capacitor')), [byContent.id]);
      // Every word must match.
      assert.deepEqual(await search(user, q('fixture pierogi')), []);
      // Filter by type.
      assert.deepEqual(await search(user, `${q('fixture')}&type=audio`), [byMetadata.id]);
      assert.deepEqual(await search(user, `${q('fixture')}&type=image`), []);
    });

    it('matches word prefixes', async () => {
      const user = await buildUser(t);
      const aurora = await insertMedia(t, user.id, { title: 'Aurora borealis', file_name: 'a.jpg' });
      await insertMedia(t, user.id, { title: 'Restaurant', file_name: 'b.jpg' });
      assert.deepEqual(await search(user, q('auro')), [aurora.id]);
      assert.deepEqual(await search(user, q('au bor')), [aurora.id]);
      // Prefixes of words, not any substring.
      assert.deepEqual(await search(user, q('rora')), []);
    });

    it('never returns other users’ media, shared or not', async () => {
      const owner = await buildUser(t);
      const other = await buildUser(t);
      const mine = await insertMedia(t, owner.id, { title: 'Kangaroo on the beach' });
      const theirs = await insertMedia(t, other.id, { title: 'Kangaroo in the bush' });
      await insertShare(t, {
        ownerId: other.id,
        targetType: 'media',
        targetId: theirs.id,
        recipientUserId: owner.id,
      });
      assert.deepEqual(await search(owner, q('kangaroo')), [mine.id]);
      assert.deepEqual(await search(other, q('kangaroo')), [theirs.id]);
    });

    it('ranks by relevance, pages and counts', async () => {
      const user = await buildUser(t);
      const strong = await insertMedia(t, user.id, {
        title: 'Zebra zebra zebra',
        file_name: 'zebra.jpg',
        description: 'zebra',
      });
      const weak = await insertMedia(t, user.id, {
        title: 'Savanna',
        file_name: 'savanna.jpg',
        description:
          'Wide grasslands with acacia trees, giraffes, elephants, lions, antelopes, a distant zebra and plenty of dust',
      });
      assert.deepEqual(await search(user, q('zebra')), [strong.id, weak.id]);

      const page = await t.request({
        method: 'GET',
        url: `/api/search?${q('zebra')}&limit=1&offset=1`,
        token: user.token,
      });
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['x-total-count'], '2');
      assert.deepEqual(
        page.json().map((item: { id: string }) => item.id),
        [weak.id],
      );
      assert.deepEqual(page.json()[0].tags, []);
      assert.equal('search_text' in page.json()[0], false);
    });

    it('refuses missing, empty, wordless and oversized queries and bad paging', async () => {
      const user = await buildUser(t);
      for (const query of [
        '',
        'q=',
        q('!!! ??? ...'),
        q('x'.repeat(201)),
        `${q('ok')}&limit=0`,
        `${q('ok')}&limit=201`,
        `${q('ok')}&type=spreadsheet`,
        `${q('ok')}&owner=${UNKNOWN_ID}`,
      ]) {
        const res = await t.request({ method: 'GET', url: `/api/v1/search?${query}`, token: user.token });
        assert.equal(res.statusCode, 400, query.slice(0, 40));
        assert.equal(res.json().error, 'bad_request');
      }
      const wordless = await t.request({
        method: 'GET',
        url: `/api/v1/search?${q('***')}`,
        token: user.token,
      });
      assert.deepEqual(wordless.json().details, [{ field: 'q', message: 'has no words to search for' }]);
    });

    it('treats query syntax as plain words', async () => {
      const user = await buildUser(t);
      const item = await insertMedia(t, user.id, { title: 'Report NEAR final OR draft' });
      for (const text of [
        'near(final',
        'report*',
        '"report',
        'final:* & draft',
        'report -draft',
        "o'reilly report",
      ]) {
        const res = await t.request({ method: 'GET', url: `/api/v1/search?${q(text)}`, token: user.token });
        assert.equal(res.statusCode, 200, text);
      }
      assert.deepEqual(await search(user, q('report*')), [item.id]);
    });

    it('saves searches and lists them newest first', async () => {
      const user = await buildUser(t);
      const other = await buildUser(t);
      const first = await saveSearch(user, '  Cats ', ' cat  ');
      assert.equal(first.name, 'Cats');
      assert.equal(first.query, 'cat');
      assert.equal(first.owner_id, user.id);
      const second = await saveSearch(user, 'Dogs', 'dog');
      await saveSearch(other, 'Not mine', 'bird');

      const list = await t.request({ method: 'GET', url: '/api/searches', token: user.token });
      assert.equal(list.statusCode, 200);
      assert.equal(list.headers['x-total-count'], '2');
      assert.deepEqual(
        list.json().map((s: { id: string }) => s.id),
        [second.id, first.id],
      );
      const paged = await t.request({
        method: 'GET',
        url: '/api/v1/searches?offset=1&limit=1',
        token: user.token,
      });
      assert.deepEqual(
        paged.json().map((s: { id: string }) => s.id),
        [first.id],
      );
      for (const query of ['limit=0', 'limit=201']) {
        assert.equal(
          (await t.request({ method: 'GET', url: `/api/v1/searches?${query}`, token: user.token }))
            .statusCode,
          400,
        );
      }
    });

    it('refuses bad saved-search bodies with 400', async () => {
      const user = await buildUser(t);
      for (const payload of [
        {},
        { name: 'x' },
        { name: '', query: 'cat' },
        { name: '   ', query: 'cat' },
        { name: 'x', query: '' },
        { name: 'x', query: '?!' },
        { name: 'x', query: 'q'.repeat(201) },
        { name: 'n'.repeat(201), query: 'cat' },
        { name: 'x', query: 'cat', shared: true },
      ]) {
        const res = await t.request({ method: 'POST', url: '/api/v1/searches', token: user.token, payload });
        assert.equal(res.statusCode, 400, JSON.stringify(payload).slice(0, 60));
      }
    });

    it('shows, changes and deletes a saved search for its owner; recipients only look', async () => {
      const owner = await buildUser(t);
      const recipient = await buildUser(t);
      const stranger = await buildUser(t);
      const saved = await saveSearch(owner, 'Sunsets', 'sunset');
      const share = await insertShare(t, {
        ownerId: owner.id,
        targetType: 'saved_search',
        targetId: saved.id,
        recipientUserId: recipient.id,
      });

      assert.equal(
        (await t.request({ method: 'GET', url: `/api/v1/searches/${saved.id}`, token: owner.token }))
          .statusCode,
        200,
      );
      const seen = await t.request({
        method: 'GET',
        url: `/api/v1/searches/${saved.id}`,
        token: recipient.token,
      });
      assert.equal(seen.statusCode, 200);
      assert.equal(seen.json().query, 'sunset');
      for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
        const res = await t.request({
          method,
          url: `/api/v1/searches/${saved.id}`,
          token: stranger.token,
          payload: method === 'PATCH' ? { name: 'mine' } : undefined,
        });
        assert.equal(res.statusCode, 404, method);
      }
      assert.equal(
        (await t.request({ method: 'GET', url: '/api/v1/searches/abc', token: owner.token })).statusCode,
        404,
      );

      const recipientPatch = await t.request({
        method: 'PATCH',
        url: `/api/v1/searches/${saved.id}`,
        token: recipient.token,
        payload: { query: 'anything' },
      });
      assert.equal(recipientPatch.statusCode, 403);

      t.clock.advance(1000);
      const patched = await t.request({
        method: 'PATCH',
        url: `/api/v1/searches/${saved.id}`,
        token: owner.token,
        payload: { query: 'sunrise' },
      });
      assert.equal(patched.statusCode, 200);
      assert.equal(patched.json().query, 'sunrise');
      assert.equal(patched.json().name, 'Sunsets');
      assert.notEqual(patched.json().updated_at, saved.updated_at);
      for (const payload of [{}, { query: '..' }, { name: '' }, { colour: 'red' }]) {
        const bad = await t.request({
          method: 'PATCH',
          url: `/api/v1/searches/${saved.id}`,
          token: owner.token,
          payload,
        });
        assert.equal(bad.statusCode, 400, JSON.stringify(payload));
      }

      assert.equal(
        (await t.request({ method: 'DELETE', url: `/api/v1/searches/${saved.id}`, token: recipient.token }))
          .statusCode,
        403,
      );
      const deleted = await t.request({
        method: 'DELETE',
        url: `/api/v1/searches/${saved.id}`,
        token: owner.token,
      });
      assert.equal(deleted.statusCode, 204);
      assert.ok((await findShare(t, share.id))?.revoked_at, 'its shares are revoked');
      assert.equal(
        (await t.request({ method: 'GET', url: `/api/v1/searches/${saved.id}`, token: owner.token }))
          .statusCode,
        404,
      );
    });

    it('runs a saved search over its owner’s media, for the owner and for recipients it reaches', async () => {
      const owner = await buildUser(t);
      const recipient = await buildUser(t, { role: 'viewer' });
      const narrow = await buildUser(t);
      const stranger = await buildUser(t);
      const older = await insertMedia(t, owner.id, { title: 'Lighthouse at dusk' });
      await insertMedia(t, owner.id, { title: 'Harbour' });
      await insertMedia(t, recipient.id, { title: 'Lighthouse of the recipient' });
      const saved = await saveSearch(owner, 'Lighthouses', 'lighthouse');
      await insertShare(t, {
        ownerId: owner.id,
        targetType: 'saved_search',
        targetId: saved.id,
        recipientUserId: recipient.id,
      });
      await insertShare(t, {
        ownerId: owner.id,
        targetType: 'saved_search',
        targetId: saved.id,
        recipientUserId: narrow.id,
        inheritToChildren: false,
      });
      // Results are computed when asked: a newer match shows up.
      const newer = await insertMedia(t, owner.id, { title: 'Another lighthouse' });

      for (const user of [owner, recipient]) {
        const res = await t.request({
          method: 'GET',
          url: `/api/v1/searches/${saved.id}/results`,
          token: user.token,
        });
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['x-total-count'], '2');
        assert.deepEqual(
          res.json().map((item: { id: string }) => item.id),
          [newer.id, older.id],
        );
      }
      const paged = await t.request({
        method: 'GET',
        url: `/api/v1/searches/${saved.id}/results?offset=1&limit=1`,
        token: owner.token,
      });
      assert.deepEqual(
        paged.json().map((item: { id: string }) => item.id),
        [older.id],
      );

      const denied = await t.request({
        method: 'GET',
        url: `/api/v1/searches/${saved.id}/results`,
        token: narrow.token,
      });
      assert.equal(denied.statusCode, 403);
      const hidden = await t.request({
        method: 'GET',
        url: `/api/v1/searches/${saved.id}/results`,
        token: stranger.token,
      });
      assert.equal(hidden.statusCode, 404);
      const badLimit = await t.request({
        method: 'GET',
        url: `/api/v1/searches/${saved.id}/results?limit=0`,
        token: owner.token,
      });
      assert.equal(badLimit.statusCode, 400);
    });
  });
}
