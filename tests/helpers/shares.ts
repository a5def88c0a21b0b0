import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import type { MediaRow, ShareTargetType } from '../../src/db/schema.js';
import { newId } from '../../src/lib/ids.js';
import type { Principal } from '../../src/plugins/auth.js';
import { buildSearchText } from '../../src/repositories/search.repository.js';
import type { Share } from '../../src/presenters/share.presenter.js';
import type { TestApp } from './app.js';
import { buildUser, type TestUser } from './factories.js';

/*
 * Share factories. Targets are written straight into the database (no upload, no files):
 * enough for sharing, access checks and listings. Shares themselves are made through the API,
 * so each factory call also exercises POST /shares.
 */

/** Tests move the clock by hours and days: sessions made at the start must outlive that. */
export const LONG_LIVED_TOKENS = {
  accessTokenTtlSeconds: 365 * 24 * 3600,
  refreshTokenTtlSeconds: 400 * 24 * 3600,
};

const suffix = () => crypto.randomBytes(3).toString('hex');

/** A media row owned by `ownerId`, a second newer than anything made before it. */
export async function insertMedia(
  t: TestApp,
  ownerId: string,
  fields: { title?: string; description?: string; tagIds?: string[] } = {},
): Promise<MediaRow> {
  t.clock.advance(1000);
  const now = t.clock.now().toISOString();
  const title = fields.title ?? `Photo ${suffix()}`;
  const fileName = `${title.replace(/\W+/g, '_')}.jpg`;
  const db = t.ctx.db.kysely;
  const tagNames = fields.tagIds?.length
    ? (await db.selectFrom('tags').select('name').where('id', 'in', fields.tagIds).execute()).map(
        (row) => row.name,
      )
    : [];
  const row: MediaRow = {
    id: newId(),
    owner_id: ownerId,
    title,
    description: fields.description ?? null,
    file_name: fileName,
    media_type: 'image',
    mime_type: 'image/jpeg',
    size_bytes: 2048,
    content_hash: crypto.randomBytes(32).toString('hex'),
    width: 640,
    height: 480,
    duration_secs: null,
    metadata: '{}',
    search_text: buildSearchText({
      title,
      file_name: fileName,
      description: fields.description ?? null,
      tags: tagNames,
      metadata: {},
    }),
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('media').values(row).execute();
  for (const tagId of fields.tagIds ?? []) {
    await db.insertInto('media_tags').values({ media_id: row.id, tag_id: tagId }).execute();
  }
  return row;
}

export async function insertCollection(
  t: TestApp,
  ownerId: string,
  mediaIds: string[] = [],
): Promise<string> {
  const id = newId();
  const now = t.clock.now().toISOString();
  const db = t.ctx.db.kysely;
  await db
    .insertInto('collections')
    .values({
      id,
      owner_id: ownerId,
      name: `Album ${suffix()}`,
      description: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  for (const mediaId of mediaIds) {
    await db
      .insertInto('collection_members')
      .values({ collection_id: id, media_id: mediaId, added_by: ownerId, added_at: now })
      .execute();
  }
  return id;
}

export async function insertTag(t: TestApp, ownerId: string, name = `tag-${suffix()}`): Promise<string> {
  const id = newId();
  await t.ctx.db.kysely
    .insertInto('tags')
    .values({ id, owner_id: ownerId, name, created_at: t.clock.now().toISOString() })
    .execute();
  return id;
}

export async function insertSavedSearch(t: TestApp, ownerId: string, query: string): Promise<string> {
  const id = newId();
  const now = t.clock.now().toISOString();
  await t.ctx.db.kysely
    .insertInto('saved_searches')
    .values({ id, owner_id: ownerId, name: `Search ${suffix()}`, query, created_at: now, updated_at: now })
    .execute();
  return id;
}

/** A group with these members, written straight into the database. */
export async function insertGroup(t: TestApp, memberIds: string[] = []): Promise<string> {
  const id = newId();
  const now = t.clock.now().toISOString();
  const db = t.ctx.db.kysely;
  await db
    .insertInto('groups')
    .values({ id, name: `team-${suffix()}`, description: null, created_at: now, updated_at: now })
    .execute();
  for (const userId of memberIds) await addToGroup(t, id, userId);
  return id;
}

export async function addToGroup(t: TestApp, groupId: string, userId: string): Promise<void> {
  await t.ctx.db.kysely
    .insertInto('group_members')
    .values({ group_id: groupId, user_id: userId, added_at: t.clock.now().toISOString() })
    .execute();
}

export async function removeFromGroup(t: TestApp, groupId: string, userId: string): Promise<void> {
  await t.ctx.db.kysely
    .deleteFrom('group_members')
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .execute();
}

export type Recipient = TestUser | { groupId: string } | 'link';

export interface ShareOptions {
  target_type?: ShareTargetType;
  /** Default: a new media item of the owner's. */
  target_id?: string;
  /** Default: a new viewer. */
  to?: Recipient;
  permissions?: Record<string, boolean>;
  [field: string]: unknown;
}

/** A new target of the given type, owned by `ownerId` (a collection holds one item). */
export async function insertTarget(t: TestApp, ownerId: string, type: ShareTargetType): Promise<string> {
  switch (type) {
    case 'media':
      return (await insertMedia(t, ownerId)).id;
    case 'collection':
      return insertCollection(t, ownerId, [(await insertMedia(t, ownerId)).id]);
    case 'tag':
      return insertTag(t, ownerId);
    case 'saved_search':
      return insertSavedSearch(t, ownerId, 'photo');
  }
}

/** The body POST /shares takes for these options. */
export async function shareBody(t: TestApp, owner: TestUser, options: ShareOptions = {}) {
  const { target_type = 'media', target_id, to, ...rest } = options;
  const targetId = target_id ?? (await insertTarget(t, owner.id, target_type));
  const recipient = to ?? (await buildUser(t, { role: 'viewer' }));
  const recipientFields =
    recipient === 'link'
      ? { recipient_type: 'public_link' }
      : 'groupId' in recipient
        ? { recipient_type: 'group', recipient_group_id: recipient.groupId }
        : { recipient_type: 'user', recipient_user_id: recipient.id };
  return { target_type, target_id: targetId, ...recipientFields, ...rest };
}

/** A share made through POST /shares, creating the target and the recipient when not given. */
export async function buildShare(t: TestApp, owner: TestUser, options: ShareOptions = {}): Promise<Share> {
  const payload = await shareBody(t, owner, options);
  const res = await t.request({ method: 'POST', url: '/api/v1/shares', token: owner.token, payload });
  assert.equal(res.statusCode, 200, `creating a share failed: ${res.body}`);
  return res.json<Share>();
}

/** What the access module sees for a test user (the session does not matter to it). */
export const principalOf = (user: TestUser): Principal => ({
  userId: user.id,
  username: user.username,
  role: user.role,
  sessionId: 'tests',
});

export async function activityOf(t: TestApp, shareId: string) {
  return t.ctx.db.kysely
    .selectFrom('share_activity')
    .selectAll()
    .where('share_id', '=', shareId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function notificationsOf(t: TestApp, userId: string) {
  return t.ctx.db.kysely
    .selectFrom('notifications')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function shareRow(t: TestApp, id: string) {
  return t.ctx.db.kysely.selectFrom('shares').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** GET /media/{id} as this user: 200 when a share (or ownership) lets them see it, else 404. */
export async function mediaStatus(t: TestApp, user: TestUser, mediaId: string): Promise<number> {
  const res = await t.request({ method: 'GET', url: `/api/v1/media/${mediaId}`, token: user.token });
  return res.statusCode;
}
