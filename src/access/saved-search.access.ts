import type { AppContext } from '../context.js';
import { forbidden, notFound } from '../errors.js';
import type { Principal } from '../plugins/auth.js';
import { findSavedSearchById, type SavedSearchRow } from '../repositories/saved-searches.repository.js';
import { hasLiveShareOf } from './shared-target.access.js';

/** `view` (the search and its results) can come through a share; `manage` (change, delete) is the owner's. */
export type SavedSearchAction = 'view' | 'manage';

/** Loads a saved search for an action: 404 when it is not visible to the principal, 403 when the action is not theirs. */
export async function requireSavedSearch(
  ctx: AppContext,
  principal: Principal,
  action: SavedSearchAction,
  savedSearchId: string,
): Promise<SavedSearchRow> {
  const search = await findSavedSearchById(ctx.db.kysely, savedSearchId);
  if (!search) throw notFound('Saved search');
  if (search.owner_id === principal.userId) return search;
  if (!(await hasLiveShareOf(ctx, principal, 'saved_search', savedSearchId, 'view'))) {
    throw notFound('Saved search');
  }
  if (action === 'manage') throw forbidden('Only the owner may change this saved search.');
  return search;
}
