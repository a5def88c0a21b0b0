import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database, MediaType, NewShare } from '../../src/db/schema.js';
import { newId } from '../../src/lib/ids.js';
import { hashPassword } from '../../src/lib/passwords.js';
import { randomToken, seal, sha256 } from '../../src/lib/secrets.js';
import { systemClock } from '../../src/lib/clock.js';
import { signToken } from '../../src/services/tokens.service.js';
import { contentPath } from '../../src/storage/content-store.js';
import type { Target } from './target.js';

/** Every seeded user has this password (hashed once per process: Argon2 is slow on purpose). */
export const BENCH_PASSWORD = 'bench-password-1';
let passwordHash: Promise<string> | undefined;
export const benchPasswordHash = (): Promise<string> => (passwordHash ??= hashPassword(BENCH_PASSWORD));

export interface BenchUser {
  id: string;
  username: string;
  sessionId: string;
  /** A bearer access token for the API (signed with the target's JWT secret). */
  token: string;
}

const nowIso = () => new Date().toISOString();

/** Users with a live session each, and an access token valid for `ttlSeconds`. */
export async function createUsers(
  db: Kysely<Database>,
  target: Target,
  names: string[],
  role: 'admin' | 'editor' | 'viewer' = 'editor',
  ttlSeconds = 4 * 3600,
): Promise<BenchUser[]> {
  const hash = await benchPasswordHash();
  const now = nowIso();
  const expires = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();
  const users = names.map((username) => ({ id: newId(), username, sessionId: newId() }));
  for (let start = 0; start < users.length; start += 500) {
    const chunk = users.slice(start, start + 500);
    await db
      .insertInto('users')
      .values(
        chunk.map((user) => ({
          id: user.id,
          username: user.username,
          password_hash: hash,
          role,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    await db
      .insertInto('sessions')
      .values(
        chunk.map((user) => ({
          id: user.sessionId,
          user_id: user.id,
          user_agent: 'bench',
          ip: '127.0.0.1',
          created_at: now,
          last_used_at: now,
          expires_at: expires,
          revoked_at: null,
        })),
      )
      .execute();
  }
  return Promise.all(
    users.map(async (user) => ({
      ...user,
      token: await apiToken(target, user.id, user.sessionId, ttlSeconds),
    })),
  );
}

/** An API access token for a user's session, signed with the target's JWT secret as the server would. */
export async function apiToken(
  target: Target,
  userId: string,
  sessionId: string,
  ttlSeconds = 4 * 3600,
): Promise<string> {
  const keys = { jwt: new TextEncoder().encode(target.jwtSecret), seal: Buffer.alloc(0) };
  const { token } = await signToken({ keys, clock: systemClock }, 'pinakes:api', userId, ttlSeconds, {
    sid: sessionId,
  });
  return token;
}

export const bearer = (user: BenchUser) => ({ authorization: `Bearer ${user.token}` });

/** Copies a file into the content store (by its SHA-256, like an upload). */
export async function storeFile(dataDir: string, source: string): Promise<{ hash: string; size: number }> {
  const hash = await new Promise<string>((resolve, reject) => {
    const digest = crypto.createHash('sha256');
    fs.createReadStream(source)
      .on('data', (chunk) => digest.update(chunk))
      .on('end', () => resolve(digest.digest('hex')))
      .on('error', reject);
  });
  const destination = contentPath(dataDir, hash);
  fs.mkdirSync(path.dirname(destination), { recursive: true });
  if (!fs.existsSync(destination)) fs.copyFileSync(source, destination);
  return { hash, size: fs.statSync(destination).size };
}

export interface MediaSpec {
  ownerId: string;
  title: string;
  fileName: string;
  mediaType: MediaType;
  mimeType: string;
  hash: string;
  size: number;
  width?: number;
  height?: number;
  metadata?: Record<string, unknown>;
}

export async function createMedia(db: Kysely<Database>, spec: MediaSpec): Promise<string> {
  const id = newId();
  const now = nowIso();
  await db
    .insertInto('media')
    .values({
      id,
      owner_id: spec.ownerId,
      title: spec.title,
      description: null,
      file_name: spec.fileName,
      media_type: spec.mediaType,
      mime_type: spec.mimeType,
      size_bytes: spec.size,
      content_hash: spec.hash,
      width: spec.width ?? null,
      height: spec.height ?? null,
      duration_secs: null,
      metadata: JSON.stringify(spec.metadata ?? {}),
      search_text: spec.title,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

/** A share row with the contract defaults (view + download), overridable field by field. */
export function shareRow(
  fields: Partial<NewShare> & Pick<NewShare, 'owner_id' | 'target_type' | 'target_id' | 'recipient_type'>,
): NewShare {
  const now = nowIso();
  return {
    id: newId(),
    recipient_user_id: null,
    recipient_group_id: null,
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
    expires_at: null,
    max_access_count: null,
    last_accessed_at: null,
    inherit_to_children: 1,
    parent_share_id: null,
    revoked_at: null,
    expired_logged_at: null,
    access_notified_at: null,
    created_at: now,
    updated_at: now,
    ...fields,
  };
}

export interface BenchLink {
  id: string;
  token: string;
}

/** A public link to a media item, stored as the server stores it (sha256 + sealed token). */
export async function createLink(
  db: Kysely<Database>,
  target: Target,
  { ownerId, mediaId, password }: { ownerId: string; mediaId: string; password?: string },
): Promise<BenchLink> {
  const token = randomToken(32);
  const row = shareRow({
    owner_id: ownerId,
    target_type: 'media',
    target_id: mediaId,
    recipient_type: 'public_link',
    token_hash: sha256(token),
    token_sealed: seal(target.sealKey(), token),
    password_hash: password ? await hashPassword(password) : null,
  });
  await db.insertInto('shares').values(row).execute();
  return { id: row.id, token };
}

/** The fixture photo the tests use too (tests/fixtures of this checkout). */
export function fixturePhoto(): string {
  const file = path.resolve(import.meta.dirname, '../../tests/fixtures/photo.jpg');
  if (!fs.existsSync(file)) throw new Error(`fixture photo not found at ${file}`);
  return file;
}
