import type { AppContext } from '../context.js';
import { isUniqueViolation } from '../db/database.js';
import { requireMedia } from '../access/media.access.js';
import { requireChildrenVisible } from '../access/shared-target.access.js';
import { requireTag } from '../access/tag.access.js';
import { listCoveredMedia } from '../access/share-coverage.js';
import { AppError, badRequest, notFound } from '../errors.js';
import { newId } from '../lib/ids.js';
import { cleanName } from '../lib/names.js';
import type { Principal } from '../plugins/auth.js';
import type { MediaItem } from '../presenters/media.presenter.js';
import { presentTag, type Tag } from '../presenters/tag.presenter.js';
import { revokeSharesOfTargets } from '../repositories/share-targets.repository.js';
import {
  attachTags,
  deleteTag as deleteTagRow,
  detachTag,
  findTagByName,
  findTagWithCount,
  insertTag,
  listTagsOf,
  markMediaChanged,
  mediaIdsWithTag,
  renameTag as renameTagRow,
  tagIdsOwnedBy,
  type TagRow,
} from '../repositories/tags.repository.js';
import { presentMediaRows, type Page } from './media-list.service.js';
import { refreshSearchText, refreshSearchTexts } from './search-text.service.js';

async function presentTagById(ctx: AppContext, id: string): Promise<Tag> {
  const tag = await findTagWithCount(ctx.db.kysely, id);
  if (!tag) throw notFound('Tag');
  return presentTag(tag);
}

/**
 * Creates a tag of the caller's. Names are unique per owner regardless of case: asking for a
 * name the caller already has returns that tag (so creating is idempotent).
 */
export async function createTag(
  ctx: AppContext,
  principal: Principal,
  input: { name: string },
): Promise<Tag> {
  const name = cleanName('name', input.name);
  const existing = await findTagByName(ctx.db.kysely, principal.userId, name);
  if (existing) return presentTagById(ctx, existing.id);
  const tag: TagRow = {
    id: newId(),
    owner_id: principal.userId,
    name,
    created_at: ctx.clock.now().toISOString(),
  };
  try {
    await insertTag(ctx.db.kysely, tag);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // A concurrent request created it first.
    const winner = await findTagByName(ctx.db.kysely, principal.userId, name);
    if (!winner) throw error;
    return presentTagById(ctx, winner.id);
  }
  return presentTagById(ctx, tag.id);
}

export async function listTags(ctx: AppContext, principal: Principal, page: Page) {
  const { items, total } = await listTagsOf(ctx.db.kysely, principal.userId, page);
  return { items: items.map(presentTag), total };
}

export async function getTag(ctx: AppContext, principal: Principal, id: string): Promise<Tag> {
  await requireTag(ctx, principal, 'view', id);
  return presentTagById(ctx, id);
}

/** Renames a tag; the media carrying it are found under the new name. 409 when the owner has that name already. */
export async function renameTag(
  ctx: AppContext,
  principal: Principal,
  id: string,
  input: { name: string },
): Promise<Tag> {
  await requireTag(ctx, principal, 'manage', id);
  const name = cleanName('name', input.name);
  try {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      await renameTagRow(trx, id, name);
      await refreshSearchTexts(trx, await mediaIdsWithTag(trx, id));
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('conflict', 'You already have a tag with that name.');
    throw error;
  }
  return presentTagById(ctx, id);
}

/** Deletes a tag: it leaves every item carrying it, and every share of it ends. */
export async function deleteTag(ctx: AppContext, principal: Principal, id: string): Promise<void> {
  await requireTag(ctx, principal, 'manage', id);
  const now = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const mediaIds = await mediaIdsWithTag(trx, id);
    await revokeSharesOfTargets(trx, 'tag', [id], now);
    await deleteTagRow(trx, id);
    await refreshSearchTexts(trx, mediaIds);
  });
}

/** The tag owner's media carrying it, newest first; a recipient needs a share that reaches them. */
export async function listTagMedia(ctx: AppContext, principal: Principal, id: string, page: Page) {
  const tag = await requireTag(ctx, principal, 'view', id);
  await requireChildrenVisible(ctx, principal, { type: 'tag', id, ownerId: tag.owner_id });
  const { items, total } = await listCoveredMedia(
    ctx,
    { target_type: 'tag', target_id: id, inherit_to_children: 1 },
    page,
  );
  return { items: await presentMediaRows(ctx, items), total };
}

/**
 * Puts tags on an item (its owner, or a recipient allowed to edit it). The tags must be the
 * item's owner's, whoever asks. Tags already on it stay; nothing changes when any id is wrong.
 */
export async function tagMedia(
  ctx: AppContext,
  principal: Principal,
  mediaId: string,
  tagIds: readonly string[],
): Promise<MediaItem> {
  const media = await requireMedia(ctx, principal, 'edit', mediaId);
  const owned = await tagIdsOwnedBy(ctx.db.kysely, media.owner_id, tagIds);
  const wrong = tagIds.flatMap((tagId, index) =>
    owned.has(tagId) ? [] : [{ field: `tag_ids.${index}`, message: 'is not a tag of the item’s owner' }],
  );
  if (wrong.length > 0)
    throw badRequest('Some tags do not exist or do not belong to the item’s owner.', wrong);

  const now = ctx.clock.now().toISOString();
  const changed = await ctx.db.kysely.transaction().execute(async (trx) => {
    if ((await attachTags(trx, mediaId, tagIds)) === 0) return false;
    await markMediaChanged(trx, mediaId, now);
    await refreshSearchText(trx, mediaId);
    return true;
  });
  const [item] = await presentMediaRows(ctx, [changed ? { ...media, updated_at: now } : media]);
  if (!item) throw notFound('Media');
  return item;
}

/** Takes a tag off an item (same permission as tagging). 404 when the tag is not on it. */
export async function untagMedia(
  ctx: AppContext,
  principal: Principal,
  mediaId: string,
  tagId: string,
): Promise<void> {
  await requireMedia(ctx, principal, 'edit', mediaId);
  const now = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (!(await detachTag(trx, mediaId, tagId))) throw notFound('Tag on this item');
    await markMediaChanged(trx, mediaId, now);
    await refreshSearchText(trx, mediaId);
  });
}
