import type { AppContext } from '../context.js';
import type { MediaRow } from '../db/schema.js';
import { forbidden, notFound } from '../errors.js';
import type { Principal } from '../plugins/auth.js';
import { mediaMatches } from '../repositories/search.repository.js';
import { liveIncomingShares, PERMISSION_COLUMN } from './incoming-shares.js';

/** What a person may do to a media item. Owners may do everything; others what a share grants. */
export type MediaAction = 'view' | 'download' | 'edit' | 'delete';

/**
 * Set-based check: ids in, the ids this principal may act on out. Media is private to its
 * owner (an admin included): anyone else needs a live share whose target covers the item
 * and whose permissions allow the action. One more way in: a collection's owner may view
 * and download what a recipient with `can_add` put into that collection.
 */
export async function allowedMediaIds(
  ctx: AppContext,
  principal: Principal,
  action: MediaAction,
  mediaIds: readonly string[],
): Promise<Set<string>> {
  const ids = [...new Set(mediaIds)];
  if (ids.length === 0) return new Set();
  const db = ctx.db.kysely;
  const now = ctx.clock.now().toISOString();
  const permission = PERMISSION_COLUMN[action];
  const granting = () => liveIncomingShares(db, principal.userId, now).where(`shares.${permission}`, '=', 1);

  const direct = await db
    .selectFrom('media')
    .select('media.id')
    .where('media.id', 'in', ids)
    .where((eb) =>
      eb.or([
        eb('media.owner_id', '=', principal.userId),
        // Someone with can_add put their own item into this principal's collection: its owner sees it.
        ...(action === 'view' || action === 'download'
          ? [
              eb.exists(
                db
                  .selectFrom('collection_members')
                  .innerJoin('collections', 'collections.id', 'collection_members.collection_id')
                  .select('collection_members.media_id')
                  .where('collections.owner_id', '=', principal.userId)
                  .where('collection_members.media_id', '=', eb.ref('media.id')),
              ),
            ]
          : []),
        eb.exists(
          granting()
            .select('shares.id')
            .where('shares.target_type', '=', 'media')
            .where('shares.target_id', '=', eb.ref('media.id')),
        ),
        eb.exists(
          granting()
            .innerJoin('collection_members', 'collection_members.collection_id', 'shares.target_id')
            .select('shares.id')
            .where('shares.target_type', '=', 'collection')
            .where('shares.inherit_to_children', '=', 1)
            .where('collection_members.media_id', '=', eb.ref('media.id')),
        ),
        eb.exists(
          granting()
            .innerJoin('media_tags', 'media_tags.tag_id', 'shares.target_id')
            .select('shares.id')
            .where('shares.target_type', '=', 'tag')
            .where('shares.inherit_to_children', '=', 1)
            .where('media_tags.media_id', '=', eb.ref('media.id')),
        ),
      ]),
    )
    .execute();
  const allowed = new Set(direct.map((row) => row.id));
  const remaining = ids.filter((id) => !allowed.has(id));
  if (remaining.length === 0) return allowed;

  // Saved searches: evaluated per search, as their queries differ.
  const searches = await granting()
    .innerJoin('saved_searches', 'saved_searches.id', 'shares.target_id')
    .select(['saved_searches.owner_id', 'saved_searches.query'])
    .where('shares.target_type', '=', 'saved_search')
    .where('shares.inherit_to_children', '=', 1)
    .execute();
  for (const search of searches) {
    const matches = mediaMatches(ctx.db.dialect, search.query);
    if (!matches) continue;
    const rows = await db
      .selectFrom('media')
      .select('media.id')
      .where(
        'media.id',
        'in',
        remaining.filter((id) => !allowed.has(id)),
      )
      .where('media.owner_id', '=', search.owner_id)
      .where(matches)
      .execute();
    for (const row of rows) allowed.add(row.id);
  }
  return allowed;
}

export async function canAccessMedia(
  ctx: AppContext,
  principal: Principal,
  action: MediaAction,
  mediaId: string,
): Promise<boolean> {
  return (await allowedMediaIds(ctx, principal, action, [mediaId])).has(mediaId);
}

/**
 * Loads a media item for an action. 404 when the principal may not even see it (no oracle for
 * ids that exist), 403 when they see it but the action is not theirs.
 */
export async function requireMedia(
  ctx: AppContext,
  principal: Principal,
  action: MediaAction,
  mediaId: string,
): Promise<MediaRow> {
  const media = await ctx.db.kysely
    .selectFrom('media')
    .selectAll()
    .where('id', '=', mediaId)
    .executeTakeFirst();
  if (!media) throw notFound('Media');
  if (media.owner_id === principal.userId) return media;
  if (!(await canAccessMedia(ctx, principal, 'view', mediaId))) throw notFound('Media');
  if (action !== 'view' && !(await canAccessMedia(ctx, principal, action, mediaId))) {
    throw forbidden(`This share does not let you ${action} this item.`);
  }
  return media;
}
