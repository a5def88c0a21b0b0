import type { RoutesPlugin } from '../index.js';
import { errors, IdParams, Pagination, TOTAL_COUNT_HEADER } from '../common.schema.js';
import { principal } from '../../plugins/auth.js';
import {
  createSavedSearch,
  deleteSavedSearch,
  getSavedSearch,
  listSavedSearches,
  savedSearchResults,
  updateSavedSearch,
} from '../../services/saved-searches.service.js';
import { searchMedia } from '../../services/search.service.js';
import { listOf, MediaList, NewSavedSearch, SavedSearch, SavedSearchPatch, SearchQuery } from './schema.js';

const NoContent = { type: 'null', description: 'Done' } as const;

export const searchRoutes: RoutesPlugin = async (app, { ctx }) => {
  app.get(
    '/search',
    {
      schema: {
        tags: ['search'],
        operationId: 'searchMedia',
        summary:
          'Full-text search over your media (title, file name, description, tags, metadata, text content), most relevant first',
        querystring: SearchQuery,
        response: { 200: MediaList, ...errors(400, 401) },
      },
    },
    async (request, reply) => {
      const { q, type, offset = 0, limit = 50 } = request.query;
      const page = await searchMedia(ctx, principal(request), { q, type, offset, limit });
      reply.header(TOTAL_COUNT_HEADER, page.total);
      return page.items;
    },
  );

  app.post(
    '/searches',
    {
      schema: {
        tags: ['search'],
        operationId: 'createSavedSearch',
        summary: 'Save a search',
        body: NewSavedSearch,
        response: { 200: SavedSearch, ...errors(400, 401) },
      },
    },
    async (request) => createSavedSearch(ctx, principal(request), request.body),
  );

  app.get(
    '/searches',
    {
      schema: {
        tags: ['search'],
        operationId: 'listSavedSearches',
        summary: 'Your saved searches, newest first',
        querystring: Pagination,
        response: { 200: listOf(SavedSearch), ...errors(400, 401) },
      },
    },
    async (request, reply) => {
      const { offset = 0, limit = 50 } = request.query;
      const page = await listSavedSearches(ctx, principal(request), { offset, limit });
      reply.header(TOTAL_COUNT_HEADER, page.total);
      return page.items;
    },
  );

  app.get(
    '/searches/:id',
    {
      schema: {
        tags: ['search'],
        operationId: 'getSavedSearch',
        summary: 'A saved search of yours, or one shared with you',
        params: IdParams,
        response: { 200: SavedSearch, ...errors(401, 404) },
      },
    },
    async (request) => getSavedSearch(ctx, principal(request), request.params.id),
  );

  app.patch(
    '/searches/:id',
    {
      schema: {
        tags: ['search'],
        operationId: 'updateSavedSearch',
        summary: 'Rename a saved search of yours or change its query',
        params: IdParams,
        body: SavedSearchPatch,
        response: { 200: SavedSearch, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => updateSavedSearch(ctx, principal(request), request.params.id, request.body),
  );

  app.delete(
    '/searches/:id',
    {
      schema: {
        tags: ['search'],
        operationId: 'deleteSavedSearch',
        summary: 'Delete a saved search of yours; its shares end',
        params: IdParams,
        response: { 204: NoContent, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteSavedSearch(ctx, principal(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/searches/:id/results',
    {
      schema: {
        tags: ['search'],
        operationId: 'listSavedSearchResults',
        summary:
          'What a saved search finds now among its owner’s media, newest first (for a share recipient, when the share reaches them)',
        params: IdParams,
        querystring: Pagination,
        response: { 200: MediaList, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { offset = 0, limit = 50 } = request.query;
      const page = await savedSearchResults(ctx, principal(request), request.params.id, { offset, limit });
      reply.header(TOTAL_COUNT_HEADER, page.total);
      return page.items;
    },
  );
};
