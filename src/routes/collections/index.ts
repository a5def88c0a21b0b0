import type { RoutesPlugin } from '../index.js';
import { errors, IdParams, Pagination, TOTAL_COUNT_HEADER } from '../common.schema.js';
import { MediaList, listOf } from '../search/schema.js';
import { principal } from '../../plugins/auth.js';
import {
  addMembers,
  createCollection,
  deleteCollection,
  getCollection,
  listCollections,
  listMembers,
  removeMember,
  updateCollection,
} from '../../services/collections.service.js';
import {
  AddedCount,
  Collection,
  CollectionPatch,
  MemberIdsBody,
  MemberParams,
  NewCollection,
} from './schema.js';

const NoContent = { type: 'null', description: 'Done' } as const;

export const collectionRoutes: RoutesPlugin = async (app, { ctx }) => {
  app.post(
    '/collections',
    {
      schema: {
        tags: ['collections'],
        operationId: 'createCollection',
        summary: 'Create a collection (editors and administrators)',
        body: NewCollection,
        response: { 200: Collection, ...errors(400, 401, 403) },
      },
    },
    async (request) => createCollection(ctx, principal(request), request.body),
  );

  app.get(
    '/collections',
    {
      schema: {
        tags: ['collections'],
        operationId: 'listCollections',
        summary: 'Your collections, newest first',
        querystring: Pagination,
        response: { 200: listOf(Collection), ...errors(400, 401) },
      },
    },
    async (request, reply) => {
      const { offset = 0, limit = 50 } = request.query;
      const page = await listCollections(ctx, principal(request), { offset, limit });
      reply.header(TOTAL_COUNT_HEADER, page.total);
      return page.items;
    },
  );

  app.get(
    '/collections/:id',
    {
      schema: {
        tags: ['collections'],
        operationId: 'getCollection',
        summary: 'A collection of yours, or one shared with you',
        params: IdParams,
        response: { 200: Collection, ...errors(401, 404) },
      },
    },
    async (request) => getCollection(ctx, principal(request), request.params.id),
  );

  app.patch(
    '/collections/:id',
    {
      schema: {
        tags: ['collections'],
        operationId: 'updateCollection',
        summary: 'Rename or describe a collection of yours',
        params: IdParams,
        body: CollectionPatch,
        response: { 200: Collection, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => updateCollection(ctx, principal(request), request.params.id, request.body),
  );

  app.delete(
    '/collections/:id',
    {
      schema: {
        tags: ['collections'],
        operationId: 'deleteCollection',
        summary: 'Delete a collection of yours (its media stay); its shares end',
        params: IdParams,
        response: { 204: NoContent, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteCollection(ctx, principal(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/collections/:id/members',
    {
      schema: {
        tags: ['collections'],
        operationId: 'addCollectionMembers',
        summary:
          'Add media of your own to a collection (its owner, or a share recipient with can_add); all or nothing',
        params: IdParams,
        body: MemberIdsBody,
        response: { 200: AddedCount, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => addMembers(ctx, principal(request), request.params.id, request.body.media_ids),
  );

  app.get(
    '/collections/:id/members',
    {
      schema: {
        tags: ['collections'],
        operationId: 'listCollectionMembers',
        summary: 'The media in a collection, most recently added first',
        params: IdParams,
        querystring: Pagination,
        response: { 200: MediaList, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { offset = 0, limit = 50 } = request.query;
      const page = await listMembers(ctx, principal(request), request.params.id, { offset, limit });
      reply.header(TOTAL_COUNT_HEADER, page.total);
      return page.items;
    },
  );

  app.delete(
    '/collections/:id/members/:media_id',
    {
      schema: {
        tags: ['collections'],
        operationId: 'removeCollectionMember',
        summary: 'Take a media item out of a collection (the owner; a recipient only what they added)',
        params: MemberParams,
        response: { 204: NoContent, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await removeMember(ctx, principal(request), request.params.id, request.params.media_id);
      return reply.code(204).send(null);
    },
  );
};
