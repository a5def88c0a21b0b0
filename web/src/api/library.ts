import { api, unwrap, unwrapPage, type Page } from './client';
import type { Collection, MediaItem, MediaType, SavedSearch, Tag } from './types';

export const PAGE_SIZE = 60;

export interface MediaFilter {
  q?: string;
  type?: MediaType;
  tag?: string;
}

export const keys = {
  mediaList: (filter: MediaFilter) => ['media', 'list', filter] as const,
  media: (id: string) => ['media', 'item', id] as const,
  tags: ['tags'] as const,
  collections: ['collections'] as const,
  collection: (id: string) => ['collections', 'item', id] as const,
  collectionMembers: (id: string) => ['collections', 'members', id] as const,
  searches: ['searches'] as const,
  searchResults: (id: string) => ['searches', 'results', id] as const,
};

export function fetchMediaPage(
  filter: MediaFilter,
  offset: number,
  limit = PAGE_SIZE,
): Promise<Page<MediaItem>> {
  const query: { offset: number; limit: number; q?: string; type?: MediaType; tag?: string } = {
    offset,
    limit,
  };
  if (filter.q) query.q = filter.q;
  if (filter.type) query.type = filter.type;
  if (filter.tag) query.tag = filter.tag;
  return unwrapPage(api.GET('/api/v1/media', { params: { query } }));
}

export const fetchMedia = (id: string) => unwrap(api.GET('/api/v1/media/{id}', { params: { path: { id } } }));

export const updateMedia = (id: string, body: { title?: string; description?: string | null }) =>
  unwrap(api.PATCH('/api/v1/media/{id}', { params: { path: { id } }, body }));

export const deleteMedia = (id: string) =>
  unwrap(api.DELETE('/api/v1/media/{id}', { params: { path: { id } } }));

export const addTagsToMedia = (id: string, tagIds: string[]) =>
  unwrap(api.POST('/api/v1/media/{id}/tags', { params: { path: { id } }, body: { tag_ids: tagIds } }));

export const removeTagFromMedia = (id: string, tagId: string) =>
  unwrap(api.DELETE('/api/v1/media/{id}/tags/{tag_id}', { params: { path: { id, tag_id: tagId } } }));

/** Everything of a small list (tags, collections, searches): pages of 200 until done. */
async function fetchAll<T>(fetchPage: (offset: number) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  for (let offset = 0; ;) {
    const page = await fetchPage(offset);
    all.push(...page.items);
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) return all;
  }
}

export const fetchTags = (): Promise<Tag[]> =>
  fetchAll((offset) => unwrapPage(api.GET('/api/v1/tags', { params: { query: { offset, limit: 200 } } })));

export const createTag = (name: string) => unwrap(api.POST('/api/v1/tags', { body: { name } }));

export const fetchCollections = (): Promise<Collection[]> =>
  fetchAll((offset) =>
    unwrapPage(api.GET('/api/v1/collections', { params: { query: { offset, limit: 200 } } })),
  );

export const fetchCollection = (id: string) =>
  unwrap(api.GET('/api/v1/collections/{id}', { params: { path: { id } } }));

export const createCollection = (name: string, description: string | null) =>
  unwrap(api.POST('/api/v1/collections', { body: description ? { name, description } : { name } }));

export const updateCollection = (id: string, body: { name?: string; description?: string | null }) =>
  unwrap(api.PATCH('/api/v1/collections/{id}', { params: { path: { id } }, body }));

export const deleteCollection = (id: string) =>
  unwrap(api.DELETE('/api/v1/collections/{id}', { params: { path: { id } } }));

export const fetchCollectionMembers = (id: string, offset: number, limit = PAGE_SIZE) =>
  unwrapPage(
    api.GET('/api/v1/collections/{id}/members', { params: { path: { id }, query: { offset, limit } } }),
  );

export const addToCollection = (id: string, mediaIds: string[]) =>
  unwrap(
    api.POST('/api/v1/collections/{id}/members', { params: { path: { id } }, body: { media_ids: mediaIds } }),
  );

export const removeFromCollection = (id: string, mediaId: string) =>
  unwrap(
    api.DELETE('/api/v1/collections/{id}/members/{media_id}', {
      params: { path: { id, media_id: mediaId } },
    }),
  );

export const fetchSearches = (): Promise<SavedSearch[]> =>
  fetchAll((offset) =>
    unwrapPage(api.GET('/api/v1/searches', { params: { query: { offset, limit: 200 } } })),
  );

export const createSearch = (name: string, query: string) =>
  unwrap(api.POST('/api/v1/searches', { body: { name, query } }));

export const fetchSearchResults = (id: string, offset: number, limit = PAGE_SIZE) =>
  unwrapPage(
    api.GET('/api/v1/searches/{id}/results', { params: { path: { id }, query: { offset, limit } } }),
  );
