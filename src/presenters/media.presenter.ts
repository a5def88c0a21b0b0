import type { MediaRow } from '../db/schema.js';
import type { TagRef } from '../repositories/media-tags.repository.js';

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

/** The contract's MediaItem. Storage paths and search text stay on the server. */
export function presentMedia(media: MediaRow, tags: TagRef[]) {
  return {
    id: media.id,
    owner_id: media.owner_id,
    title: media.title,
    description: media.description,
    file_name: media.file_name,
    media_type: media.media_type,
    mime_type: media.mime_type,
    size_bytes: Number(media.size_bytes),
    content_hash: media.content_hash,
    width: media.width,
    height: media.height,
    duration_secs: media.duration_secs,
    tags,
    metadata: parseMetadata(media.metadata),
    created_at: media.created_at,
    updated_at: media.updated_at,
  };
}

export type MediaItem = ReturnType<typeof presentMedia>;
