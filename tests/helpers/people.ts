import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import type { ShareRow } from '../../src/db/schema.js';
import { newId } from '../../src/lib/ids.js';
import { addMember, createGroup } from '../../src/services/groups.service.js';
import type { TestApp } from './app.js';

export interface TestGroup {
  id: string;
  name: string;
}

/** A group made through the service, with the given members. */
export async function buildGroup(
  t: TestApp,
  options: { name?: string; description?: string; memberIds?: string[] } = {},
): Promise<TestGroup> {
  const name = options.name ?? `group-${crypto.randomBytes(4).toString('hex')}`;
  const { group } = await createGroup(t.ctx, { name, description: options.description });
  for (const userId of options.memberIds ?? []) await addMember(t.ctx, group.id, userId);
  return { id: group.id, name: group.name };
}

/** A collection row to share (its contents do not matter to people tests). */
export async function insertCollection(t: TestApp, ownerId: string): Promise<string> {
  const id = newId();
  const now = t.clock.now().toISOString();
  await t.ctx.db.kysely
    .insertInto('collections')
    .values({
      id,
      owner_id: ownerId,
      name: `Album ${id.slice(-4)}`,
      description: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

/** A live share row written straight into the database. */
export async function insertShare(
  t: TestApp,
  share: {
    ownerId: string;
    targetId: string;
    toUserId?: string;
    toGroupId?: string;
    parentShareId?: string;
  },
): Promise<ShareRow> {
  const now = t.clock.now().toISOString();
  const row: ShareRow = {
    id: newId(),
    owner_id: share.ownerId,
    target_type: 'collection',
    target_id: share.targetId,
    recipient_type: share.toGroupId ? 'group' : 'user',
    recipient_user_id: share.toUserId ?? null,
    recipient_group_id: share.toGroupId ?? null,
    token_hash: null,
    token_sealed: null,
    password_hash: null,
    can_view: 1,
    can_download: 1,
    can_edit: 0,
    can_delete: 0,
    can_reshare: 1,
    can_add: 0,
    note: null,
    expires_at: null,
    max_access_count: null,
    access_count: 0,
    last_accessed_at: null,
    inherit_to_children: 1,
    parent_share_id: share.parentShareId ?? null,
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

export function login(
  t: TestApp,
  username: string,
  password: string,
  remoteAddress = '127.0.0.1',
): Promise<LightMyRequestResponse> {
  return t.request({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
    remoteAddress,
  });
}

/** A media row whose bytes are really in the content store, to see files go with their owner. */
export async function insertStoredMedia(
  t: TestApp,
  ownerId: string,
  bytes: string,
): Promise<{ id: string; file: string }> {
  const hash = crypto.createHash('sha256').update(bytes).digest('hex');
  const file = path.join(t.dataDir, 'media', hash.slice(0, 2), hash.slice(2, 4), hash);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  const id = newId();
  const now = t.clock.now().toISOString();
  await t.ctx.db.kysely
    .insertInto('media')
    .values({
      id,
      owner_id: ownerId,
      title: `Stored ${id.slice(-4)}`,
      description: null,
      file_name: 'stored.txt',
      media_type: 'text',
      mime_type: 'text/plain',
      size_bytes: Buffer.byteLength(bytes),
      content_hash: hash,
      width: null,
      height: null,
      duration_secs: null,
      metadata: '{}',
      search_text: '',
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { id, file };
}
