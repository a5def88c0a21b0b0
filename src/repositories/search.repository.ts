import { sql, type Expression, type SqlBool } from 'kysely';
import type { DialectName } from '../db/database.js';

/**
 * Words of a search query, lower-cased, letters and digits only: safe to hand to FTS5 or
 * to_tsquery whatever the user typed. At most 16 words.
 */
export function searchTerms(query: string): string[] {
  return (query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 16);
}

/**
 * A condition on `media` that is true where every term of the query (as a prefix) occurs in the
 * media's search text: FTS5 on SQLite, a tsvector on PostgreSQL. Null when the query has no words.
 */
export function mediaMatches(dialect: DialectName, query: string): Expression<SqlBool> | null {
  const terms = searchTerms(query);
  if (terms.length === 0) return null;
  if (dialect === 'postgres') {
    const tsquery = terms.map((term) => `${term}:*`).join(' & ');
    return sql<SqlBool>`media.search_vector @@ to_tsquery('simple', ${tsquery})`;
  }
  const match = terms.map((term) => `"${term}"*`).join(' ');
  return sql<SqlBool>`media.rowid in (select rowid from media_fts where media_fts match ${match})`;
}

/** What the full-text index holds for one item. */
export function buildSearchText(parts: {
  title: string;
  file_name: string;
  description: string | null;
  tags: string[];
  metadata: Record<string, unknown>;
  /** Leading text of a text document, when the item is one. */
  content?: string | undefined;
}): string {
  const metadataValues = Object.values(parts.metadata)
    .filter((value) => typeof value === 'string' || typeof value === 'number')
    .map(String);
  return [
    parts.title,
    parts.file_name.replace(/[._-]+/g, ' '),
    parts.description ?? '',
    parts.tags.join(' '),
    metadataValues.join(' '),
    parts.content ?? '',
  ]
    .filter(Boolean)
    .join('\n');
}
