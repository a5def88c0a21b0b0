import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface TagRef {
  id: string;
  name: string;
}

/** The tags of each of the given media items, by media id (empty list for untagged ones). */
export async function tagsByMedia(db: Executor, mediaIds: readonly string[]): Promise<Map<string, TagRef[]>> {
  const byMedia = new Map<string, TagRef[]>(mediaIds.map((id) => [id, []]));
  if (mediaIds.length === 0) return byMedia;
  const rows = await db
    .selectFrom('media_tags')
    .innerJoin('tags', 'tags.id', 'media_tags.tag_id')
    .select(['media_tags.media_id', 'tags.id', 'tags.name'])
    .where('media_tags.media_id', 'in', [...new Set(mediaIds)])
    .orderBy('tags.name')
    .execute();
  for (const row of rows) byMedia.get(row.media_id)?.push({ id: row.id, name: row.name });
  return byMedia;
}
