import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import {
  createLink,
  createShare,
  patchShare,
  uploadLibrary,
  type SharedLibrary,
} from '../helpers/security-links.js';
import { LONG_LIVED_TOKENS } from '../helpers/shares.js';

/*
 * Mass assignment (ASVS 15.3.3): a PATCH changes only the fields the contract lists. Owner,
 * target, recipient, token, counters and timestamps are immutable: naming one is a 400 and
 * changes nothing. A reshare never grants more, or for longer, than its parent.
 */
const IMMUTABLE_SHARE_FIELDS: Record<string, unknown> = {
  id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  owner_id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  owner_username: 'mallory',
  target_type: 'collection',
  target_id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  target_name: 'x',
  recipient_type: 'user',
  recipient_user_id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  recipient_group_id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  public_token: 'chosen-by-the-attacker-aaaaaaaaaaaaaaaaaaaa',
  public_url: 'http://evil.example/s/x',
  token: 'chosen',
  token_hash: '00',
  password_hash: '$argon2id$v=19$m=19456,t=2,p=1$AAAA$AAAA',
  access_count: 0,
  last_accessed_at: null,
  status: 'active',
  has_password: false,
  parent_share_id: null,
  state_version: 1,
  revoked_at: null,
  created_at: '2000-01-01T00:00:00.000Z',
  updated_at: '2000-01-01T00:00:00.000Z',
};

for (const dialect of DIALECTS) {
  describe(`mass assignment on ${dialect}`, () => {
    let t: TestApp;
    let owner: TestUser;
    let recipient: TestUser;
    let third: TestUser;
    let admin: TestUser;
    let library: SharedLibrary;

    before(async () => {
      t = await startTestApp(dialect, LONG_LIVED_TOKENS);
      owner = await buildUser(t);
      recipient = await buildUser(t);
      third = await buildUser(t);
      admin = await buildUser(t, { role: 'admin' });
      library = await uploadLibrary(t, owner);
    });
    after(() => t.close());

    const getShare = async (id: string, as = owner) => {
      const res = await t.request({ method: 'GET', url: `/api/v1/shares/${id}`, token: as.token });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<Record<string, unknown>>();
    };

    it('changes the listed fields of a share (the happy case)', async () => {
      const link = await createLink(t, owner, library.photo.id, { max_access_count: 3 });
      const res = await patchShare(t, owner, link.id, {
        note: 'updated',
        max_access_count: 5,
        permissions: { can_download: false },
        inherit_to_children: false,
      });
      assert.equal(res.statusCode, 200, res.body);
      const after = res.json<Record<string, unknown>>();
      assert.equal(after.note, 'updated');
      assert.equal(after.max_access_count, 5);
      assert.equal((after.permissions as Record<string, boolean>).can_download, false);
    });

    it('refuses every immutable field with a 400 and changes nothing, as owner or admin', async () => {
      const link = await createLink(t, owner, library.photo.id, { password: 'a-link-password' });
      const before = await getShare(link.id);
      for (const actor of [owner, admin]) {
        for (const [field, value] of Object.entries(IMMUTABLE_SHARE_FIELDS)) {
          const res = await patchShare(t, actor, link.id, { note: 'smuggled along', [field]: value });
          assert.equal(res.statusCode, 400, `${field}: ${res.statusCode} ${res.body}`);
          assert.equal(res.json().error, 'bad_request');
        }
        for (const permission of ['can_edit', 'can_delete', 'can_reshare', 'can_add', 'can_admin']) {
          const res = await patchShare(t, actor, link.id, { permissions: { [permission]: true } });
          assert.equal(res.statusCode, 400, `a link with ${permission}: ${res.statusCode}`);
        }
        const polluted = await t.request({
          method: 'PATCH',
          url: `/api/v1/shares/${link.id}`,
          token: actor.token,
          headers: { 'content-type': 'application/json' },
          payload:
            '{"note":"x","__proto__":{"owner_id":"mallory"},"constructor":{"prototype":{"owner_id":"m"}}}',
        });
        assert.equal(polluted.statusCode, 400, `prototype pollution: ${polluted.body}`);
      }
      assert.deepEqual(await getShare(link.id), before, 'nothing changed');
      const opened = await t.request({
        method: 'GET',
        url: `/api/v1/shared/${link.public_token}`,
        headers: { 'x-share-password': 'a-link-password' },
      });
      assert.equal(opened.statusCode, 200, 'the link still works with its own token and password');
    });

    it('refuses counters, owners and recipients of a user share, and lets no recipient edit it', async () => {
      const share = await createShare(t, owner, {
        target_type: 'media',
        target_id: library.text.id,
        recipient_type: 'user',
        recipient_user_id: recipient.id,
      });
      const before = await getShare(share.id);
      for (const field of [
        'recipient_user_id',
        'owner_id',
        'access_count',
        'target_id',
        'password',
        'max_access_count',
      ]) {
        const value =
          field === 'password'
            ? 'a-user-share-password'
            : field === 'max_access_count' || field === 'access_count'
              ? 1
              : third.id;
        const res = await patchShare(t, owner, share.id, { [field]: value });
        assert.equal(res.statusCode, 400, `${field} on a user share: ${res.statusCode} ${res.body}`);
      }
      const byRecipient = await patchShare(t, recipient, share.id, { permissions: { can_edit: true } });
      assert.equal(byRecipient.statusCode, 403, 'a recipient cannot widen their own share');
      const byStranger = await patchShare(t, third, share.id, { note: 'mine now' });
      assert.equal(byStranger.statusCode, 403);
      assert.deepEqual(await getShare(share.id), before);
    });

    it('refuses owner and storage fields on media and collections', async () => {
      for (const [field, value] of Object.entries({
        owner_id: third.id,
        content_hash: '0'.repeat(64),
        size_bytes: 1,
        mime_type: 'text/html',
        media_type: 'document',
        id: third.id,
        created_at: '2000-01-01T00:00:00.000Z',
        path: '../../etc/passwd',
      })) {
        const res = await t.request({
          method: 'PATCH',
          url: `/api/v1/media/${library.text.id}`,
          token: owner.token,
          payload: { title: 'x', [field]: value },
        });
        assert.equal(res.statusCode, 400, `media ${field}: ${res.statusCode} ${res.body}`);
      }
      const media = await t.request({
        method: 'GET',
        url: `/api/v1/media/${library.text.id}`,
        token: owner.token,
      });
      assert.equal(media.json().owner_id, owner.id);
      assert.equal(media.json().content_hash, library.text.content_hash);

      const collection = await t.request({
        method: 'POST',
        url: '/api/v1/collections',
        token: owner.token,
        payload: { name: 'mine', owner_id: third.id },
      });
      assert.equal(collection.statusCode, 400, 'owner_id on create');
      const user = await t.request({
        method: 'POST',
        url: '/api/v1/shares',
        token: owner.token,
        payload: {
          target_type: 'media',
          target_id: library.text.id,
          recipient_type: 'public_link',
          owner_id: third.id,
          access_count: -5,
        },
      });
      assert.equal(user.statusCode, 400, 'owner_id and access_count on share create');
    });

    it('never lets a reshare grant more, or for longer, than its parent', async () => {
      const parentExpiry = new Date(t.clock.now().getTime() + 24 * 3600_000).toISOString();
      const parent = await createShare(t, owner, {
        target_type: 'media',
        target_id: library.photo.id,
        recipient_type: 'user',
        recipient_user_id: recipient.id,
        expires_at: parentExpiry,
        permissions: { can_download: false, can_reshare: true },
      });
      const base = {
        target_type: 'media',
        target_id: library.photo.id,
        recipient_type: 'user',
        recipient_user_id: third.id,
      };
      const widen = [
        { permissions: { can_download: true } },
        { permissions: { can_edit: true } },
        { permissions: { can_delete: true } },
        { expires_at: new Date(t.clock.now().getTime() + 48 * 3600_000).toISOString() },
        { expires_in_hours: 48 },
        { expires_at: null },
      ];
      for (const extra of widen) {
        const res = await t.request({
          method: 'POST',
          url: '/api/v1/shares',
          token: recipient.token,
          payload: { ...base, ...extra },
        });
        assert.equal(
          res.statusCode,
          400,
          `reshare with ${JSON.stringify(extra)}: ${res.statusCode} ${res.body}`,
        );
      }
      const child = await createShare(t, recipient, base);
      assert.equal(child.parent_share_id, parent.id);
      assert.equal(
        (child.permissions as Record<string, boolean>).can_download,
        false,
        'inherits the narrower permission',
      );
      assert.equal(child.expires_at, parentExpiry, "inherits the parent's expiry");

      // Widening the reshare afterwards is refused too.
      for (const change of [
        { permissions: { can_download: true } },
        { expires_at: null },
        { expires_at: new Date(t.clock.now().getTime() + 72 * 3600_000).toISOString() },
      ]) {
        const res = await patchShare(t, recipient, child.id, change);
        assert.equal(
          res.statusCode,
          400,
          `PATCH reshare ${JSON.stringify(change)}: ${res.statusCode} ${res.body}`,
        );
      }
      // A public link reshare cannot outlive the parent either.
      const link = await t.request({
        method: 'POST',
        url: '/api/v1/shares',
        token: recipient.token,
        payload: { target_type: 'media', target_id: library.photo.id, recipient_type: 'public_link' },
      });
      assert.equal(link.statusCode, 200, link.body);
      assert.equal(link.json().expires_at, parentExpiry);
      assert.equal(link.json().permissions.can_download, false);

      // Narrowing the parent narrows the child in the same breath.
      const earlier = new Date(t.clock.now().getTime() + 3600_000).toISOString();
      assert.equal((await patchShare(t, owner, parent.id, { expires_at: earlier })).statusCode, 200);
      assert.equal((await getShare(child.id, recipient)).expires_at, earlier);
      // And someone without can_reshare cannot share at all.
      const noReshare = await t.request({
        method: 'POST',
        url: '/api/v1/shares',
        token: third.token,
        payload: { target_type: 'media', target_id: library.photo.id, recipient_type: 'public_link' },
      });
      assert.equal(noReshare.statusCode, 400);
    });
  });
}
