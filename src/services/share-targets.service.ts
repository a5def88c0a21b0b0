import type { Kysely, Transaction } from 'kysely';
import type { Database, ShareTargetType } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Names for many targets at once, keyed `type:id` (list endpoints present pages of shares). */
export async function targetNames(
  db: Executor,
  targets: ReadonlyArray<{ target_type: ShareTargetType; target_id: string }>,
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const idsOf = (type: ShareTargetType) => [
    ...new Set(targets.filter((t) => t.target_type === type).map((t) => t.target_id)),
  ];
  const put = (type: ShareTargetType, rows: Array<{ id: string; name: string }>) => {
    for (const row of rows) names.set(`${type}:${row.id}`, row.name);
  };
  const media = idsOf('media');
  const collections = idsOf('collection');
  const tags = idsOf('tag');
  const searches = idsOf('saved_search');
  if (media.length)
    put(
      'media',
      await db.selectFrom('media').select(['id', 'title as name']).where('id', 'in', media).execute(),
    );
  if (collections.length)
    put(
      'collection',
      await db.selectFrom('collections').select(['id', 'name']).where('id', 'in', collections).execute(),
    );
  if (tags.length)
    put('tag', await db.selectFrom('tags').select(['id', 'name']).where('id', 'in', tags).execute());
  if (searches.length)
    put(
      'saved_search',
      await db.selectFrom('saved_searches').select(['id', 'name']).where('id', 'in', searches).execute(),
    );
  return names;
}
