import type { TagWithCount } from '../repositories/tags.repository.js';

/** A tag as the API shows it, with how many media carry it. */
export function presentTag(tag: TagWithCount) {
  return {
    id: tag.id,
    owner_id: tag.owner_id,
    name: tag.name,
    media_count: tag.media_count,
    created_at: tag.created_at,
  };
}

export type Tag = ReturnType<typeof presentTag>;
