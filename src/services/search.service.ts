import type { AppContext } from '../context.js';
import type { MediaType } from '../db/schema.js';
import { badRequest } from '../errors.js';
import type { Principal } from '../plugins/auth.js';
import { searchOwnerMedia, searchTerms } from '../repositories/search.repository.js';
import { presentMediaRows, type Page } from './media-list.service.js';

/** A query must hold at least one word (letters or digits) to search for; 400 naming the field otherwise. */
export function requireSearchableQuery(field: string, query: string): void {
  if (searchTerms(query).length === 0) {
    throw badRequest('The search has no words (letters or digits) to look for.', [
      { field, message: 'has no words to search for' },
    ]);
  }
}

/**
 * Full-text search over the caller's own media: title, file name, description, tag names,
 * metadata values and the text of text documents. Every word must match, as a word prefix;
 * most relevant first.
 */
export async function searchMedia(
  ctx: AppContext,
  principal: Principal,
  input: { q: string; type?: MediaType | undefined } & Page,
) {
  requireSearchableQuery('q', input.q);
  const { items, total } = await searchOwnerMedia(ctx.db.kysely, ctx.db.dialect, {
    ownerId: principal.userId,
    query: input.q,
    mediaType: input.type,
    offset: input.offset,
    limit: input.limit,
  });
  return { items: await presentMediaRows(ctx, items), total };
}
