import type { SavedSearchRow } from '../repositories/saved-searches.repository.js';

export function presentSavedSearch(search: SavedSearchRow) {
  return {
    id: search.id,
    owner_id: search.owner_id,
    name: search.name,
    query: search.query,
    created_at: search.created_at,
    updated_at: search.updated_at,
  };
}

export type SavedSearch = ReturnType<typeof presentSavedSearch>;
