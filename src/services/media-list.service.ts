import type { AppContext } from '../context.js';
import type { MediaRow } from '../db/schema.js';
import { presentMedia, type MediaItem } from '../presenters/media.presenter.js';
import { tagsByMedia } from '../repositories/media-tags.repository.js';

/** Which slice of a list to return. */
export interface Page {
  offset: number;
  limit: number;
}

/** MediaItems for rows of media, their tags fetched in one query. */
export async function presentMediaRows(ctx: AppContext, rows: readonly MediaRow[]): Promise<MediaItem[]> {
  const tags = await tagsByMedia(
    ctx.db.kysely,
    rows.map((row) => row.id),
  );
  return rows.map((row) => presentMedia(row, tags.get(row.id) ?? []));
}
