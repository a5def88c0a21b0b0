import { Type, type TSchema } from '@fastify/type-provider-typebox';
import { Pagination, Timestamp, TotalCountHeaders, Uuid } from '../common.schema.js';
import { MediaItem, MediaTypeSchema } from '../media/schema.js';

/** A list response: a JSON array whose total is in the X-Total-Count header. */
export const listOf = <T extends TSchema>(item: T) =>
  Type.Array(item, { headers: TotalCountHeaders.properties });

export const MediaList = listOf(MediaItem);

export const QUERY_MAX = 200;

export const SearchQuery = Type.Object(
  {
    q: Type.String({
      minLength: 1,
      maxLength: QUERY_MAX,
      description: 'Words to find; each must start a word of the item (so "auro" finds "aurora")',
    }),
    type: Type.Optional(MediaTypeSchema),
    ...Pagination.properties,
  },
  { additionalProperties: false },
);

export const SavedSearch = Type.Object(
  {
    id: Uuid,
    owner_id: Uuid,
    name: Type.String(),
    query: Type.String(),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { $id: 'SavedSearch', title: 'SavedSearch' },
);

const SavedSearchName = Type.String({ minLength: 1, maxLength: 200 });
const SavedSearchQuery = Type.String({
  minLength: 1,
  maxLength: QUERY_MAX,
  description: 'A search as GET /search takes it; it must hold at least one word',
});

export const NewSavedSearch = Type.Object(
  { name: SavedSearchName, query: SavedSearchQuery },
  { additionalProperties: false },
);

export const SavedSearchPatch = Type.Object(
  { name: Type.Optional(SavedSearchName), query: Type.Optional(SavedSearchQuery) },
  { additionalProperties: false, minProperties: 1 },
);
