import crypto from 'node:crypto';
import type { MediaRow, MediaType, ShareRow, ShareTargetType } from '../../src/db/schema.js';
import { newId } from '../../src/lib/ids.js';
import { buildSearchText } from '../../src/repositories/search.repository.js';
import type { TestApp } from './app.js';

export interface MediaFixture {
  title?: string;
  description?: string | null;
  file_name?: string;
  media_type?: MediaType;
  mime_type?: string;
  metadata?: Record<string, unknown>;
  /** Leading text of a text document. */
  content?: string;
  /** Tag ids to attach (they must exist). */
  tagIds?: string[];
}

/**
 * A media row written straight into the database, indexed as uploads index it (no file on
 * disk: enough for tags, collections, search and access checks). Each one is a second newer
 * than the one before, so "newest first" orders are predictable.
 */
export async function insertMedia(
  t: TestApp,
  ownerId: string,
  fixture: MediaFixture = {},
): Promise<MediaRow> {
  const db = t.ctx.db.kysely;
  t.clock.advance(1000);
  const now = t.clock.now().toISOString();
  const title = fixture.title ?? `Item ${crypto.randomBytes(3).toString('hex')}`;
  const fileName = fixture.file_name ?? `${title.replace(/\s+/g, '_')}.jpg`;
  const metadata = fixture.metadata ?? {};
  const tagIds = fixture.tagIds ?? [];
  const tagNames = tagIds.length
    ? (await db.selectFrom('tags').select('name').where('id', 'in', tagIds).execute()).map((row) => row.name)
    : [];
  const row: MediaRow = {
    id: newId(),
    owner_id: ownerId,
    title,
    description: fixture.description ?? null,
    file_name: fileName,
    media_type: fixture.media_type ?? 'image',
    mime_type: fixture.mime_type ?? 'image/jpeg',
    size_bytes: 1234,
    content_hash: crypto.randomBytes(32).toString('hex'),
    width: null,
    height: null,
    duration_secs: null,
    metadata: JSON.stringify(metadata),
    search_text: buildSearchText({
      title,
      file_name: fileName,
      description: fixture.description ?? null,
      tags: tagNames,
      metadata,
      content: fixture.content,
    }),
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('media').values(row).execute();
  if (tagIds.length) {
    await db
      .insertInto('media_tags')
      .values(tagIds.map((tagId) => ({ media_id: row.id, tag_id: tagId })))
      .execute();
  }
  return row;
}

export interface ShareFixture {
  ownerId: string;
  targetType: ShareTargetType;
  targetId: string;
  recipientUserId?: string;
  recipientGroupId?: string;
  permissions?: Partial<
    Record<'can_view' | 'can_download' | 'can_edit' | 'can_delete' | 'can_reshare' | 'can_add', boolean>
  >;
  inheritToChildren?: boolean;
  expiresAt?: string | null;
}

/** A share row written straight into the database (view and download by default, reaching children). */
export async function insertShare(t: TestApp, fixture: ShareFixture): Promise<ShareRow> {
  const now = t.clock.now().toISOString();
  const flag = (value: boolean | undefined, fallback: boolean): 0 | 1 => ((value ?? fallback) ? 1 : 0);
  const p = fixture.permissions ?? {};
  const row: ShareRow = {
    id: newId(),
    owner_id: fixture.ownerId,
    target_type: fixture.targetType,
    target_id: fixture.targetId,
    recipient_type: fixture.recipientGroupId ? 'group' : 'user',
    recipient_user_id: fixture.recipientGroupId ? null : (fixture.recipientUserId ?? null),
    recipient_group_id: fixture.recipientGroupId ?? null,
    token_hash: null,
    token_sealed: null,
    password_hash: null,
    can_view: flag(p.can_view, true),
    can_download: flag(p.can_download, true),
    can_edit: flag(p.can_edit, false),
    can_delete: flag(p.can_delete, false),
    can_reshare: flag(p.can_reshare, false),
    can_add: flag(p.can_add, false),
    note: null,
    expires_at: fixture.expiresAt ?? null,
    max_access_count: null,
    access_count: 0,
    last_accessed_at: null,
    inherit_to_children: flag(fixture.inheritToChildren, true),
    parent_share_id: null,
    state_version: 1,
    revoked_at: null,
    expired_logged_at: null,
    access_notified_at: null,
    created_at: now,
    updated_at: now,
  };
  await t.ctx.db.kysely.insertInto('shares').values(row).execute();
  return row;
}

export async function findShare(t: TestApp, id: string): Promise<ShareRow | undefined> {
  return t.ctx.db.kysely.selectFrom('shares').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function searchTextOf(t: TestApp, mediaId: string): Promise<string> {
  const row = await t.ctx.db.kysely
    .selectFrom('media')
    .select('search_text')
    .where('id', '=', mediaId)
    .executeTakeFirstOrThrow();
  return row.search_text;
}

/** Some well-formed UUID that names nothing. */
export const UNKNOWN_ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
