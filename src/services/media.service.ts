import type { AppContext } from '../context.js';
import type { MediaRow, MediaType } from '../db/schema.js';
import { requireMedia } from '../access/media.access.js';
import { invalidField, notFound } from '../errors.js';
import { isoNow } from '../lib/clock.js';
import type { Principal } from '../plugins/auth.js';
import type { MediaItem } from '../presenters/media.presenter.js';
import { presentMediaRows } from './media-list.service.js';
import {
  deleteMediaRow,
  findMediaById,
  listOwnerMedia,
  updateMediaFields,
} from '../repositories/media.repository.js';
import { mediaMatches } from '../repositories/search.repository.js';
import { revokeSharesOfTargets } from '../repositories/share-targets.repository.js';
import { refreshSearchText } from './search-text.service.js';
import { removeUnreferencedContent } from './media-files.service.js';

export async function presentMediaRow(ctx: AppContext, row: MediaRow): Promise<MediaItem> {
  const [item] = await presentMediaRows(ctx, [row]);
  return item as MediaItem;
}

export interface MediaListQuery {
  offset: number;
  limit: number;
  q?: string | undefined;
  type?: MediaType | undefined;
  tag?: string | undefined;
}

/** The caller's own media, newest first; `q` is full text (a query without words filters nothing). */
export async function listMyMedia(
  ctx: AppContext,
  principal: Principal,
  query: MediaListQuery,
): Promise<{ items: MediaItem[]; total: number }> {
  const { items, total } = await listOwnerMedia(
    ctx.db.kysely,
    {
      ownerId: principal.userId,
      mediaType: query.type,
      tagId: query.tag,
      matches: query.q ? mediaMatches(ctx.db.dialect, query.q) : null,
    },
    { offset: query.offset, limit: query.limit },
  );
  return { items: await presentMediaRows(ctx, items), total };
}

export async function getMediaItem(ctx: AppContext, principal: Principal, id: string): Promise<MediaItem> {
  return presentMediaRow(ctx, await requireMedia(ctx, principal, 'view', id));
}

export interface MediaChanges {
  title?: string | undefined;
  description?: string | null | undefined;
}

/** Title and description (owner, or a share with `can_edit`); the search text follows. */
export async function updateMediaItem(
  ctx: AppContext,
  principal: Principal,
  id: string,
  changes: MediaChanges,
): Promise<MediaItem> {
  await requireMedia(ctx, principal, 'edit', id);
  const title = changes.title?.normalize('NFC').trim();
  if (title === '') throw invalidField('title', 'must not be blank');
  const row = await ctx.db.kysely.transaction().execute(async (trx) => {
    await updateMediaFields(trx, id, {
      ...(title !== undefined ? { title } : {}),
      ...(changes.description !== undefined ? { description: changes.description } : {}),
      updated_at: isoNow(ctx.clock),
    });
    await refreshSearchText(trx, id);
    return findMediaById(trx, id);
  });
  if (!row) throw notFound('Media');
  return presentMediaRow(ctx, row);
}

/**
 * Deletes an item (owner, or a share with `can_delete`): its shares end in the same
 * transaction; its file and thumbnails go afterwards unless another item has the same bytes.
 */
export async function deleteMediaItem(ctx: AppContext, principal: Principal, id: string): Promise<void> {
  const media = await requireMedia(ctx, principal, 'delete', id);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await deleteMediaRow(trx, id);
    await revokeSharesOfTargets(trx, 'media', [id], isoNow(ctx.clock));
  });
  await removeUnreferencedContent(ctx, [media.content_hash]).catch((error: unknown) =>
    ctx.log.error({ err: error, mediaId: id }, 'could not remove the files of a deleted item'),
  );
}
