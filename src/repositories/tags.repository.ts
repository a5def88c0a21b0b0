import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, TagsTable } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export type TagRow = Selectable<TagsTable>;
export type TagWithCount = TagRow & { media_count: number };

export function findTagById(db: Executor, id: string): Promise<TagRow | undefined> {
  return db.selectFrom('tags').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Tag names are unique per owner regardless of case (the engine's own `lower`, as the unique index uses). */
export function findTagByName(db: Executor, ownerId: string, name: string): Promise<TagRow | undefined> {
  return db
    .selectFrom('tags')
    .selectAll()
    .where('owner_id', '=', ownerId)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', eb.fn('lower', [eb.val(name)])))
    .executeTakeFirst();
}

export async function insertTag(db: Executor, tag: TagRow): Promise<void> {
  await db.insertInto('tags').values(tag).execute();
}

export async function renameTag(db: Executor, id: string, name: string): Promise<void> {
  await db.updateTable('tags').set({ name }).where('id', '=', id).execute();
}

export async function deleteTag(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('tags').where('id', '=', id).execute();
}

function withCount(db: Executor) {
  return db
    .selectFrom('tags')
    .selectAll('tags')
    .select((eb) =>
      eb
        .selectFrom('media_tags')
        .select(eb.fn.countAll<number>().as('count'))
        .whereRef('media_tags.tag_id', '=', 'tags.id')
        .as('media_count'),
    );
}

const counted = <T extends { media_count: number | string | null }>(row: T) => ({
  ...row,
  media_count: Number(row.media_count ?? 0),
});

export async function findTagWithCount(db: Executor, id: string): Promise<TagWithCount | undefined> {
  const row = await withCount(db).where('tags.id', '=', id).executeTakeFirst();
  return row && counted(row);
}

/** An owner's tags by name (case-insensitive), with how many media carry each. */
export async function listTagsOf(
  db: Executor,
  ownerId: string,
  page: { offset: number; limit: number },
): Promise<{ items: TagWithCount[]; total: number }> {
  const [rows, count] = await Promise.all([
    withCount(db)
      .where('tags.owner_id', '=', ownerId)
      .orderBy((eb) => eb.fn('lower', ['tags.name']))
      .orderBy('tags.id')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    db
      .selectFrom('tags')
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .where('owner_id', '=', ownerId)
      .executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(counted), total: Number(count.total) };
}

/** Of the given ids, those naming tags of this owner. */
export async function tagIdsOwnedBy(
  db: Executor,
  ownerId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('tags')
    .select('id')
    .where('owner_id', '=', ownerId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Set(rows.map((row) => row.id));
}

/** The media carrying a tag. */
export async function mediaIdsWithTag(db: Executor, tagId: string): Promise<string[]> {
  const rows = await db.selectFrom('media_tags').select('media_id').where('tag_id', '=', tagId).execute();
  return rows.map((row) => row.media_id);
}

/** Puts tags on an item; ones already there are left alone. Returns how many were new. */
export async function attachTags(db: Executor, mediaId: string, tagIds: readonly string[]): Promise<number> {
  if (tagIds.length === 0) return 0;
  const results = await db
    .insertInto('media_tags')
    .values([...new Set(tagIds)].map((tagId) => ({ media_id: mediaId, tag_id: tagId })))
    .onConflict((oc) => oc.columns(['media_id', 'tag_id']).doNothing())
    .execute();
  return results.reduce((sum, result) => sum + Number(result.numInsertedOrUpdatedRows ?? 0), 0);
}

/** Takes a tag off an item. False when it was not on it. */
export async function detachTag(db: Executor, mediaId: string, tagId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('media_tags')
    .where('media_id', '=', mediaId)
    .where('tag_id', '=', tagId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** An item's tags changed: so did the item. */
export async function markMediaChanged(db: Executor, mediaId: string, now: string): Promise<void> {
  await db.updateTable('media').set({ updated_at: now }).where('id', '=', mediaId).execute();
}
