import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { MediaRow, ShareRow, ShareTargetType } from '../../src/db/schema.js';
import { newId } from '../../src/lib/ids.js';
import { hashPassword } from '../../src/lib/passwords.js';
import { randomToken, seal, sha256 } from '../../src/lib/secrets.js';
import { contentPath } from '../../src/storage/content-store.js';
import type { TestApp } from './app.js';

export interface LinkOptions {
  target_type?: ShareTargetType;
  target_id: string;
  password?: string;
  max_access_count?: number | null;
  expires_at?: string | null;
  note?: string | null;
  inherit_to_children?: boolean;
  permissions?: Partial<
    Record<'can_view' | 'can_download' | 'can_edit' | 'can_delete' | 'can_reshare' | 'can_add', boolean>
  >;
}

const flag = (value: boolean | undefined, fallback: boolean): 0 | 1 => ((value ?? fallback) ? 1 : 0);

/** A public link written straight to the database, as the shares service would store it. */
export async function insertLink(
  t: TestApp,
  ownerId: string,
  options: LinkOptions,
): Promise<{ share: ShareRow; token: string }> {
  const token = randomToken(32);
  const now = t.clock.now().toISOString();
  const permissions = options.permissions ?? {};
  const share: ShareRow = {
    id: newId(),
    owner_id: ownerId,
    target_type: options.target_type ?? 'media',
    target_id: options.target_id,
    recipient_type: 'public_link',
    recipient_user_id: null,
    recipient_group_id: null,
    token_hash: sha256(token),
    token_sealed: seal(t.ctx.keys.seal, token),
    password_hash: options.password ? await hashPassword(options.password) : null,
    can_view: 1,
    can_download: flag(permissions.can_download, true),
    can_edit: 0,
    can_delete: 0,
    can_reshare: 0,
    can_add: 0,
    note: options.note ?? null,
    expires_at: options.expires_at ?? null,
    max_access_count: options.max_access_count ?? null,
    access_count: 0,
    last_accessed_at: null,
    inherit_to_children: flag(options.inherit_to_children, true),
    parent_share_id: null,
    state_version: 1,
    revoked_at: null,
    expired_logged_at: null,
    access_notified_at: null,
    created_at: now,
    updated_at: now,
  };
  await t.ctx.db.kysely.insertInto('shares').values(share).execute();
  return { share, token };
}

/** A user or group share written straight to the database. */
export async function insertShare(
  t: TestApp,
  ownerId: string,
  options: {
    target_type?: ShareTargetType;
    target_id: string;
    user_id?: string;
    group_id?: string;
    expires_at?: string | null;
  },
): Promise<ShareRow> {
  const now = t.clock.now().toISOString();
  const share: ShareRow = {
    id: newId(),
    owner_id: ownerId,
    target_type: options.target_type ?? 'media',
    target_id: options.target_id,
    recipient_type: options.group_id ? 'group' : 'user',
    recipient_user_id: options.group_id ? null : (options.user_id ?? null),
    recipient_group_id: options.group_id ?? null,
    token_hash: null,
    token_sealed: null,
    password_hash: null,
    can_view: 1,
    can_download: 1,
    can_edit: 0,
    can_delete: 0,
    can_reshare: 0,
    can_add: 0,
    note: null,
    expires_at: options.expires_at ?? null,
    max_access_count: null,
    access_count: 0,
    last_accessed_at: null,
    inherit_to_children: 1,
    parent_share_id: null,
    state_version: 1,
    revoked_at: null,
    expired_logged_at: null,
    access_notified_at: null,
    created_at: now,
    updated_at: now,
  };
  await t.ctx.db.kysely.insertInto('shares').values(share).execute();
  return share;
}

/**
 * A media item owned by `ownerId`, with its bytes really stored where the media store keeps
 * them (so file routes can serve it).
 */
export async function insertStoredMedia(
  t: TestApp,
  ownerId: string,
  options: { title?: string; bytes?: Buffer; mime_type?: string; file_name?: string } = {},
): Promise<MediaRow> {
  const bytes = options.bytes ?? crypto.randomBytes(4096);
  const hash = sha256(bytes);
  const file = contentPath(t.dataDir, hash);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  const now = t.clock.now().toISOString();
  const row: MediaRow = {
    id: newId(),
    owner_id: ownerId,
    title: options.title ?? `item ${hash.slice(0, 8)}`,
    description: null,
    file_name: options.file_name ?? `${hash.slice(0, 8)}.bin`,
    media_type: 'other',
    mime_type: options.mime_type ?? 'application/octet-stream',
    size_bytes: bytes.length,
    content_hash: hash,
    width: null,
    height: null,
    duration_secs: null,
    metadata: '{}',
    search_text: options.title ?? '',
    created_at: now,
    updated_at: now,
  };
  await t.ctx.db.kysely.insertInto('media').values(row).execute();
  return row;
}

/** A collection holding the given media. */
export async function insertCollection(
  t: TestApp,
  ownerId: string,
  mediaIds: string[],
  name = 'Holiday',
): Promise<string> {
  const id = newId();
  const now = t.clock.now().toISOString();
  await t.ctx.db.kysely
    .insertInto('collections')
    .values({ id, owner_id: ownerId, name, description: null, created_at: now, updated_at: now })
    .execute();
  if (mediaIds.length > 0) {
    await t.ctx.db.kysely
      .insertInto('collection_members')
      .values(mediaIds.map((media_id) => ({ collection_id: id, media_id, added_by: ownerId, added_at: now })))
      .execute();
  }
  return id;
}
