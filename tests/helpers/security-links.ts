import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from './app.js';
import type { TestUser } from './factories.js';
import { uploadOne, type UploadedMedia } from './media.js';

/*
 * Link scenarios driven only through the public API, as an attacker and an owner would:
 * create a share, open the link, fetch its files, change the share.
 */

export type LinkFileKind = 'stream' | 'download' | 'thumbnail';
export const LINK_FILE_KINDS: LinkFileKind[] = ['stream', 'download', 'thumbnail'];

export interface CreatedShare {
  id: string;
  public_token: string | null;
  [field: string]: unknown;
}

export async function createShare(
  t: TestApp,
  owner: TestUser,
  body: Record<string, unknown>,
): Promise<CreatedShare> {
  const res = await t.request({ method: 'POST', url: '/api/v1/shares', token: owner.token, payload: body });
  assert.equal(res.statusCode, 200, `POST /shares: ${res.statusCode} ${res.body}`);
  return res.json<CreatedShare>();
}

/** A public link to one media item (or any target), through POST /shares. */
export async function createLink(
  t: TestApp,
  owner: TestUser,
  targetId: string,
  extra: Record<string, unknown> = {},
  targetType = 'media',
): Promise<CreatedShare & { public_token: string }> {
  const share = await createShare(t, owner, {
    target_type: targetType,
    target_id: targetId,
    recipient_type: 'public_link',
    ...extra,
  });
  assert.equal(typeof share.public_token, 'string', 'the owner sees the link token');
  return share as CreatedShare & { public_token: string };
}

export function openLink(
  t: TestApp,
  token: string,
  options: {
    password?: string;
    accessToken?: string;
    headers?: Record<string, string>;
    query?: string;
    remoteAddress?: string;
  } = {},
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.password !== undefined) headers['x-share-password'] = options.password;
  if (options.accessToken !== undefined) headers['x-share-access'] = options.accessToken;
  return t.app.inject({
    method: 'GET',
    url: `/api/v1/shared/${token}${options.query ? `?${options.query}` : ''}`,
    headers,
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
  });
}

/** Opens a link and returns its access token (fails the test otherwise). */
export async function accessTokenOf(t: TestApp, token: string, password?: string): Promise<string> {
  const res = await openLink(t, token, password === undefined ? {} : { password });
  assert.equal(res.statusCode, 200, `open link: ${res.statusCode} ${res.body}`);
  const accessToken = res.json<{ access_token: string }>().access_token;
  assert.equal(typeof accessToken, 'string');
  return accessToken;
}

export function linkFile(
  t: TestApp,
  token: string,
  mediaId: string,
  kind: LinkFileKind,
  options: {
    accessToken?: string;
    headers?: Record<string, string>;
    query?: string;
    method?: 'GET' | 'HEAD';
  } = {},
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.accessToken !== undefined) headers['x-share-access'] = options.accessToken;
  return t.app.inject({
    method: options.method ?? 'GET',
    url: `/api/v1/shared/${token}/media/${mediaId}/${kind}${options.query ? `?${options.query}` : ''}`,
    headers,
  });
}

export async function patchShare(t: TestApp, owner: TestUser, id: string, body: Record<string, unknown>) {
  return t.request({ method: 'PATCH', url: `/api/v1/shares/${id}`, token: owner.token, payload: body });
}

/** The library an owner shares: a photo (has a thumbnail), a text file, active content. */
export interface SharedLibrary {
  photo: UploadedMedia;
  text: UploadedMedia;
  svg: UploadedMedia;
  html: UploadedMedia;
}

export async function uploadLibrary(t: TestApp, owner: TestUser): Promise<SharedLibrary> {
  return {
    photo: await uploadOne(t, owner, 'photo.jpg'),
    text: await uploadOne(t, owner, 'plain.txt'),
    svg: await uploadOne(t, owner, 'hostile.svg'),
    html: await uploadOne(t, owner, 'hostile.html'),
  };
}

/** Statuses that serve content (or confirm a cached copy): none may answer a refused request. */
export const SERVES_CONTENT = new Set([200, 206, 304]);

/** Asserts a response serves nothing and is a clean JSON error with the expected status. */
export function assertRefused(res: LightMyRequestResponse, status: number, what: string): void {
  assert.equal(
    res.statusCode,
    status,
    `${what}: expected ${status}, got ${res.statusCode} ${res.body.slice(0, 200)}`,
  );
  assert.match(String(res.headers['content-type']), /^application\/json/, `${what}: JSON error`);
  assert.equal(res.headers['content-disposition'], undefined, `${what}: no file`);
}
