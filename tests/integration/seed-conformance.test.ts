import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';
import { flushLinkActivity } from '../../src/services/public-link-state.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import { insertCollection, insertMedia, LONG_LIVED_TOKENS } from '../helpers/shares.js';

/*
 * The seed's Shares endpoints (docs/api/shares.md), judged against the contract
 * (docs/api/contract.md section 5): every status the seed lists, plus the contract's
 * deviations, produced for real under both prefixes on both databases, with every body
 * checked against the contract's own shapes (written out here from the contract, not taken
 * from the project's API document, so the two are checked against each other).
 */

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const UNKNOWN_ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

type Schema = Record<string, unknown>;
const uuid = { type: 'string', format: 'uuid' };
/** RFC 3339 UTC, as the contract writes times: `2026-11-27T10:00:00.000Z`. */
const time = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$' };
const str = { type: 'string' };
const int = { type: 'integer' };
const bool = { type: 'boolean' };
const nullable = (schema: Schema): Schema => ({ anyOf: [schema, { type: 'null' }] });
const oneOfValues = (...values: string[]): Schema => ({ enum: values });
/** Exactly these fields, all present. */
const exact = (properties: Record<string, Schema>): Schema => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
});

const TargetType = oneOfValues('media', 'collection', 'tag', 'saved_search');
const Permissions = exact({
  can_view: bool,
  can_download: bool,
  can_edit: bool,
  can_delete: bool,
  can_reshare: bool,
  can_add: bool,
});
const MediaItem = exact({
  id: uuid,
  owner_id: uuid,
  title: str,
  description: nullable(str),
  file_name: str,
  media_type: oneOfValues('image', 'video', 'audio', 'document', 'text', 'other'),
  mime_type: str,
  size_bytes: { type: 'integer', minimum: 0 },
  content_hash: str,
  width: nullable(int),
  height: nullable(int),
  duration_secs: nullable({ type: 'number' }),
  tags: { type: 'array', items: exact({ id: uuid, name: str }) },
  metadata: { type: 'object' },
  created_at: time,
  updated_at: time,
});

const SCHEMAS = {
  Share: exact({
    id: uuid,
    target_type: TargetType,
    target_id: uuid,
    target_name: nullable(str),
    owner_id: uuid,
    owner_username: str,
    recipient_type: oneOfValues('public_link', 'user', 'group'),
    recipient_user_id: nullable(uuid),
    recipient_username: nullable(str),
    recipient_group_id: nullable(uuid),
    recipient_group_name: nullable(str),
    public_token: nullable(str),
    public_url: nullable(str),
    has_password: bool,
    permissions: Permissions,
    note: nullable(str),
    expires_at: nullable(time),
    max_access_count: nullable({ type: 'integer', minimum: 1 }),
    access_count: { type: 'integer', minimum: 0 },
    last_accessed_at: nullable(time),
    status: oneOfValues('active', 'expired', 'exhausted'),
    inherit_to_children: bool,
    parent_share_id: nullable(uuid),
    created_at: time,
    updated_at: time,
  }),
  ShareActivity: exact({
    id: uuid,
    share_id: uuid,
    actor_id: nullable(uuid),
    actor_username: nullable(str),
    actor_ip: nullable(str),
    action: oneOfValues(
      'created',
      'updated',
      'accessed',
      'downloaded',
      'revoked',
      'expired',
      'password_failed',
    ),
    details: { type: 'object' },
    timestamp: time,
  }),
  ShareNotification: exact({
    id: uuid,
    share_id: uuid,
    notification_type: oneOfValues(
      'new_share',
      'share_updated',
      'share_revoked',
      'share_expiring',
      'share_accessed',
    ),
    message: str,
    is_read: bool,
    created_at: time,
    share: nullable(exact({ target_type: TargetType, target_name: str, owner_username: str })),
  }),
  PublicLinkView: exact({
    share: exact({
      id: uuid,
      target_type: TargetType,
      target_name: nullable(str),
      owner_username: str,
      permissions: Permissions,
      note: nullable(str),
      expires_at: nullable(time),
      created_at: time,
    }),
    media: nullable(MediaItem),
    items: nullable({ type: 'array', items: MediaItem }),
    total: { type: 'integer', minimum: 0 },
    access_token: { type: 'string', minLength: 1 },
    access_token_expires_at: time,
  }),
  BatchDeleteResult: exact({ deleted: { type: 'integer', minimum: 0 } }),
  ReadAllResult: exact({ updated: { type: 'integer', minimum: 0 } }),
  Error: {
    type: 'object',
    properties: {
      error: oneOfValues(
        'bad_request',
        'unauthorized',
        'forbidden',
        'not_found',
        'password_required',
        'invalid_password',
        'rate_limited',
        'payload_too_large',
        'internal_error',
      ),
      message: { type: 'string', minLength: 1 },
      details: { type: 'array', items: exact({ field: str, message: str }) },
    },
    required: ['error', 'message'],
    additionalProperties: false,
  },
} satisfies Record<string, Schema>;
type SchemaName = keyof typeof SCHEMAS;

const ajv = addFormats(new Ajv({ allErrors: true, strict: true }));
const validators = Object.fromEntries(
  Object.entries(SCHEMAS).map(([name, schema]) => [name, ajv.compile(schema)]),
) as Record<SchemaName, ValidateFunction>;

function conforms(name: SchemaName, value: unknown): void {
  const validate = validators[name];
  assert.ok(validate(value), `not a ${name}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(value)}`);
}

function isJson(res: LightMyRequestResponse): void {
  assert.match(String(res.headers['content-type']), /^application\/json/, `JSON: ${res.body}`);
}

/** The contract's error: status, `{error, message[, details]}`, the given code. */
function expectError(res: LightMyRequestResponse, status: number, code: string) {
  assert.equal(res.statusCode, status, res.body);
  isJson(res);
  const body = res.json<{ error: string; message: string; details?: unknown[] }>();
  conforms('Error', body);
  assert.equal(body.error, code);
  return body;
}

function expectOne<T>(res: LightMyRequestResponse, name: SchemaName, status = 200): T {
  assert.equal(res.statusCode, status, res.body);
  isJson(res);
  const body = res.json<T>();
  conforms(name, body);
  return body;
}

/** A list: a JSON array of the schema, its total in X-Total-Count. */
function expectList<T>(res: LightMyRequestResponse, name: SchemaName): { items: T[]; total: number } {
  assert.equal(res.statusCode, 200, res.body);
  isJson(res);
  const items = res.json<T[]>();
  assert.ok(Array.isArray(items), 'a JSON array');
  for (const item of items) conforms(name, item);
  const header = res.headers['x-total-count'];
  assert.match(String(header), /^\d+$/, 'X-Total-Count is a count');
  const total = Number(header);
  assert.ok(total >= items.length, 'X-Total-Count counts at least the page');
  return { items, total };
}

interface ShareBody {
  id: string;
  target_id: string;
  note: string | null;
  public_token: string | null;
  public_url: string | null;
  permissions: Record<string, boolean>;
  status: string;
  owner_username: string;
  recipient_username: string | null;
}

for (const dialect of DIALECTS) {
  describe(`the seed's Shares endpoints on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect, LONG_LIVED_TOKENS);
    });
    after(() => t.close());

    for (const prefix of ['/api/v1', '/api']) {
      describe(`under ${prefix}`, () => {
        let owner: TestUser;
        let friend: TestUser;
        let stranger: TestUser;

        before(async () => {
          [owner, friend, stranger] = await Promise.all([buildUser(t), buildUser(t), buildUser(t)]);
        });

        type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
        const call = (
          method: Method,
          path: string,
          user?: TestUser | string,
          extra: { payload?: unknown; headers?: Record<string, string>; remoteAddress?: string } = {},
        ) =>
          t.request({
            method,
            url: `${prefix}${path}`,
            ...(user ? { token: typeof user === 'string' ? user : user.token } : {}),
            ...(extra.payload !== undefined
              ? { payload: extra.payload as Record<string, unknown> | string }
              : {}),
            ...(extra.headers ? { headers: extra.headers } : {}),
            ...(extra.remoteAddress ? { remoteAddress: extra.remoteAddress } : {}),
          });
        const rawJson = (text: string) => ({
          payload: text,
          headers: { 'content-type': 'application/json' },
        });

        /** A new media item of the owner's shared with `to` through POST /shares under this prefix. */
        async function shareWith(to: TestUser, from: TestUser = owner, body: Record<string, unknown> = {}) {
          const media = await insertMedia(t, from.id);
          const res = await call('POST', '/shares', from, {
            payload: {
              target_type: 'media',
              target_id: media.id,
              recipient_type: 'user',
              recipient_user_id: to.id,
              ...body,
            },
          });
          return expectOne<ShareBody>(res, 'Share');
        }

        async function link(
          body: Record<string, unknown> = {},
          targetType: 'media' | 'collection' = 'media',
        ) {
          const media = await insertMedia(t, owner.id);
          const targetId =
            targetType === 'media' ? media.id : await insertCollection(t, owner.id, [media.id]);
          const res = await call('POST', '/shares', owner, {
            payload: { target_type: targetType, target_id: targetId, recipient_type: 'public_link', ...body },
          });
          const share = expectOne<ShareBody>(res, 'Share');
          assert.ok(share.public_token);
          return { share, token: share.public_token };
        }

        /** 401 without a bearer and with one that is not a token. */
        async function expectUnauthorized(method: Method, path: string, payload?: unknown) {
          expectError(await call(method, path, undefined, { payload }), 401, 'unauthorized');
          expectError(await call(method, path, 'not-a-token', { payload }), 401, 'unauthorized');
        }

        /** limit 0 and 201 and offset -1 are 400s with details; the bounds themselves are fine. */
        async function expectPaginationChecked(path: string, user: TestUser) {
          for (const query of ['limit=0', 'limit=201', 'offset=-1', 'limit=abc']) {
            const body = expectError(await call('GET', `${path}?${query}`, user), 400, 'bad_request');
            assert.ok(body.details && body.details.length > 0, `${query}: details say which parameter`);
          }
          assert.equal((await call('GET', `${path}?limit=200&offset=0`, user)).statusCode, 200);
          const one = await call('GET', `${path}?limit=1`, user);
          assert.equal(one.statusCode, 200);
          assert.ok(one.json<unknown[]>().length <= 1);
        }

        describe('GET /notifications/shares', () => {
          it('200: the unread notifications, newest first, as ShareNotification with X-Total-Count', async () => {
            const reader = await buildUser(t);
            const first = await shareWith(reader);
            const second = await shareWith(reader);
            const { items, total } = expectList<{
              share_id: string;
              notification_type: string;
              is_read: boolean;
            }>(await call('GET', '/notifications/shares', reader), 'ShareNotification');
            assert.equal(total, 2);
            assert.deepEqual(
              items.map((n) => [n.share_id, n.notification_type, n.is_read]),
              [
                [second.id, 'new_share', false],
                [first.id, 'new_share', false],
              ],
            );
          });
          it('401 without a valid bearer', () => expectUnauthorized('GET', '/notifications/shares'));
          it('400 for limit 0, limit 201, offset -1', () =>
            expectPaginationChecked('/notifications/shares', friend));
        });

        describe('POST /notifications/shares/read-all', () => {
          it('200: {updated: N}, and nothing is unread afterwards', async () => {
            const reader = await buildUser(t);
            await shareWith(reader);
            await shareWith(reader);
            const result = expectOne<{ updated: number }>(
              await call('POST', '/notifications/shares/read-all', reader),
              'ReadAllResult',
            );
            assert.equal(result.updated, 2);
            const after = expectList(await call('GET', '/notifications/shares', reader), 'ShareNotification');
            assert.equal(after.total, 0);
            const again = await call('POST', '/notifications/shares/read-all', reader);
            assert.equal(expectOne<{ updated: number }>(again, 'ReadAllResult').updated, 0);
          });
          it('401 without a valid bearer', () =>
            expectUnauthorized('POST', '/notifications/shares/read-all'));
          it('400 for a body with unknown fields (the route takes none)', async () => {
            const reader = await buildUser(t);
            await shareWith(reader);
            const res = await call(
              'POST',
              '/notifications/shares/read-all',
              reader,
              rawJson('{"everything":true}'),
            );
            expectError(res, 400, 'bad_request');
            const still = expectList(await call('GET', '/notifications/shares', reader), 'ShareNotification');
            assert.equal(still.total, 1, 'nothing was marked read');
          });
        });

        describe('POST /notifications/shares/{id}/read', () => {
          async function unreadOf(user: TestUser) {
            const list = await call('GET', '/notifications/shares', user);
            return expectList<{ id: string }>(list, 'ShareNotification').items;
          }

          it('200: the notification, now read; reading it again is fine', async () => {
            const reader = await buildUser(t);
            const share = await shareWith(reader);
            const [notification] = await unreadOf(reader);
            assert.ok(notification);
            const read = expectOne<{ id: string; is_read: boolean; share_id: string; share: unknown }>(
              await call('POST', `/notifications/shares/${notification.id}/read`, reader),
              'ShareNotification',
            );
            assert.equal(read.id, notification.id);
            assert.equal(read.is_read, true);
            assert.equal(read.share_id, share.id);
            assert.deepEqual(read.share, {
              target_type: 'media',
              target_name: (await call('GET', `/shares/${share.id}`, owner)).json<{ target_name: string }>()
                .target_name,
              owner_username: owner.username,
            });
            assert.equal((await unreadOf(reader)).length, 0);
            const again = await call('POST', `/notifications/shares/${notification.id}/read`, reader);
            assert.equal(expectOne<{ is_read: boolean }>(again, 'ShareNotification').is_read, true);
          });
          it('401 without a valid bearer', async () => {
            await expectUnauthorized('POST', `/notifications/shares/${UNKNOWN_ID}/read`);
          });
          it('404 for an unknown id, a malformed id and somebody else’s notification (left unread)', async () => {
            const reader = await buildUser(t);
            await shareWith(reader);
            const [notification] = await unreadOf(reader);
            assert.ok(notification);
            expectError(
              await call('POST', `/notifications/shares/${UNKNOWN_ID}/read`, reader),
              404,
              'not_found',
            );
            expectError(
              await call('POST', '/notifications/shares/not-a-uuid/read', reader),
              404,
              'not_found',
            );
            const theirs = await call('POST', `/notifications/shares/${notification.id}/read`, stranger);
            expectError(theirs, 404, 'not_found');
            assert.equal((await unreadOf(reader)).length, 1);
          });
          for (const [what, body] of [
            ['that is not JSON', '{'],
            ['with unknown fields (the route takes none)', '{"is_read":false}'],
          ] as const) {
            it(`400 for a body ${what}, and the notification stays unread`, async () => {
              const reader = await buildUser(t);
              await shareWith(reader);
              const [notification] = await unreadOf(reader);
              assert.ok(notification);
              const res = await call(
                'POST',
                `/notifications/shares/${notification.id}/read`,
                reader,
                rawJson(body),
              );
              expectError(res, 400, 'bad_request');
              assert.equal((await unreadOf(reader)).length, 1);
            });
          }
        });

        describe('GET /shared/{token}', () => {
          /** Whatever a link answers is private and never stored (contract, public links). */
          const open = async (path: string, user?: TestUser, extra: Parameters<typeof call>[3] = {}) => {
            const res = await call('GET', path, user, extra);
            assert.equal(
              res.headers['cache-control'],
              'private, no-store',
              `${res.statusCode} is not stored`,
            );
            return res;
          };
          it('200 without a login: the media link view, one access counted', async () => {
            const { share, token } = await link({ note: 'For you' });
            const view = expectOne<{
              share: { id: string; note: string; owner_username: string };
              media: { id: string } | null;
              items: unknown;
              total: number;
            }>(await open(`/shared/${token}`), 'PublicLinkView');
            assert.equal(view.share.id, share.id);
            assert.equal(view.share.note, 'For you');
            assert.equal(view.share.owner_username, owner.username);
            assert.equal(view.media?.id, share.target_id);
            assert.equal(view.items, null);
            assert.equal(view.total, 1);
            const seen = await call('GET', `/shares/${share.id}`, owner);
            assert.equal(seen.json<{ access_count: number }>().access_count, 1);
          });
          it('200 with a bearer too (recorded as the actor), and for a collection link a page of items', async () => {
            const { share, token } = await link({}, 'collection');
            const view = expectOne<{ media: unknown; items: unknown[]; total: number }>(
              await open(`/shared/${token}?limit=10`, friend),
              'PublicLinkView',
            );
            assert.equal(view.media, null);
            assert.equal(view.items.length, 1);
            assert.equal(view.total, 1);
            // Link opens are logged write-behind (at least every second): write them now.
            await flushLinkActivity(t.ctx);
            const log = await call('GET', `/shares/${share.id}/activity`, owner);
            const entries = expectList<{ action: string; actor_id: string | null }>(
              log,
              'ShareActivity',
            ).items;
            const accessed = entries.find((entry) => entry.action === 'accessed');
            assert.equal(accessed?.actor_id, friend.id);
          });
          it('200 with the password as ?password= (the seed) or X-Share-Password', async () => {
            const { token } = await link({ password: 'correct horse' });
            expectOne(await open(`/shared/${token}?password=correct%20horse`), 'PublicLinkView');
            const viaHeader = await open(`/shared/${token}`, undefined, {
              headers: { 'x-share-password': 'correct horse' },
            });
            expectOne(viaHeader, 'PublicLinkView');
          });
          it('401 password_required without the password, invalid_password with a wrong one', async () => {
            const { token } = await link({ password: 'correct horse' });
            expectError(await open(`/shared/${token}`), 401, 'password_required');
            const wrong = await open(`/shared/${token}?password=wrong%20horse`, undefined, {
              remoteAddress: '198.51.100.20',
            });
            expectError(wrong, 401, 'invalid_password');
          });
          it('404 for an unknown token and a revoked link, alike', async () => {
            const unknown = expectError(await open('/shared/no-such-link-token'), 404, 'not_found');
            const { share, token } = await link();
            assert.equal((await call('DELETE', `/shares/${share.id}`, owner)).statusCode, 204);
            const revoked = expectError(await open(`/shared/${token}`), 404, 'not_found');
            assert.equal(revoked.message, unknown.message);
          });
          it('429 with Retry-After after 5 wrong passwords from one address', async () => {
            const { token } = await link({ password: 'correct horse' });
            const remoteAddress = prefix === '/api' ? '203.0.113.71' : '203.0.113.70';
            for (let i = 0; i < 5; i += 1) {
              const res = await open(`/shared/${token}`, undefined, {
                headers: { 'x-share-password': `guess ${i}` },
                remoteAddress,
              });
              expectError(res, 401, 'invalid_password');
            }
            const locked = await open(`/shared/${token}`, undefined, {
              headers: { 'x-share-password': 'correct horse' },
              remoteAddress,
            });
            expectError(locked, 429, 'rate_limited');
            assert.match(String(locked.headers['retry-after']), /^[1-9]\d*$/);
          });
        });

        describe('POST /shares', () => {
          it('200: a Share with the contract defaults; a link carries its token and URL for the owner only', async () => {
            const share = await shareWith(friend);
            assert.deepEqual(share.permissions, {
              can_view: true,
              can_download: true,
              can_edit: false,
              can_delete: false,
              can_reshare: false,
              can_add: false,
            });
            assert.equal(share.status, 'active');
            assert.equal(share.recipient_username, friend.username);
            assert.equal(share.public_token, null);
            const { share: linkShare, token } = await link();
            assert.match(token, /^[A-Za-z0-9_-]{22,}$/, 'URL-safe, >= 128 bits');
            assert.equal(linkShare.public_url, `http://pinakes.test/s/${token}`);
          });
          it('400 for malformed and refused shares, with the contract error', async () => {
            const media = await insertMedia(t, owner.id);
            const base = {
              target_type: 'media',
              target_id: media.id,
              recipient_type: 'user',
              recipient_user_id: friend.id,
            };
            const others = await insertMedia(t, stranger.id);
            const bad: Array<[string, unknown]> = [
              ['an unknown field', { ...base, colour: 'red' }],
              ['a missing target', { ...base, target_id: undefined }],
              ['an invalid UUID', { ...base, target_id: 'nope' }],
              ['a wrong type', { ...base, permissions: { can_download: 'yes' } }],
              ['can_view false', { ...base, permissions: { can_view: false } }],
              ['a missing recipient', { ...base, recipient_user_id: undefined }],
              ['an unknown recipient', { ...base, recipient_user_id: UNKNOWN_ID }],
              ['sharing with oneself', { ...base, recipient_user_id: owner.id }],
              ['an unknown target', { ...base, target_id: UNKNOWN_ID }],
              ['somebody else’s target', { ...base, target_id: others.id }],
              ['expiry in the past', { ...base, expires_at: '2001-01-01T00:00:00.000Z' }],
              ['both expiries', { ...base, expires_at: '2099-01-01T00:00:00.000Z', expires_in_hours: 2 }],
              ['a password on a user share', { ...base, password: 'long enough secret' }],
              [
                'a link that may edit',
                {
                  target_type: 'media',
                  target_id: media.id,
                  recipient_type: 'public_link',
                  permissions: { can_edit: true },
                },
              ],
              ['a note too long', { ...base, note: 'x'.repeat(2001) }],
            ];
            for (const [what, payload] of bad) {
              const res = await call('POST', '/shares', owner, { payload });
              assert.equal(res.statusCode, 400, `${what}: ${res.body}`);
              const body = expectError(res, 400, 'bad_request');
              assert.ok(body.details && body.details.length > 0, `${what}: details name the field`);
            }
            expectError(await call('POST', '/shares', owner, rawJson('{"target_type":')), 400, 'bad_request');
            expectOne(await call('POST', '/shares', owner, { payload: base }), 'Share');
            const duplicate = await call('POST', '/shares', owner, { payload: base });
            expectError(duplicate, 400, 'bad_request');
            const outgoing = expectList(await call('GET', '/shares/outgoing?limit=200', owner), 'Share');
            assert.equal(
              outgoing.items.filter((s) => (s as ShareBody).target_id === media.id).length,
              1,
              'refused requests made no share',
            );
          });
          it('401 without a valid bearer', async () => {
            const media = await insertMedia(t, owner.id);
            await expectUnauthorized('POST', '/shares', {
              target_type: 'media',
              target_id: media.id,
              recipient_type: 'public_link',
            });
          });
          // The seed lists 500 for POST /shares. A 500 is a server fault: no honest request makes a
          // healthy server answer it, and breaking the server on purpose would test the fault, not the
          // endpoint (tests/faults covers a lost database). Its shape is checked there and by the fuzzer.
          it('500 (internal_error)', { skip: 'no honest request produces a 500' }, () => {});
        });

        describe('POST /shares/batch/delete', () => {
          it('200: {deleted: N}; the shares are gone', async () => {
            const one = await shareWith(friend);
            const two = await shareWith(stranger);
            const res = await call('POST', '/shares/batch/delete', owner, {
              payload: { share_ids: [one.id, two.id] },
            });
            assert.equal(expectOne<{ deleted: number }>(res, 'BatchDeleteResult').deleted, 2);
            for (const id of [one.id, two.id]) {
              expectError(await call('GET', `/shares/${id}`, owner), 404, 'not_found');
            }
          });
          it('400 for a malformed body', async () => {
            const mine = await shareWith(friend);
            const bad: unknown[] = [
              {},
              { share_ids: [] },
              { share_ids: ['not-a-uuid'] },
              { share_ids: mine.id },
              { share_ids: [mine.id], also: true },
              { share_ids: Array.from({ length: 501 }, () => UNKNOWN_ID) },
            ];
            for (const payload of bad) {
              expectError(await call('POST', '/shares/batch/delete', owner, { payload }), 400, 'bad_request');
            }
            expectOne(await call('GET', `/shares/${mine.id}`, owner), 'Share');
          });
          it('401 without a valid bearer', () =>
            expectUnauthorized('POST', '/shares/batch/delete', { share_ids: [UNKNOWN_ID] }));
          it('403 when any id is not the caller’s or unknown; nothing is deleted', async () => {
            const mine = await shareWith(friend);
            const theirs = await shareWith(friend, stranger);
            for (const ids of [
              [mine.id, theirs.id],
              [mine.id, UNKNOWN_ID],
            ]) {
              const res = await call('POST', '/shares/batch/delete', owner, { payload: { share_ids: ids } });
              expectError(res, 403, 'forbidden');
            }
            expectOne(await call('GET', `/shares/${mine.id}`, owner), 'Share');
            expectOne(await call('GET', `/shares/${theirs.id}`, stranger), 'Share');
          });
        });

        describe('GET /shares/outgoing and /incoming: status', () => {
          it('outgoing keeps expired and used-up shares with their status, never revoked ones; incoming only active ones', async () => {
            const sender = await buildUser(t);
            const receiver = await buildUser(t);
            const expiring = await shareWith(receiver, sender, { expires_in_hours: 1 });
            const revoked = await shareWith(receiver, sender);
            const lasting = await shareWith(receiver, sender);
            const media = await insertMedia(t, sender.id);
            const created = await call('POST', '/shares', sender, {
              payload: {
                target_type: 'media',
                target_id: media.id,
                recipient_type: 'public_link',
                max_access_count: 1,
              },
            });
            const once = expectOne<ShareBody>(created, 'Share');
            assert.equal((await call('GET', `/shared/${once.public_token ?? ''}`)).statusCode, 200);
            assert.equal((await call('DELETE', `/shares/${revoked.id}`, sender)).statusCode, 204);
            t.clock.advance(2 * 3600_000);

            const outgoing = expectList<ShareBody>(await call('GET', '/shares/outgoing', sender), 'Share');
            assert.deepEqual(
              new Map(outgoing.items.map((s) => [s.id, s.status])),
              new Map([
                [once.id, 'exhausted'],
                [lasting.id, 'active'],
                [expiring.id, 'expired'],
              ]),
            );
            assert.equal(outgoing.total, 3);
            const incoming = expectList<ShareBody>(await call('GET', '/shares/incoming', receiver), 'Share');
            assert.deepEqual(
              incoming.items.map((s) => [s.id, s.status]),
              [[lasting.id, 'active']],
            );
            assert.equal(incoming.total, 1);
          });
        });

        for (const direction of ['incoming', 'outgoing'] as const) {
          describe(`GET /shares/${direction}`, () => {
            it('200: a Share array, newest first, with X-Total-Count', async () => {
              const sender = await buildUser(t);
              const receiver = await buildUser(t);
              const first = await shareWith(receiver, sender);
              t.clock.advance(1000);
              const second = await shareWith(receiver, sender);
              const who = direction === 'incoming' ? receiver : sender;
              const { items, total } = expectList<ShareBody>(
                await call('GET', `/shares/${direction}`, who),
                'Share',
              );
              assert.equal(total, 2);
              assert.deepEqual(
                items.map((s) => s.id),
                [second.id, first.id],
              );
              const page = expectList<ShareBody>(
                await call('GET', `/shares/${direction}?offset=1&limit=1`, who),
                'Share',
              );
              assert.deepEqual(
                page.items.map((s) => s.id),
                [first.id],
              );
              assert.equal(page.total, 2);
            });
            it('401 without a valid bearer', () => expectUnauthorized('GET', `/shares/${direction}`));
            it('400 for limit 0, limit 201, offset -1', () =>
              expectPaginationChecked(`/shares/${direction}`, friend));
          });
        }

        describe('GET /shares/{id}', () => {
          it('200: the Share, to its owner and its recipient (the token to the owner only)', async () => {
            const share = await shareWith(friend);
            assert.deepEqual(expectOne(await call('GET', `/shares/${share.id}`, owner), 'Share'), share);
            assert.deepEqual(expectOne(await call('GET', `/shares/${share.id}`, friend), 'Share'), share);
            const { share: linkShare } = await link();
            const seen = expectOne<ShareBody>(await call('GET', `/shares/${linkShare.id}`, owner), 'Share');
            assert.equal(seen.public_token, linkShare.public_token);
            const admin = await buildUser(t, { role: 'admin' });
            const asAdmin = expectOne<ShareBody>(
              await call('GET', `/shares/${linkShare.id}`, admin),
              'Share',
            );
            assert.equal(asAdmin.public_token, null, 'the link secret is for its owner only');
            assert.equal(asAdmin.public_url, null);
          });
          it('401 without a valid bearer', async () => {
            const share = await shareWith(friend);
            await expectUnauthorized('GET', `/shares/${share.id}`);
          });
          it('403 for anyone else', async () => {
            const share = await shareWith(friend);
            expectError(await call('GET', `/shares/${share.id}`, stranger), 403, 'forbidden');
          });
          it('404 when unknown, malformed or revoked', async () => {
            const share = await shareWith(friend);
            expectError(await call('GET', `/shares/${UNKNOWN_ID}`, owner), 404, 'not_found');
            expectError(await call('GET', '/shares/not-a-uuid', owner), 404, 'not_found');
            assert.equal((await call('DELETE', `/shares/${share.id}`, owner)).statusCode, 204);
            expectError(await call('GET', `/shares/${share.id}`, owner), 404, 'not_found');
          });
        });

        describe('PATCH /shares/{id}', () => {
          it('200: the changed Share', async () => {
            const share = await shareWith(friend);
            t.clock.advance(1000);
            const res = await call('PATCH', `/shares/${share.id}`, owner, {
              payload: { note: 'Changed', permissions: { can_download: false } },
            });
            const changed = expectOne<ShareBody & { updated_at: string }>(res, 'Share');
            assert.equal(changed.note, 'Changed');
            assert.equal(changed.permissions.can_download, false);
            assert.equal(changed.permissions.can_view, true);
            assert.notEqual(changed.updated_at, (share as ShareBody & { updated_at: string }).updated_at);
          });
          it('400 for a bad body (unknown field, wrong type, empty, not JSON); nothing changes', async () => {
            const share = await shareWith(friend);
            const bad: unknown[] = [
              { colour: 'red' },
              { note: 42 },
              {},
              { permissions: { can_view: false } },
              { expires_at: 'tomorrow' },
              { max_access_count: 0 },
            ];
            for (const payload of bad) {
              expectError(await call('PATCH', `/shares/${share.id}`, owner, { payload }), 400, 'bad_request');
            }
            expectError(
              await call('PATCH', `/shares/${share.id}`, owner, rawJson('{"note":')),
              400,
              'bad_request',
            );
            assert.deepEqual(expectOne(await call('GET', `/shares/${share.id}`, owner), 'Share'), share);
          });
          it('401 without a valid bearer', async () => {
            const share = await shareWith(friend);
            await expectUnauthorized('PATCH', `/shares/${share.id}`, { note: 'x' });
          });
          it('403 for the recipient and for strangers', async () => {
            const share = await shareWith(friend);
            for (const user of [friend, stranger]) {
              const res = await call('PATCH', `/shares/${share.id}`, user, { payload: { note: 'Mine now' } });
              expectError(res, 403, 'forbidden');
            }
            assert.equal(
              expectOne<ShareBody>(await call('GET', `/shares/${share.id}`, owner), 'Share').note,
              null,
            );
          });
          it('404 when unknown or revoked', async () => {
            const share = await shareWith(friend);
            expectError(
              await call('PATCH', `/shares/${UNKNOWN_ID}`, owner, { payload: { note: 'x' } }),
              404,
              'not_found',
            );
            assert.equal((await call('DELETE', `/shares/${share.id}`, owner)).statusCode, 204);
            const gone = await call('PATCH', `/shares/${share.id}`, owner, { payload: { note: 'x' } });
            expectError(gone, 404, 'not_found');
          });
        });

        describe('DELETE /shares/{id}', () => {
          it('204 with no body; the recipient loses the share', async () => {
            const share = await shareWith(friend);
            const res = await call('DELETE', `/shares/${share.id}`, owner);
            assert.equal(res.statusCode, 204);
            assert.equal(res.body, '');
            const incoming = expectList<ShareBody>(
              await call('GET', '/shares/incoming?limit=200', friend),
              'Share',
            );
            assert.ok(!incoming.items.some((s) => s.id === share.id));
          });
          it('401 without a valid bearer', async () => {
            const share = await shareWith(friend);
            await expectUnauthorized('DELETE', `/shares/${share.id}`);
          });
          it('403 for the recipient and for strangers; the share stays', async () => {
            const share = await shareWith(friend);
            for (const user of [friend, stranger]) {
              expectError(await call('DELETE', `/shares/${share.id}`, user), 403, 'forbidden');
            }
            expectOne(await call('GET', `/shares/${share.id}`, owner), 'Share');
          });
          it('404 when unknown, malformed or already revoked', async () => {
            const share = await shareWith(friend);
            expectError(await call('DELETE', `/shares/${UNKNOWN_ID}`, owner), 404, 'not_found');
            expectError(await call('DELETE', '/shares/not-a-uuid', owner), 404, 'not_found');
            assert.equal((await call('DELETE', `/shares/${share.id}`, owner)).statusCode, 204);
            expectError(await call('DELETE', `/shares/${share.id}`, owner), 404, 'not_found');
          });
        });

        describe('GET /shares/{id}/activity', () => {
          it('200: ShareActivity newest first with X-Total-Count', async () => {
            const share = await shareWith(friend);
            t.clock.advance(1000);
            assert.equal(
              (await call('PATCH', `/shares/${share.id}`, owner, { payload: { note: 'Later' } })).statusCode,
              200,
            );
            const { items, total } = expectList<{ action: string; share_id: string; actor_id: string }>(
              await call('GET', `/shares/${share.id}/activity`, owner),
              'ShareActivity',
            );
            assert.equal(total, 2);
            assert.deepEqual(
              items.map((entry) => [entry.action, entry.share_id, entry.actor_id]),
              [
                ['updated', share.id, owner.id],
                ['created', share.id, owner.id],
              ],
            );
          });
          it('401 without a valid bearer', async () => {
            const share = await shareWith(friend);
            await expectUnauthorized('GET', `/shares/${share.id}/activity`);
          });
          it('403 for the recipient and for strangers', async () => {
            const share = await shareWith(friend);
            for (const user of [friend, stranger]) {
              expectError(await call('GET', `/shares/${share.id}/activity`, user), 403, 'forbidden');
            }
          });
          it('404 when unknown or revoked', async () => {
            const share = await shareWith(friend);
            expectError(await call('GET', `/shares/${UNKNOWN_ID}/activity`, owner), 404, 'not_found');
            assert.equal((await call('DELETE', `/shares/${share.id}`, owner)).statusCode, 204);
            expectError(await call('GET', `/shares/${share.id}/activity`, owner), 404, 'not_found');
          });
          it('400 for limit 0, limit 201, offset -1', async () => {
            const share = await shareWith(friend);
            await expectPaginationChecked(`/shares/${share.id}/activity`, owner);
          });
        });
      });
    }
  });
}
