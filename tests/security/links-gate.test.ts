import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import { fixture, uploadOne } from '../helpers/media.js';
import { hmacJwt, jwtPayload } from '../helpers/security.js';
import {
  accessTokenOf,
  assertRefused,
  createLink,
  createShare,
  LINK_FILE_KINDS,
  linkFile,
  openLink,
  patchShare,
  uploadLibrary,
  type SharedLibrary,
} from '../helpers/security-links.js';
import { LONG_LIVED_TOKENS } from '../helpers/shares.js';

/*
 * One gate for secrets (ASVS 8.2.2, 8.3.2, 9.2.x): every route serving anything of a link
 * (metadata, items, stream, download, thumbnail) checks the link's password, expiry,
 * revocation and permissions on each request. Link access tokens are bound to the link's
 * current state (its version), so a change takes effect on the very next request.
 */
const PASSWORD = 'first-link-password';

for (const dialect of DIALECTS) {
  describe(`the link gate on ${dialect}`, () => {
    let t: TestApp;
    let owner: TestUser;
    let admin: TestUser;
    let library: SharedLibrary;

    before(async () => {
      t = await startTestApp(dialect, LONG_LIVED_TOKENS);
      owner = await buildUser(t);
      admin = await buildUser(t, { role: 'admin' });
      library = await uploadLibrary(t, owner);
    });
    after(() => t.close());

    /** Every file route of the photo answers `status` for this access token. */
    async function assertFilesRefused(
      token: string,
      accessToken: string | undefined,
      status: number,
      what: string,
    ) {
      for (const kind of LINK_FILE_KINDS) {
        const res = await linkFile(
          t,
          token,
          library.photo.id,
          kind,
          accessToken === undefined ? {} : { accessToken },
        );
        assertRefused(res, status, `${what}: ${kind}`);
        assert.equal(res.headers['cache-control'], 'private, no-store', `${what}: ${kind} not cacheable`);
      }
    }

    async function assertFilesServed(token: string, accessToken: string, what: string) {
      for (const kind of LINK_FILE_KINDS) {
        const res = await linkFile(t, token, library.photo.id, kind, { accessToken });
        assert.equal(res.statusCode, 200, `${what}: ${kind} ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }

    it('serves a password link only past its password, and files only with its access token', async () => {
      const link = await createLink(t, owner, library.photo.id, { password: PASSWORD });
      const anonymous = await openLink(t, link.public_token);
      assertRefused(anonymous, 401, 'no password');
      assert.equal(anonymous.json().error, 'password_required');
      assert.equal(anonymous.json().access_token, undefined);
      const wrong = await openLink(t, link.public_token, { password: 'not-the-password' });
      assertRefused(wrong, 401, 'wrong password');
      assert.equal(wrong.json().error, 'invalid_password');

      // The side routes: no access token, the password itself, a bearer, HEAD, a conditional request.
      await assertFilesRefused(link.public_token, undefined, 401, 'no access token');
      for (const kind of LINK_FILE_KINDS) {
        const withPassword = await linkFile(t, link.public_token, library.photo.id, kind, {
          headers: { 'x-share-password': PASSWORD },
        });
        assertRefused(withPassword, 401, `${kind} with the password instead of an access token`);
        const passwordQuery = await linkFile(t, link.public_token, library.photo.id, kind, {
          query: `password=${PASSWORD}`,
        });
        assert.ok(
          [400, 401].includes(passwordQuery.statusCode),
          `${kind}?password=: ${passwordQuery.statusCode}`,
        );
        const head = await linkFile(t, link.public_token, library.photo.id, kind, { method: 'HEAD' });
        assert.equal(head.statusCode, 401, `HEAD ${kind}`);
        const conditional = await linkFile(t, link.public_token, library.photo.id, kind, {
          headers: {
            'if-none-match': `"${library.photo.content_hash}"`,
            'if-modified-since': new Date(Date.now() + 3600_000).toUTCString(),
          },
        });
        assertRefused(conditional, 401, `conditional ${kind} without an access token (never 304)`);
        const ownerBearer = await linkFile(t, link.public_token, library.photo.id, kind, {
          headers: { authorization: `Bearer ${owner.token}` },
          query: `access_token=${owner.token}`,
        });
        assertRefused(ownerBearer, 401, `${kind} with an API token as the access token`);
      }

      const accessToken = await accessTokenOf(t, link.public_token, PASSWORD);
      await assertFilesServed(link.public_token, accessToken, 'with the access token');
      // The query form works too, and a conditional request with the token may be a 304.
      const viaQuery = await linkFile(t, link.public_token, library.photo.id, 'stream', {
        query: `access_token=${accessToken}`,
      });
      assert.equal(viaQuery.statusCode, 200);
      // The direct media routes are no way around it, with or without the link's access token.
      for (const kind of ['stream', 'download', 'thumbnail']) {
        const direct = await t.request({ method: 'GET', url: `/api/v1/media/${library.photo.id}/${kind}` });
        assertRefused(direct, 401, `direct ${kind} anonymously`);
        const linkAsBearer = await t.request({
          method: 'GET',
          url: `/api/v1/media/${library.photo.id}/${kind}`,
          headers: { authorization: `Bearer ${accessToken}` },
        });
        assertRefused(linkAsBearer, 401, `direct ${kind} with a link access token as bearer`);
        const linkInQuery = await t.request({
          method: 'GET',
          url: `/api/v1/media/${library.photo.id}/${kind}?access_token=${accessToken}`,
        });
        assertRefused(linkInQuery, 401, `direct ${kind} with a link access token in the query`);
      }
    });

    it('binds access tokens to one link, its target and its current version', async () => {
      const first = await createLink(t, owner, library.photo.id);
      const second = await createLink(t, owner, library.text.id);
      const firstAccess = await accessTokenOf(t, first.public_token);
      const secondAccess = await accessTokenOf(t, second.public_token);
      // Link A's token on link B, and on a media item outside link A.
      await assertFilesRefused(second.public_token, firstAccess, 401, "another link's access token");
      const outside = await linkFile(t, first.public_token, library.text.id, 'stream', {
        accessToken: firstAccess,
      });
      assertRefused(outside, 404, 'an item outside the link');
      assert.equal(
        (await linkFile(t, second.public_token, library.text.id, 'stream', { accessToken: secondAccess }))
          .statusCode,
        200,
      );

      // Forged: the right subject with another version, or re-signed with HS512.
      const claims = jwtPayload(firstAccess);
      for (const forged of [
        hmacJwt('HS256', t.ctx.keys.jwt, { typ: 'JWT' }, { ...claims, v: Number(claims.v) + 1 }),
        hmacJwt('HS256', t.ctx.keys.jwt, { typ: 'JWT' }, { ...claims, sub: second.id }),
        hmacJwt('HS512', t.ctx.keys.jwt, { typ: 'JWT' }, claims),
        hmacJwt('HS256', t.ctx.keys.jwt, { typ: 'JWT' }, { ...claims, aud: 'pinakes:api' }),
      ]) {
        await assertFilesRefused(first.public_token, forged, 401, 'a forged access token');
      }
      // A genuine re-signing (same claims) is accepted: the forgeries above failed for their changes.
      await assertFilesServed(
        first.public_token,
        hmacJwt('HS256', t.ctx.keys.jwt, { typ: 'JWT' }, claims),
        're-signed',
      );

      // Access tokens expire (one hour).
      t.clock.advance(3601_000);
      try {
        await assertFilesRefused(first.public_token, firstAccess, 401, 'an expired access token');
      } finally {
        t.clock.set(new Date());
      }
    });

    it('a changed password takes effect on the next request', async () => {
      const link = await createLink(t, owner, library.photo.id, { password: PASSWORD });
      const before = await accessTokenOf(t, link.public_token, PASSWORD);
      await assertFilesServed(link.public_token, before, 'before the change');
      assert.equal(
        (await patchShare(t, owner, link.id, { password: 'second-link-password' })).statusCode,
        200,
      );
      await assertFilesRefused(link.public_token, before, 401, 'old access token after a password change');
      assertRefused(await openLink(t, link.public_token, { password: PASSWORD }), 401, 'old password');
      assertRefused(
        await openLink(t, link.public_token, { accessToken: before }),
        401,
        'old access token to open',
      );
      const after = await accessTokenOf(t, link.public_token, 'second-link-password');
      await assertFilesServed(link.public_token, after, 'with the new password');
    });

    it('adding a password to an open link shuts out every earlier visitor', async () => {
      const link = await createLink(t, owner, library.photo.id);
      const before = await accessTokenOf(t, link.public_token);
      assert.equal((await patchShare(t, owner, link.id, { password: PASSWORD })).statusCode, 200);
      await assertFilesRefused(link.public_token, before, 401, 'access token from before the password');
      assert.equal((await openLink(t, link.public_token)).json().error, 'password_required');
    });

    it('a narrowed permission takes effect on the next request', async () => {
      const link = await createLink(t, owner, library.photo.id);
      const before = await accessTokenOf(t, link.public_token);
      assert.equal(
        (await patchShare(t, owner, link.id, { permissions: { can_download: false } })).statusCode,
        200,
      );
      await assertFilesRefused(link.public_token, before, 401, 'access token from before the narrowing');
      const after = await accessTokenOf(t, link.public_token);
      assertRefused(
        await linkFile(t, link.public_token, library.photo.id, 'download', { accessToken: after }),
        403,
        'download without can_download',
      );
      assert.equal(
        (await linkFile(t, link.public_token, library.photo.id, 'stream', { accessToken: after })).statusCode,
        200,
      );
    });

    it('a revoked link is dead everywhere at once', async () => {
      const link = await createLink(t, owner, library.photo.id, { password: PASSWORD });
      const before = await accessTokenOf(t, link.public_token, PASSWORD);
      const revoked = await t.request({
        method: 'DELETE',
        url: `/api/v1/shares/${link.id}`,
        token: owner.token,
      });
      assert.equal(revoked.statusCode, 204);
      assertRefused(await openLink(t, link.public_token, { password: PASSWORD }), 404, 'open a revoked link');
      assertRefused(
        await openLink(t, link.public_token, { password: 'wrong' }),
        404,
        'wrong password on a revoked link',
      );
      await assertFilesRefused(link.public_token, before, 404, 'files of a revoked link');
    });

    it('an expired link is dead everywhere at once, even with a fresh access token', async () => {
      const expiresAt = new Date(t.clock.now().getTime() + 10 * 60_000).toISOString();
      const link = await createLink(t, owner, library.photo.id, { expires_at: expiresAt });
      const before = await accessTokenOf(t, link.public_token);
      t.clock.advance(11 * 60_000);
      try {
        assertRefused(await openLink(t, link.public_token), 404, 'open an expired link');
        // The access token itself is still within its hour: the link's expiry is what refuses.
        await assertFilesRefused(link.public_token, before, 404, 'files of an expired link');
      } finally {
        t.clock.set(new Date());
      }
    });

    it("a disabled or deleted owner's links die at once", async () => {
      for (const fate of ['disabled', 'deleted'] as const) {
        const someone = await buildUser(t);
        const item = await uploadLibrary(t, someone);
        const link = await createLink(t, someone, item.photo.id);
        const before = await accessTokenOf(t, link.public_token);
        const res =
          fate === 'disabled'
            ? await t.request({
                method: 'PATCH',
                url: `/api/v1/users/${someone.id}`,
                token: admin.token,
                payload: { disabled: true },
              })
            : await t.request({ method: 'DELETE', url: `/api/v1/users/${someone.id}`, token: admin.token });
        assert.ok(res.statusCode < 300, `${fate}: ${res.statusCode} ${res.body}`);
        assertRefused(await openLink(t, link.public_token), 404, `open after the owner was ${fate}`);
        for (const kind of LINK_FILE_KINDS) {
          const file = await linkFile(t, link.public_token, item.photo.id, kind, { accessToken: before });
          assertRefused(file, 404, `${kind} after the owner was ${fate}`);
        }
      }
    });

    it('an item leaving a shared collection leaves the link at once', async () => {
      const collection = await t.request({
        method: 'POST',
        url: '/api/v1/collections',
        token: owner.token,
        payload: { name: `gate-${Date.now()}` },
      });
      assert.equal(collection.statusCode, 200, collection.body);
      const collectionId = collection.json<{ id: string }>().id;
      const added = await t.request({
        method: 'POST',
        url: `/api/v1/collections/${collectionId}/members`,
        token: owner.token,
        payload: { media_ids: [library.photo.id, library.text.id] },
      });
      assert.ok(added.statusCode < 300, added.body);
      const link = await createLink(t, owner, collectionId, {}, 'collection');
      const access = await accessTokenOf(t, link.public_token);
      assert.equal(
        (await linkFile(t, link.public_token, library.photo.id, 'stream', { accessToken: access }))
          .statusCode,
        200,
      );
      const removed = await t.request({
        method: 'DELETE',
        url: `/api/v1/collections/${collectionId}/members/${library.photo.id}`,
        token: owner.token,
      });
      assert.equal(removed.statusCode, 204);
      for (const kind of LINK_FILE_KINDS) {
        assertRefused(
          await linkFile(t, link.public_token, library.photo.id, kind, { accessToken: access }),
          404,
          `${kind} of a removed item`,
        );
      }
      assert.equal(
        (await linkFile(t, link.public_token, library.text.id, 'stream', { accessToken: access })).statusCode,
        200,
      );
      const listed = await openLink(t, link.public_token);
      assert.deepEqual(
        listed.json<{ items: Array<{ id: string }> }>().items.map((item) => item.id),
        [library.text.id],
      );
    });

    it("a member removed from a group loses the group's share and their reshares at once", async () => {
      const member = await buildUser(t);
      const group = await t.request({
        method: 'POST',
        url: '/api/v1/groups',
        token: admin.token,
        payload: { name: `gate-group-${Date.now()}` },
      });
      assert.equal(group.statusCode, 200, group.body);
      const groupId = group.json<{ id: string }>().id;
      const joined = await t.request({
        method: 'POST',
        url: `/api/v1/groups/${groupId}/members`,
        token: admin.token,
        payload: { user_id: member.id },
      });
      assert.ok(joined.statusCode < 300, joined.body);
      await createShare(t, owner, {
        target_type: 'media',
        target_id: library.photo.id,
        recipient_type: 'group',
        recipient_group_id: groupId,
        permissions: { can_reshare: true },
      });
      assert.equal(
        (
          await t.request({
            method: 'GET',
            url: `/api/v1/media/${library.photo.id}/stream`,
            token: member.token,
          })
        ).statusCode,
        200,
      );
      const reshare = await createLink(t, member, library.photo.id);
      const access = await accessTokenOf(t, reshare.public_token);

      const left = await t.request({
        method: 'DELETE',
        url: `/api/v1/groups/${groupId}/members/${member.id}`,
        token: admin.token,
      });
      assert.equal(left.statusCode, 204);
      for (const kind of ['', '/stream', '/download', '/thumbnail']) {
        const res = await t.request({
          method: 'GET',
          url: `/api/v1/media/${library.photo.id}${kind}`,
          token: member.token,
        });
        assertRefused(res, 404, `the former member's GET media${kind}`);
      }
      assertRefused(await openLink(t, reshare.public_token), 404, "the former member's reshared link");
      await assertFilesRefused(
        reshare.public_token,
        access,
        404,
        "files of the former member's reshared link",
      );
    });

    it('a deleted item takes its links with it', async () => {
      // Different bytes: uploads are de-duplicated per owner, and the shared photo must stay.
      const doomed = await uploadOne(t, owner, 'photo.jpg', {
        bytes: Buffer.concat([fixture('photo.jpg'), crypto.randomBytes(16)]),
      });
      assert.notEqual(doomed.id, library.photo.id);
      const link = await createLink(t, owner, doomed.id);
      const access = await accessTokenOf(t, link.public_token);
      assert.equal(
        (await t.request({ method: 'DELETE', url: `/api/v1/media/${doomed.id}`, token: owner.token }))
          .statusCode,
        204,
      );
      assertRefused(await openLink(t, link.public_token), 404, 'open a link to a deleted item');
      for (const kind of LINK_FILE_KINDS) {
        assertRefused(
          await linkFile(t, link.public_token, doomed.id, kind, { accessToken: access }),
          404,
          `${kind} of a deleted item`,
        );
      }
    });
  });
}
