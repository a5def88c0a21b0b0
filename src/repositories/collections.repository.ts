import type { Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { CollectionMembersTable, CollectionsTable, Database, MediaRow } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export type CollectionRow = Selectable<CollectionsTable>;
export type CollectionMemberRow = Selectable<CollectionMembersTable>;
export type CollectionSummary = CollectionRow & { media_count: number; cover_media_id: string | null };

export async function insertCollection(db: Executor, collection: CollectionRow): Promise<void> {
  await db.insertInto('collections').values(collection).execute();
}

export async function updateCollection(
  db: Executor,
  id: string,
  changes: Updateable<CollectionsTable>,
): Promise<void> {
  await db.updateTable('collections').set(changes).where('id', '=', id).execute();
}

export async function deleteCollection(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('collections').where('id', '=', id).execute();
}

/**
 * Collections with their member count and cover: the most recently added member that has a
 * picture (a raster image or a video, the kinds with thumbnails), else the most recently added.
 */
function summaries(db: Executor) {
  return db
    .selectFrom('collections')
    .selectAll('collections')
    .select((eb) => [
      eb
        .selectFrom('collection_members')
        .select(eb.fn.countAll<number>().as('count'))
        .whereRef('collection_members.collection_id', '=', 'collections.id')
        .as('media_count'),
      eb
        .selectFrom('collection_members')
        .innerJoin('media', 'media.id', 'collection_members.media_id')
        .select('collection_members.media_id')
        .whereRef('collection_members.collection_id', '=', 'collections.id')
        .orderBy(
          (order) =>
            order
              .case()
              .when(
                order.and([
                  order('media.media_type', 'in', ['image', 'video']),
                  order('media.mime_type', '!=', 'image/svg+xml'),
                ]),
              )
              .then(0)
              .else(1)
              .end(),
          'asc',
        )
        .orderBy('collection_members.added_at', 'desc')
        .orderBy('collection_members.media_id', 'desc')
        .limit(1)
        .as('cover_media_id'),
    ]);
}

const summarised = <T extends { media_count: number | string | null; cover_media_id: string | null }>(
  row: T,
) => ({
  ...row,
  media_count: Number(row.media_count ?? 0),
  cover_media_id: row.cover_media_id ?? null,
});

export async function findCollectionSummary(
  db: Executor,
  id: string,
): Promise<CollectionSummary | undefined> {
  const row = await summaries(db).where('collections.id', '=', id).executeTakeFirst();
  return row && summarised(row);
}

/** An owner's collections, newest first. */
export async function listCollectionsOf(
  db: Executor,
  ownerId: string,
  page: { offset: number; limit: number },
): Promise<{ items: CollectionSummary[]; total: number }> {
  const [rows, count] = await Promise.all([
    summaries(db)
      .where('collections.owner_id', '=', ownerId)
      .orderBy('collections.created_at', 'desc')
      .orderBy('collections.id', 'desc')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    db
      .selectFrom('collections')
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .where('owner_id', '=', ownerId)
      .executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(summarised), total: Number(count.total) };
}

/** Of the given ids, those naming media this user owns. */
export async function mediaIdsOwnedBy(
  db: Executor,
  ownerId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('media')
    .select('id')
    .where('owner_id', '=', ownerId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Set(rows.map((row) => row.id));
}

/** Adds media to a collection; those already in it keep their entry. Returns how many were new. */
export async function addMembers(
  db: Executor,
  collectionId: string,
  mediaIds: readonly string[],
  addedBy: string,
  now: string,
): Promise<number> {
  if (mediaIds.length === 0) return 0;
  const results = await db
    .insertInto('collection_members')
    .values(
      [...new Set(mediaIds)].map((mediaId) => ({
        collection_id: collectionId,
        media_id: mediaId,
        added_by: addedBy,
        added_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(['collection_id', 'media_id']).doNothing())
    .execute();
  return results.reduce((sum, result) => sum + Number(result.numInsertedOrUpdatedRows ?? 0), 0);
}

export function findMember(
  db: Executor,
  collectionId: string,
  mediaId: string,
): Promise<CollectionMemberRow | undefined> {
  return db
    .selectFrom('collection_members')
    .selectAll()
    .where('collection_id', '=', collectionId)
    .where('media_id', '=', mediaId)
    .executeTakeFirst();
}

export async function removeMember(db: Executor, collectionId: string, mediaId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('collection_members')
    .where('collection_id', '=', collectionId)
    .where('media_id', '=', mediaId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** A page of a collection's media, most recently added first. */
export async function listMembers(
  db: Executor,
  collectionId: string,
  page: { offset: number; limit: number },
): Promise<{ items: MediaRow[]; total: number }> {
  const [items, count] = await Promise.all([
    db
      .selectFrom('collection_members')
      .innerJoin('media', 'media.id', 'collection_members.media_id')
      .selectAll('media')
      .where('collection_members.collection_id', '=', collectionId)
      .orderBy('collection_members.added_at', 'desc')
      .orderBy('collection_members.media_id', 'desc')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    db
      .selectFrom('collection_members')
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .where('collection_id', '=', collectionId)
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.total) };
}
