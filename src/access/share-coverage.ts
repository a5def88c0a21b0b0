import type { AppContext } from '../context.js';
import type { MediaRow, ShareRow } from '../db/schema.js';
import { mediaMatches } from '../repositories/search.repository.js';

export type CoveringShare = Pick<ShareRow, 'target_type' | 'target_id' | 'inherit_to_children'>;

/**
 * The media a share's target holds at this moment: the item itself, or the members of a
 * collection, the items carrying a tag, the results of a saved search (when the share
 * reaches its children). Returns a query the caller narrows, orders and pages.
 */
export function coveredMediaQuery(ctx: AppContext, share: CoveringShare) {
  const db = ctx.db.kysely;
  const base = db.selectFrom('media');
  if (share.target_type === 'media') return base.where('media.id', '=', share.target_id);
  if (share.inherit_to_children !== 1) return base.where((eb) => eb.lit(false));
  switch (share.target_type) {
    case 'collection':
      return base.where('media.id', 'in', (eb) =>
        eb
          .selectFrom('collection_members')
          .select('collection_members.media_id')
          .where('collection_members.collection_id', '=', share.target_id),
      );
    case 'tag':
      return base.where('media.id', 'in', (eb) =>
        eb
          .selectFrom('media_tags')
          .select('media_tags.media_id')
          .where('media_tags.tag_id', '=', share.target_id),
      );
    case 'saved_search':
      // A saved search covers its owner's media that match it now.
      return base
        .innerJoin('saved_searches', (join) =>
          join
            .onRef('saved_searches.owner_id', '=', 'media.owner_id')
            .on('saved_searches.id', '=', share.target_id),
        )
        .where((eb) => eb.lit(true));
  }
}

/** Applies a saved search's query to the covered media (its text is only known once loaded). */
async function savedSearchFilter(ctx: AppContext, share: CoveringShare) {
  if (share.target_type !== 'saved_search') return undefined;
  const search = await ctx.db.kysely
    .selectFrom('saved_searches')
    .select('query')
    .where('id', '=', share.target_id)
    .executeTakeFirst();
  return search ? (mediaMatches(ctx.db.dialect, search.query) ?? undefined) : null;
}

export async function shareCoversMedia(
  ctx: AppContext,
  share: CoveringShare,
  mediaId: string,
): Promise<MediaRow | undefined> {
  const filter = await savedSearchFilter(ctx, share);
  if (filter === null) return undefined;
  let query = coveredMediaQuery(ctx, share).selectAll('media').where('media.id', '=', mediaId);
  if (filter) query = query.where(filter);
  return query.executeTakeFirst();
}

/** One page of a share's media, newest first, with the total. */
export async function listCoveredMedia(
  ctx: AppContext,
  share: CoveringShare,
  page: { offset: number; limit: number },
): Promise<{ items: MediaRow[]; total: number }> {
  const filter = await savedSearchFilter(ctx, share);
  if (filter === null) return { items: [], total: 0 };
  let query = coveredMediaQuery(ctx, share);
  if (filter) query = query.where(filter);
  const [items, count] = await Promise.all([
    query
      .selectAll('media')
      .orderBy('media.created_at', 'desc')
      .orderBy('media.id', 'desc')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.total) };
}
