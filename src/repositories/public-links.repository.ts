import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * A public link with everything a visit needs, in one indexed lookup (token_hash is unique):
 * the share's own columns, its owner's username and its target's name through joins.
 * Revoked, expired and used-up links are returned too: the caller decides, so every outcome
 * costs the same query.
 */
export function findLinkByTokenHash(db: Executor, tokenHash: string) {
  return db
    .selectFrom('shares')
    .innerJoin('users as owner', 'owner.id', 'shares.owner_id')
    .leftJoin('media as target_media', (join) =>
      join.onRef('target_media.id', '=', 'shares.target_id').on('shares.target_type', '=', 'media'),
    )
    .leftJoin('collections as target_collection', (join) =>
      join.onRef('target_collection.id', '=', 'shares.target_id').on('shares.target_type', '=', 'collection'),
    )
    .leftJoin('tags as target_tag', (join) =>
      join.onRef('target_tag.id', '=', 'shares.target_id').on('shares.target_type', '=', 'tag'),
    )
    .leftJoin('saved_searches as target_search', (join) =>
      join.onRef('target_search.id', '=', 'shares.target_id').on('shares.target_type', '=', 'saved_search'),
    )
    .select((eb) => [
      'shares.id',
      'shares.owner_id',
      'shares.target_type',
      'shares.target_id',
      'shares.recipient_type',
      'shares.recipient_user_id',
      'shares.recipient_group_id',
      'shares.password_hash',
      'shares.can_view',
      'shares.can_download',
      'shares.can_edit',
      'shares.can_delete',
      'shares.can_reshare',
      'shares.can_add',
      'shares.note',
      'shares.expires_at',
      'shares.max_access_count',
      'shares.access_count',
      'shares.inherit_to_children',
      'shares.state_version',
      'shares.revoked_at',
      'shares.access_notified_at',
      'shares.created_at',
      'owner.username as owner_username',
      'owner.disabled as owner_disabled',
      eb.fn
        .coalesce('target_media.title', 'target_collection.name', 'target_tag.name', 'target_search.name')
        .as('target_name'),
    ])
    .where('shares.token_hash', '=', tokenHash)
    .where('shares.recipient_type', '=', 'public_link')
    .executeTakeFirst();
}

export type LinkRow = NonNullable<Awaited<ReturnType<typeof findLinkByTokenHash>>>;

/**
 * Counts one access if, and only if, the link is still live and under its use limit — one
 * conditional statement, so racing visitors can never push it past the limit nor lose a
 * count (the row lock serialises them on PostgreSQL; SQLite has a single writer).
 */
export async function countLinkAccess(db: Executor, shareId: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('shares')
    .set((eb) => ({ access_count: eb('access_count', '+', 1), last_accessed_at: now }))
    .where('id', '=', shareId)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .where((eb) =>
      eb.or([eb('max_access_count', 'is', null), eb('access_count', '<', eb.ref('max_access_count'))]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Claims the right to tell a link's owner about an access: succeeds for one caller per
 * `since` window (the first after `access_notified_at` fell before `since`).
 */
export async function claimAccessNotice(
  db: Executor,
  shareId: string,
  now: string,
  since: string,
): Promise<boolean> {
  const result = await db
    .updateTable('shares')
    .set({ access_notified_at: now })
    .where('id', '=', shareId)
    .where((eb) => eb.or([eb('access_notified_at', 'is', null), eb('access_notified_at', '<=', since)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A media item by id (the target of a media link). */
export function findMediaById(db: Executor, mediaId: string) {
  return db.selectFrom('media').selectAll().where('id', '=', mediaId).executeTakeFirst();
}
