import type { Expression, Kysely, SqlBool, Transaction } from 'kysely';
import type { Database, MediaRow, MediaType, NewMedia } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export function findMediaById(db: Executor, id: string): Promise<MediaRow | undefined> {
  return db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The owner's items with these content hashes (at most one per hash: they are de-duplicated). */
export async function findOwnerMediaByHashes(
  db: Executor,
  ownerId: string,
  hashes: readonly string[],
): Promise<Map<string, MediaRow>> {
  const unique = [...new Set(hashes)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('media')
    .selectAll()
    .where('owner_id', '=', ownerId)
    .where('content_hash', 'in', unique)
    .execute();
  return new Map(rows.map((row) => [row.content_hash, row]));
}

/** Inserts an item unless the owner already has these bytes; true when it was inserted. */
export async function insertMediaUnlessDuplicate(db: Executor, media: NewMedia): Promise<boolean> {
  const result = await db
    .insertInto('media')
    .values(media)
    .onConflict((conflict) => conflict.columns(['owner_id', 'content_hash']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export interface OwnerMediaFilter {
  ownerId: string;
  mediaType?: MediaType | undefined;
  /** A tag of the owner's: only items carrying it. */
  tagId?: string | undefined;
  /** A full-text condition (`mediaMatches`). */
  matches?: Expression<SqlBool> | null | undefined;
}

function ownerMedia(db: Executor, filter: OwnerMediaFilter) {
  let query = db.selectFrom('media').where('media.owner_id', '=', filter.ownerId);
  if (filter.mediaType) query = query.where('media.media_type', '=', filter.mediaType);
  if (filter.tagId) {
    const tagId = filter.tagId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('media_tags')
          .innerJoin('tags', 'tags.id', 'media_tags.tag_id')
          .select('media_tags.media_id')
          .whereRef('media_tags.media_id', '=', 'media.id')
          .where('media_tags.tag_id', '=', tagId)
          .where('tags.owner_id', '=', filter.ownerId),
      ),
    );
  }
  if (filter.matches) query = query.where(filter.matches);
  return query;
}

/** One page of an owner's media, newest first, with the total. */
export async function listOwnerMedia(
  db: Executor,
  filter: OwnerMediaFilter,
  page: { offset: number; limit: number },
): Promise<{ items: MediaRow[]; total: number }> {
  const [items, count] = await Promise.all([
    ownerMedia(db, filter)
      .selectAll('media')
      .orderBy('media.created_at', 'desc')
      .orderBy('media.id', 'desc')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    ownerMedia(db, filter)
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.total) };
}

export async function updateMediaFields(
  db: Executor,
  id: string,
  fields: { title?: string; description?: string | null; updated_at: string },
): Promise<void> {
  await db.updateTable('media').set(fields).where('id', '=', id).execute();
}

export async function deleteMediaRow(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('media').where('id', '=', id).execute();
}

/** Which of these content hashes some media row still references. */
export async function referencedHashes(db: Executor, hashes: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(hashes)];
  if (unique.length === 0) return new Set();
  const rows = await db
    .selectFrom('media')
    .select('content_hash')
    .distinct()
    .where('content_hash', 'in', unique)
    .execute();
  return new Set(rows.map((row) => row.content_hash));
}

/** The ids and content hashes of everything a user owns. */
export function ownerMediaKeys(
  db: Executor,
  ownerId: string,
): Promise<Array<{ id: string; content_hash: string }>> {
  return db.selectFrom('media').select(['id', 'content_hash']).where('owner_id', '=', ownerId).execute();
}
