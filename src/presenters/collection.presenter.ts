import type { CollectionSummary } from '../repositories/collections.repository.js';

/**
 * A collection as the API shows it. `cover_media_id` (its newest picture, else its newest member) is withheld from
 * those who may not see the media inside.
 */
export function presentCollection(
  collection: CollectionSummary,
  options: { showCover: boolean } = { showCover: true },
) {
  return {
    id: collection.id,
    owner_id: collection.owner_id,
    name: collection.name,
    description: collection.description,
    media_count: collection.media_count,
    cover_media_id: options.showCover ? collection.cover_media_id : null,
    created_at: collection.created_at,
    updated_at: collection.updated_at,
  };
}

export type Collection = ReturnType<typeof presentCollection>;
