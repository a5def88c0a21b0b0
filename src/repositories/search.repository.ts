import { sql, type Expression, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { DialectName } from '../db/database.js';
import type { Database, MediaRow, MediaType } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/*
 * Full text, the same on both engines. Indexed text and queries are normalised alike
 * (`normalizeSearchText`): lower case, Latin diacritics folded, everything that is not a
 * letter, digit or combining mark turned into a space. So FTS5 (SQLite) and the PostgreSQL
 * parser see plain words only and split them the same way ("e-mail.txt" is "e mail txt" on
 * both), and "cafe" finds "Café" everywhere.
 *
 * Layout of media.search_text (what `buildSearchText` writes):
 *   <title>\n<file name>\n<description>\n<tag names>\n<metadata values>
 *   SEARCH_CONTENT_MARKER<leading text of a text document>      (text media only)
 * The marker cannot occur in the normalised parts before it, so the first one marks where the
 * document's content starts. The content cannot be read again later without the file, so
 * whoever rebuilds search_text keeps that part (`searchTextContent`).
 */

const MAX_TERMS = 16;
/** Separates the item's fields from the content of a text document in search_text. */
export const SEARCH_CONTENT_MARKER = '\n\u001e\n';

// Latin letters that carry their stroke in the letter itself, so NFD does not split it off.
const FOLDED_LETTERS: Record<string, string> = {
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ħ: 'h',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  þ: 'th',
  ı: 'i',
};
const FOLDED_PATTERN = new RegExp(`[${Object.keys(FOLDED_LETTERS).join('')}]`, 'g');

/** Lower case, Latin diacritics folded, anything but letters, digits, marks and line breaks a space. */
export function normalizeSearchText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(FOLDED_PATTERN, (letter) => FOLDED_LETTERS[letter] ?? letter)
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}\p{M}\n]+/gu, ' ');
}

/**
 * Words of a search query, normalised like the indexed text: letters, digits and marks only,
 * so they are safe to hand to FTS5 or to_tsquery whatever the user typed. At most 16 words.
 */
export function searchTerms(query: string): string[] {
  return (normalizeSearchText(query).match(/[\p{L}\p{N}\p{M}]+/gu) ?? []).slice(0, MAX_TERMS);
}

const ftsQuery = (terms: string[]) => terms.map((term) => `"${term}"*`).join(' ');
const tsQuery = (terms: string[]) => terms.map((term) => `${term}:*`).join(' & ');

/**
 * A condition on `media` that is true where every term of the query (as a prefix) occurs in the
 * media's search text: FTS5 on SQLite, a tsvector on PostgreSQL. Null when the query has no words.
 */
export function mediaMatches(dialect: DialectName, query: string): Expression<SqlBool> | null {
  const terms = searchTerms(query);
  if (terms.length === 0) return null;
  if (dialect === 'postgres') {
    return sql<SqlBool>`media.search_vector @@ to_tsquery('simple', ${tsQuery(terms)})`;
  }
  return sql<SqlBool>`media.rowid in (select rowid from media_fts where media_fts match ${ftsQuery(terms)})`;
}

export interface OwnerMediaSearch {
  ownerId: string;
  query: string;
  mediaType?: MediaType | undefined;
  offset: number;
  limit: number;
}

/**
 * One page of an owner's media matching a query, most relevant first (FTS5 bm25 on SQLite,
 * ts_rank on PostgreSQL; newest first among equals), with the total. Empty for a query
 * without words.
 */
export async function searchOwnerMedia(
  db: Executor,
  dialect: DialectName,
  search: OwnerMediaSearch,
): Promise<{ items: MediaRow[]; total: number }> {
  const terms = searchTerms(search.query);
  const matches = mediaMatches(dialect, search.query);
  if (!matches) return { items: [], total: 0 };

  let filtered = db.selectFrom('media').where('media.owner_id', '=', search.ownerId);
  if (search.mediaType) filtered = filtered.where('media.media_type', '=', search.mediaType);

  const countRow = await filtered
    .where(matches)
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  const total = Number(countRow.total);
  if (total === 0 || search.offset >= total) return { items: [], total };

  const ranked =
    dialect === 'postgres'
      ? filtered
          .where(matches)
          .orderBy(sql`ts_rank(media.search_vector, to_tsquery('simple', ${tsQuery(terms)}))`, 'desc')
      : filtered
          .innerJoin(
            sql<{
              hit_rowid: number;
              hit_rank: number;
            }>`(select rowid as hit_rowid, bm25(media_fts) as hit_rank
              from media_fts where media_fts match ${ftsQuery(terms)})`.as('hits'),
            (join) => join.on(sql<SqlBool>`hits.hit_rowid = media.rowid`),
          )
          .orderBy(sql`hits.hit_rank`, 'asc');
  const items = await ranked
    .selectAll('media')
    .orderBy('media.created_at', 'desc')
    .orderBy('media.id', 'desc')
    .offset(search.offset)
    .limit(search.limit)
    .execute();
  return { items, total };
}

const METADATA_DEPTH = 4;
const METADATA_VALUES = 500;

/** String and number leaves of extracted metadata (nested objects and lists included, within bounds). */
function metadataValues(value: unknown, depth = 0, out: string[] = []): string[] {
  if (out.length >= METADATA_VALUES) return out;
  if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) {
    out.push(String(value));
  } else if (value && typeof value === 'object' && depth < METADATA_DEPTH) {
    for (const child of Array.isArray(value) ? value : Object.values(value))
      metadataValues(child, depth + 1, out);
  }
  return out;
}

/** What the full-text index holds for one item (see the layout above). */
export function buildSearchText(parts: {
  title: string;
  file_name: string;
  description: string | null;
  tags: string[];
  metadata: Record<string, unknown>;
  /** Leading text of a text document, when the item is one. */
  content?: string | undefined;
}): string {
  const fields = [
    parts.title,
    parts.file_name,
    parts.description ?? '',
    parts.tags.join(' '),
    metadataValues(parts.metadata).join(' '),
  ]
    .map((part) => normalizeSearchText(part).replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
  const content = parts.content ? normalizeSearchText(parts.content) : '';
  return content.trim() ? `${fields}${SEARCH_CONTENT_MARKER}${content}` : fields;
}

/** The content part of a stored search_text (undefined when the item has none). */
export function searchTextContent(searchText: string): string | undefined {
  const at = searchText.indexOf(SEARCH_CONTENT_MARKER);
  return at < 0 ? undefined : searchText.slice(at + SEARCH_CONTENT_MARKER.length);
}
