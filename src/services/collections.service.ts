import type { AppContext } from '../context.js';
import { requireCollection } from '../access/collection.access.js';
import { requireLibraryOwner } from '../access/library.access.js';
import { childrenVisible, requireChildrenVisible } from '../access/shared-target.access.js';
import { badRequest, forbidden, notFound } from '../errors.js';
import { newId } from '../lib/ids.js';
import { cleanName, cleanText } from '../lib/names.js';
import type { Principal } from '../plugins/auth.js';
import { presentCollection, type Collection } from '../presenters/collection.presenter.js';
import {
  addMembers as addMemberRows,
  deleteCollection as deleteCollectionRow,
  findCollectionSummary,
  findMember,
  insertCollection,
  listCollectionsOf,
  listMembers as listMemberRows,
  mediaIdsOwnedBy,
  removeMember as removeMemberRow,
  updateCollection as updateCollectionRow,
  type CollectionRow,
} from '../repositories/collections.repository.js';
import { revokeSharesOfTargets } from '../repositories/share-targets.repository.js';
import { presentMediaRows, type Page } from './media-list.service.js';

async function presentById(ctx: AppContext, principal: Principal, id: string): Promise<Collection> {
  const collection = await findCollectionSummary(ctx.db.kysely, id);
  if (!collection) throw notFound('Collection');
  const showCover = await childrenVisible(ctx, principal, {
    type: 'collection',
    id,
    ownerId: collection.owner_id,
  });
  return presentCollection(collection, { showCover });
}

export async function createCollection(
  ctx: AppContext,
  principal: Principal,
  input: { name: string; description?: string | null | undefined },
): Promise<Collection> {
  requireLibraryOwner(principal, 'collections');
  const now = ctx.clock.now().toISOString();
  const collection: CollectionRow = {
    id: newId(),
    owner_id: principal.userId,
    name: cleanName('name', input.name),
    description: cleanText(input.description),
    created_at: now,
    updated_at: now,
  };
  await insertCollection(ctx.db.kysely, collection);
  return presentCollection({ ...collection, media_count: 0, cover_media_id: null });
}

export async function listCollections(ctx: AppContext, principal: Principal, page: Page) {
  const { items, total } = await listCollectionsOf(ctx.db.kysely, principal.userId, page);
  return { items: items.map((item) => presentCollection(item)), total };
}

/** A collection its owner or a recipient of a live share of it may see. */
export async function getCollection(ctx: AppContext, principal: Principal, id: string): Promise<Collection> {
  await requireCollection(ctx, principal, 'view', id);
  return presentById(ctx, principal, id);
}

export async function updateCollection(
  ctx: AppContext,
  principal: Principal,
  id: string,
  input: { name?: string | undefined; description?: string | null | undefined },
): Promise<Collection> {
  await requireCollection(ctx, principal, 'manage', id);
  const changes: { name?: string; description?: string | null } = {};
  if (input.name !== undefined) changes.name = cleanName('name', input.name);
  if (input.description !== undefined) changes.description = cleanText(input.description);
  await updateCollectionRow(ctx.db.kysely, id, { ...changes, updated_at: ctx.clock.now().toISOString() });
  return presentById(ctx, principal, id);
}

/** Deletes a collection (its media stay in the library) and ends every share of it. */
export async function deleteCollection(ctx: AppContext, principal: Principal, id: string): Promise<void> {
  await requireCollection(ctx, principal, 'manage', id);
  const now = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await revokeSharesOfTargets(trx, 'collection', [id], now);
    await deleteCollectionRow(trx, id);
  });
}

/**
 * Adds media to a collection: its owner, or a recipient whose share allows adding. Either may
 * add only media they own. All or nothing: any other id is a 400 naming it, and nothing is added.
 */
export async function addMembers(
  ctx: AppContext,
  principal: Principal,
  id: string,
  mediaIds: readonly string[],
): Promise<{ added: number }> {
  await requireCollection(ctx, principal, 'add', id);
  const owned = await mediaIdsOwnedBy(ctx.db.kysely, principal.userId, mediaIds);
  const wrong = mediaIds.flatMap((mediaId, index) =>
    owned.has(mediaId) ? [] : [{ field: `media_ids.${index}`, message: 'is not a media item of yours' }],
  );
  if (wrong.length > 0) throw badRequest('Only your own media can be added to a collection.', wrong);

  const now = ctx.clock.now().toISOString();
  const added = await ctx.db.kysely.transaction().execute(async (trx) => {
    const count = await addMemberRows(trx, id, mediaIds, principal.userId, now);
    if (count > 0) await updateCollectionRow(trx, id, { updated_at: now });
    return count;
  });
  return { added };
}

/** A page of a collection's media, most recently added first; a recipient needs a share that reaches them. */
export async function listMembers(ctx: AppContext, principal: Principal, id: string, page: Page) {
  const collection = await requireCollection(ctx, principal, 'view', id);
  await requireChildrenVisible(ctx, principal, { type: 'collection', id, ownerId: collection.owner_id });
  const { items, total } = await listMemberRows(ctx.db.kysely, id, page);
  return { items: await presentMediaRows(ctx, items), total };
}

/**
 * Takes an item out of a collection (the item stays in the library): the owner may take any,
 * a recipient only what they added themselves. 404 when it is not in the collection.
 */
export async function removeMember(
  ctx: AppContext,
  principal: Principal,
  id: string,
  mediaId: string,
): Promise<void> {
  const collection = await requireCollection(ctx, principal, 'view', id);
  const member = await findMember(ctx.db.kysely, id, mediaId);
  if (!member) throw notFound('Collection member');
  if (collection.owner_id !== principal.userId && member.added_by !== principal.userId) {
    throw forbidden('You may only take out items you added yourself.');
  }
  const now = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (await removeMemberRow(trx, id, mediaId)) await updateCollectionRow(trx, id, { updated_at: now });
  });
}
