import crypto from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { Share } from '../../src/presenters/share.presenter.js';
import type { TestApp } from './app.js';
import { buildUser, type TestUser } from './factories.js';
import { fixture, uploadOne } from './media.js';

/*
 * A small world for authorization tests, built through the real API: the people who can
 * stand in some relation to a share, and three kinds of share (a user share of a media item,
 * a group share of a collection, a public link of a media item), each made afresh on demand
 * so a test that changes one never disturbs another.
 */

export const PRINCIPALS = [
  'owner',
  'recipient',
  'member',
  'former',
  'stranger',
  'admin',
  'anonymous',
] as const;
export type PrincipalName = (typeof PRINCIPALS)[number];

export interface Cast {
  /** An editor who owns every shared thing. */
  owner: TestUser;
  /** The recipient of the user share (an editor). */
  recipient: TestUser;
  /** A member of the group the collection is shared with (an editor). */
  member: TestUser;
  /** Was in that group when the share was made, removed right after (an editor). */
  former: TestUser;
  /** An editor with no share at all. */
  stranger: TestUser;
  /** An administrator who owns none of it. */
  admin: TestUser;
  /** Nobody in the matrix: the recipient of reshares. */
  bystander: TestUser;
  /** A media item each principal owns, to add to a collection. */
  ownMedia: Record<Exclude<PrincipalName, 'anonymous'>, string>;
  /** A tag of the owner's, to put on shared media. */
  ownerTagId: string;
}

/** The bearer token of a principal (none for anonymous). */
export const tokenOf = (cast: Cast, who: PrincipalName): string | undefined =>
  who === 'anonymous' ? undefined : cast[who].token;

const PHOTO = fixture('photo.jpg');

/** A real JPEG whose bytes (and so content hash) are new: uploads are de-duplicated per owner. */
export const uniquePhoto = (): Buffer => Buffer.concat([PHOTO, crypto.randomBytes(16)]);

async function expectOk(res: LightMyRequestResponse, what: string): Promise<LightMyRequestResponse> {
  if (res.statusCode >= 300) throw new Error(`${what} failed: ${res.statusCode} ${res.body}`);
  return res;
}

export async function api(
  t: TestApp,
  user: TestUser,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: Record<string, unknown>,
): Promise<LightMyRequestResponse> {
  const res = await t.request({ method, url: `/api/v1${url}`, token: user.token, payload });
  return expectOk(res, `${method} ${url}`);
}

export async function uploadPhoto(t: TestApp, user: TestUser): Promise<string> {
  return (await uploadOne(t, user, 'photo.jpg', { bytes: uniquePhoto(), fileName: 'photo.jpg' })).id;
}

export async function buildCast(t: TestApp): Promise<Cast> {
  const [owner, recipient, member, former, stranger, admin, bystander] = await Promise.all([
    buildUser(t, { role: 'editor' }),
    buildUser(t, { role: 'editor' }),
    buildUser(t, { role: 'editor' }),
    buildUser(t, { role: 'editor' }),
    buildUser(t, { role: 'editor' }),
    buildUser(t, { role: 'admin' }),
    buildUser(t, { role: 'editor' }),
  ]);
  const people = { owner, recipient, member, former, stranger, admin };
  const ownMedia = Object.fromEntries(
    await Promise.all(
      Object.entries(people).map(async ([name, user]) => [name, await uploadPhoto(t, user)] as const),
    ),
  ) as Cast['ownMedia'];
  const tag = await api(t, owner, 'POST', '/tags', {
    name: `matrix-${crypto.randomBytes(3).toString('hex')}`,
  });
  return { ...people, bystander, ownMedia, ownerTagId: tag.json<{ id: string }>().id };
}

export type ResourceKind = 'userMedia' | 'groupCollection' | 'mediaLink';

export interface Resource {
  kind: ResourceKind;
  share: Share;
  /** The media item the share opens (for a collection: one of its members). */
  mediaId: string;
  collectionId?: string;
  /** The link token (links only). */
  token?: string;
}

/** The owner's new photo, shared with the recipient to view only (no download, edit, delete, reshare). */
async function userMediaShare(t: TestApp, cast: Cast): Promise<Resource> {
  const mediaId = await uploadPhoto(t, cast.owner);
  const res = await api(t, cast.owner, 'POST', '/shares', {
    target_type: 'media',
    target_id: mediaId,
    recipient_type: 'user',
    recipient_user_id: cast.recipient.id,
    permissions: { can_view: true, can_download: false },
  });
  return { kind: 'userMedia', share: res.json<Share>(), mediaId };
}

/**
 * A collection holding the owner's new photo, shared with a new group of member and former
 * (view, download, add, reshare); former leaves the group once the share exists.
 */
async function groupCollectionShare(t: TestApp, cast: Cast): Promise<Resource> {
  const mediaId = await uploadPhoto(t, cast.owner);
  const collection = await api(t, cast.owner, 'POST', '/collections', { name: 'Shared album' });
  const collectionId = collection.json<{ id: string }>().id;
  await api(t, cast.owner, 'POST', `/collections/${collectionId}/members`, { media_ids: [mediaId] });
  const group = await api(t, cast.admin, 'POST', '/groups', {
    name: `team-${crypto.randomBytes(4).toString('hex')}`,
  });
  const groupId = group.json<{ id: string }>().id;
  await api(t, cast.admin, 'POST', `/groups/${groupId}/members`, { user_id: cast.member.id });
  await api(t, cast.admin, 'POST', `/groups/${groupId}/members`, { user_id: cast.former.id });
  const res = await api(t, cast.owner, 'POST', '/shares', {
    target_type: 'collection',
    target_id: collectionId,
    recipient_type: 'group',
    recipient_group_id: groupId,
    permissions: { can_download: true, can_add: true, can_reshare: true },
  });
  await api(t, cast.admin, 'DELETE', `/groups/${groupId}/members/${cast.former.id}`);
  return { kind: 'groupCollection', share: res.json<Share>(), mediaId, collectionId };
}

/** A public link (no password, no limit) to the owner's new photo. */
async function mediaLink(t: TestApp, cast: Cast): Promise<Resource> {
  const mediaId = await uploadPhoto(t, cast.owner);
  const res = await api(t, cast.owner, 'POST', '/shares', {
    target_type: 'media',
    target_id: mediaId,
    recipient_type: 'public_link',
  });
  const share = res.json<Share>();
  if (!share.public_token) throw new Error('a new link carries no public_token for its owner');
  return { kind: 'mediaLink', share, mediaId, token: share.public_token };
}

export const buildResource = (t: TestApp, cast: Cast, kind: ResourceKind): Promise<Resource> =>
  ({ userMedia: userMediaShare, groupCollection: groupCollectionShare, mediaLink })[kind](t, cast);

/** Every id of a paged list (X-Total-Count tells when to stop). */
export async function listedIds(
  t: TestApp,
  token: string,
  url: string,
): Promise<{ status: number; ids: string[] }> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += 200) {
    const res = await t.request({ method: 'GET', url: `${url}?offset=${offset}&limit=200`, token });
    if (res.statusCode !== 200) return { status: res.statusCode, ids };
    const page = res.json<Array<{ id: string }>>();
    ids.push(...page.map((item) => item.id));
    if (page.length === 0 || ids.length >= Number(res.headers['x-total-count'])) return { status: 200, ids };
  }
}
