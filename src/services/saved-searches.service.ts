import type { AppContext } from '../context.js';
import { requireSavedSearch } from '../access/saved-search.access.js';
import { listCoveredMedia } from '../access/share-coverage.js';
import { requireChildrenVisible } from '../access/shared-target.access.js';
import { notFound } from '../errors.js';
import { newId } from '../lib/ids.js';
import { cleanName } from '../lib/names.js';
import type { Principal } from '../plugins/auth.js';
import { presentSavedSearch, type SavedSearch } from '../presenters/saved-search.presenter.js';
import {
  deleteSavedSearch as deleteSavedSearchRow,
  findSavedSearchById,
  insertSavedSearch,
  listSavedSearchesOf,
  updateSavedSearch as updateSavedSearchRow,
  type SavedSearchRow,
} from '../repositories/saved-searches.repository.js';
import { revokeSharesOfTargets } from '../repositories/share-targets.repository.js';
import { presentMediaRows, type Page } from './media-list.service.js';
import { requireSearchableQuery } from './search.service.js';

function cleanQuery(query: string): string {
  const trimmed = query.trim();
  requireSearchableQuery('query', trimmed);
  return trimmed;
}

export async function createSavedSearch(
  ctx: AppContext,
  principal: Principal,
  input: { name: string; query: string },
): Promise<SavedSearch> {
  const now = ctx.clock.now().toISOString();
  const search: SavedSearchRow = {
    id: newId(),
    owner_id: principal.userId,
    name: cleanName('name', input.name),
    query: cleanQuery(input.query),
    created_at: now,
    updated_at: now,
  };
  await insertSavedSearch(ctx.db.kysely, search);
  return presentSavedSearch(search);
}

export async function listSavedSearches(ctx: AppContext, principal: Principal, page: Page) {
  const { items, total } = await listSavedSearchesOf(ctx.db.kysely, principal.userId, page);
  return { items: items.map(presentSavedSearch), total };
}

/** A saved search its owner or a recipient of a live share of it may see. */
export async function getSavedSearch(
  ctx: AppContext,
  principal: Principal,
  id: string,
): Promise<SavedSearch> {
  return presentSavedSearch(await requireSavedSearch(ctx, principal, 'view', id));
}

export async function updateSavedSearch(
  ctx: AppContext,
  principal: Principal,
  id: string,
  input: { name?: string | undefined; query?: string | undefined },
): Promise<SavedSearch> {
  await requireSavedSearch(ctx, principal, 'manage', id);
  const changes: { name?: string; query?: string } = {};
  if (input.name !== undefined) changes.name = cleanName('name', input.name);
  if (input.query !== undefined) changes.query = cleanQuery(input.query);
  await updateSavedSearchRow(ctx.db.kysely, id, { ...changes, updated_at: ctx.clock.now().toISOString() });
  const updated = await findSavedSearchById(ctx.db.kysely, id);
  if (!updated) throw notFound('Saved search');
  return presentSavedSearch(updated);
}

/** Deletes a saved search and ends every share of it. */
export async function deleteSavedSearch(ctx: AppContext, principal: Principal, id: string): Promise<void> {
  await requireSavedSearch(ctx, principal, 'manage', id);
  const now = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await revokeSharesOfTargets(trx, 'saved_search', [id], now);
    await deleteSavedSearchRow(trx, id);
  });
}

/**
 * What the saved search finds now among its owner's media, newest first: exactly what a share
 * of it covers. A recipient needs a share that reaches the results.
 */
export async function savedSearchResults(ctx: AppContext, principal: Principal, id: string, page: Page) {
  const search = await requireSavedSearch(ctx, principal, 'view', id);
  await requireChildrenVisible(ctx, principal, { type: 'saved_search', id, ownerId: search.owner_id });
  const { items, total } = await listCoveredMedia(
    ctx,
    { target_type: 'saved_search', target_id: id, inherit_to_children: 1 },
    page,
  );
  return { items: await presentMediaRows(ctx, items), total };
}
