import { SqliteAdapter, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { tagsByMedia } from '../repositories/media-tags.repository.js';
import { buildSearchText, searchTextContent } from '../repositories/search.repository.js';

type Executor = Kysely<Database> | Transaction<Database>;

/*
 * Keeps media.search_text (what full-text search reads) true to an item's fields and tags.
 *
 * Convention for every writer of media rows:
 * - on insert, write `buildSearchText({...fields, tags, metadata, content})`, where `content` is
 *   the leading text (up to 64 KiB) of a text document, or undefined for other media;
 * - after any change to title, file_name, description, metadata or tags, call
 *   `refreshSearchText(trx, mediaId)` inside the same transaction. It rebuilds the text from the
 *   row and its current tags and keeps the content part already stored (it sits after
 *   SEARCH_CONTENT_MARKER, see search.repository.ts), since the file is not read again.
 * On PostgreSQL the rows are locked first, so concurrent edits of one item cannot leave it
 * indexed with a stale set of tags.
 */

const CHUNK = 500;

/** Rebuilds one item's search text from its row, its tags and its stored content. */
export async function refreshSearchText(db: Executor, mediaId: string): Promise<void> {
  await refreshSearchTexts(db, [mediaId]);
}

/** Rebuilds the search text of many items (after a tag they carry is renamed or deleted). */
export async function refreshSearchTexts(db: Executor, mediaIds: readonly string[]): Promise<void> {
  const ids = [...new Set(mediaIds)];
  // SQLite serialises writers already; PostgreSQL needs the row locks.
  const lockRows = !(db.getExecutor().adapter instanceof SqliteAdapter);
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunk = ids.slice(start, start + CHUNK);
    let query = db
      .selectFrom('media')
      .select(['id', 'title', 'file_name', 'description', 'metadata', 'search_text'])
      .where('id', 'in', chunk)
      .orderBy('id');
    if (lockRows) query = query.forUpdate();
    const rows = await query.execute();
    const tags = await tagsByMedia(db, chunk);
    for (const row of rows) {
      const searchText = buildSearchText({
        title: row.title,
        file_name: row.file_name,
        description: row.description,
        tags: (tags.get(row.id) ?? []).map((tag) => tag.name),
        metadata: parseMetadata(row.metadata),
        content: searchTextContent(row.search_text),
      });
      if (searchText !== row.search_text) {
        await db.updateTable('media').set({ search_text: searchText }).where('id', '=', row.id).execute();
      }
    }
  }
}

function parseMetadata(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
