import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hashPassword, verifyPassword } from '../../src/lib/passwords.js';
import { constantTimeEqual, randomToken, sha256 } from '../../src/lib/secrets.js';
import { flushLinkActivity } from '../../src/services/public-link-state.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import { startInstrumentedApp, type InstrumentedTestApp } from '../helpers/security.js';
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

/*
 * Secrets (ASVS 11.5.1 CSPRNG tokens, 11.4.2 password hashing, 11.2.4 constant-time compare,
 * 14.2.1 no secrets in URLs kept anywhere, 16.2.5 no secrets in logs): link tokens are random
 * (>= 128 bits, unique, unrelated to ids or time), passwords exist only as Argon2id hashes and
 * never leave the server, and a whole link session leaves no secret in the log.
 */
const LINK_PASSWORD = 'the-link-password-42';
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Shannon entropy per character of a string set, from character frequencies. */
function entropyPerChar(samples: string[]): number {
  const counts = new Map<string, number>();
  let total = 0;
  for (const sample of samples)
    for (const character of sample) {
      counts.set(character, (counts.get(character) ?? 0) + 1);
      total += 1;
    }
  let entropy = 0;
  for (const count of counts.values()) entropy -= (count / total) * Math.log2(count / total);
  return entropy;
}

describe('secret primitives', () => {
  it('makes URL-safe tokens of 256 bits that never repeat', () => {
    const tokens = Array.from({ length: 20_000 }, () => randomToken());
    assert.equal(new Set(tokens).size, tokens.length);
    for (const token of tokens.slice(0, 100)) {
      assert.match(token, BASE64URL);
      assert.equal(Buffer.from(token, 'base64url').length, 32);
    }
    // Near the 6 bits a base64url character can carry (a counter or a timestamp would be far below).
    assert.ok(entropyPerChar(tokens) > 5.9, `entropy per character ${entropyPerChar(tokens)}`);
  });

  it('compares secrets by value alone, whatever their lengths', () => {
    assert.equal(constantTimeEqual('secret', 'secret'), true);
    assert.equal(constantTimeEqual('secret', 'secreT'), false);
    assert.equal(constantTimeEqual('secret', 'secret-longer'), false);
    assert.equal(constantTimeEqual('', ''), true);
    assert.equal(constantTimeEqual('', 'x'), false);
  });

  it('hashes passwords with Argon2id at no less than OWASP cost, salted', async () => {
    const first = await hashPassword('correct horse');
    const second = await hashPassword('correct horse');
    assert.match(first, /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/);
    const [, memory, time] = /m=(\d+),t=(\d+)/.exec(first) ?? [];
    assert.ok(Number(memory) >= 19456 && Number(time) >= 2, first);
    assert.notEqual(first, second, 'salted');
    assert.equal(await verifyPassword(first, 'correct horse'), true);
    assert.equal(await verifyPassword(first, 'correct horsE'), false);
    assert.equal(await verifyPassword('not a hash', 'x'), false);
  });
});

for (const dialect of DIALECTS) {
  describe(`secrets at rest, in answers and in logs on ${dialect}`, () => {
    let t: InstrumentedTestApp;
    let owner: TestUser;
    let recipient: TestUser;
    let admin: TestUser;
    let library: SharedLibrary;

    before(async () => {
      t = await startInstrumentedApp(dialect, { logLevel: 'trace' });
      owner = await buildUser(t);
      recipient = await buildUser(t);
      admin = await buildUser(t, { role: 'admin' });
      library = await uploadLibrary(t, owner);
    });
    after(() => t.close());

    it('derives link tokens from nothing guessable and stores only their hash and a sealed copy', async () => {
      const links = await Promise.all(
        Array.from({ length: 20 }, () => createLink(t, owner, library.photo.id)),
      );
      const tokens = links.map((link) => link.public_token);
      assert.equal(new Set(tokens).size, tokens.length);
      for (const link of links) {
        assert.ok(Buffer.from(link.public_token, 'base64url').length >= 16, 'at least 128 bits');
        assert.match(link.public_token, BASE64URL);
        const compact = link.id.replaceAll('-', '');
        assert.ok(
          !link.public_token.includes(compact.slice(0, 8)) &&
            !Buffer.from(link.public_token, 'base64url').toString('hex').includes(compact.slice(0, 12)),
          'not derived from the id',
        );
        const row = await t.ctx.db.kysely
          .selectFrom('shares')
          .selectAll()
          .where('id', '=', link.id)
          .executeTakeFirstOrThrow();
        assert.equal(row.token_hash, sha256(link.public_token));
        assert.ok(
          row.token_sealed && !row.token_sealed.includes(link.public_token),
          'sealed, not in the clear',
        );
        assert.ok(!JSON.stringify(row).includes(link.public_token), 'the clear token is nowhere in the row');
      }
    });

    it('keeps link passwords as Argon2id hashes that no answer ever contains', async () => {
      const link = await createLink(t, owner, library.photo.id, { password: LINK_PASSWORD });
      const row = await t.ctx.db.kysely
        .selectFrom('shares')
        .select('password_hash')
        .where('id', '=', link.id)
        .executeTakeFirstOrThrow();
      assert.match(row.password_hash ?? '', /^\$argon2id\$/);
      const userShare = await createShare(t, owner, {
        target_type: 'media',
        target_id: library.photo.id,
        recipient_type: 'user',
        recipient_user_id: recipient.id,
      });
      const answers = [
        JSON.stringify(link),
        (await t.request({ method: 'GET', url: `/api/v1/shares/${link.id}`, token: owner.token })).body,
        (await t.request({ method: 'GET', url: `/api/v1/shares/${link.id}`, token: admin.token })).body,
        (await t.request({ method: 'GET', url: '/api/v1/shares/outgoing', token: owner.token })).body,
        (await t.request({ method: 'GET', url: '/api/v1/shares/incoming', token: recipient.token })).body,
        (await t.request({ method: 'GET', url: `/api/v1/shares/${userShare.id}`, token: recipient.token }))
          .body,
        (await patchShare(t, owner, link.id, { note: 'n' })).body,
        (await openLink(t, link.public_token, { password: LINK_PASSWORD })).body,
        (await t.request({ method: 'GET', url: `/api/v1/shares/${link.id}/activity`, token: owner.token }))
          .body,
        (await t.request({ method: 'GET', url: '/api/v1/users', token: admin.token })).body,
        (await t.request({ method: 'GET', url: `/api/v1/users/${owner.id}`, token: admin.token })).body,
        (await t.request({ method: 'GET', url: '/api/v1/auth/me', token: owner.token })).body,
        (await t.request({ method: 'GET', url: '/api/v1/notifications/shares', token: recipient.token }))
          .body,
      ];
      for (const body of answers) {
        assert.doesNotMatch(
          body,
          /argon2|password_hash|token_hash|token_sealed|state_version/,
          body.slice(0, 200),
        );
        assert.ok(
          !body.includes(LINK_PASSWORD) && !body.includes(owner.password),
          'no password in an answer',
        );
      }
      assert.equal(JSON.parse(answers[1]!).has_password, true);
      // Only the owner sees the link's token; an admin reading the share does not.
      assert.equal(JSON.parse(answers[2]!).public_token ?? null, null, 'an admin does not see the token');
    });

    it('writes no password, token or access token of a whole link session to the log', async () => {
      const link = await createLink(t, owner, library.photo.id, { password: LINK_PASSWORD });
      await openLink(t, link.public_token);
      await openLink(t, link.public_token, { password: 'a-wrong-password-here' });
      await openLink(t, link.public_token, { query: `password=${LINK_PASSWORD}` });
      const accessToken = await accessTokenOf(t, link.public_token, LINK_PASSWORD);
      for (const kind of ['stream', 'download', 'thumbnail'] as const) {
        await linkFile(t, link.public_token, library.photo.id, kind, { accessToken });
        await linkFile(t, link.public_token, library.photo.id, kind, {
          query: `access_token=${accessToken}`,
        });
      }
      await t.request({ method: 'GET', url: `/s/${link.public_token}` });
      await patchShare(t, owner, link.id, { password: 'a-second-link-password' });
      await flushLinkActivity(t.ctx);
      const logs = t.logs.text();
      assert.ok(logs.includes('/api/v1/shared/'), 'the link requests were logged');
      for (const secret of [
        LINK_PASSWORD,
        'a-wrong-password-here',
        'a-second-link-password',
        link.public_token,
        link.public_token.slice(6),
        accessToken,
        accessToken.split('.')[2]!,
        owner.token,
      ]) {
        assert.ok(!logs.includes(secret), `a secret reached the log: ${secret.slice(0, 10)}…`);
      }
      // Nor into the activity log kept in the database.
      const activity = await t.ctx.db.kysely
        .selectFrom('share_activity')
        .select('details')
        .where('share_id', '=', link.id)
        .execute();
      for (const row of activity)
        assert.ok(!row.details.includes(LINK_PASSWORD) && !row.details.includes(link.public_token));
    });
  });
}
