import type { RoutesPlugin } from '../index.js';
import { errors, IdParams, Pagination, TOTAL_COUNT_HEADER } from '../common.schema.js';
import { MediaItem } from '../media/schema.js';
import { MediaList, listOf } from '../search/schema.js';
import { principal } from '../../plugins/auth.js';
import {
  createTag,
  deleteTag,
  getTag,
  listTagMedia,
  listTags,
  renameTag,
  tagMedia,
  untagMedia,
} from '../../services/tags.service.js';
import { MediaTagParams, NewTag, Tag, TagIdsBody, TagPatch } from './schema.js';

const NoContent = { type: 'null', description: 'Done' } as const;

export const tagRoutes: RoutesPlugin = async (app, { ctx }) => {
  app.post(
    '/tags',
    {
      schema: {
        tags: ['tags'],
        operationId: 'createTag',
        summary: 'Create a tag (asking for a name you already have, in any case, returns that tag)',
        body: NewTag,
        response: { 200: Tag, ...errors(400, 401) },
      },
    },
    async (request) => createTag(ctx, principal(request), request.body),
  );

  app.get(
    '/tags',
    {
      schema: {
        tags: ['tags'],
        operationId: 'listTags',
        summary: 'Your tags by name, with how many media carry each',
        querystring: Pagination,
        response: { 200: listOf(Tag), ...errors(400, 401) },
      },
    },
    async (request, reply) => {
      const { offset = 0, limit = 50 } = request.query;
      const page = await listTags(ctx, principal(request), { offset, limit });
      reply.header(TOTAL_COUNT_HEADER, page.total);
      return page.items;
    },
  );

  app.get(
    '/tags/:id',
    {
      schema: {
        tags: ['tags'],
        operationId: 'getTag',
        summary: 'A tag of yours, or one shared with you',
        params: IdParams,
        response: { 200: Tag, ...errors(401, 404) },
      },
    },
    async (request) => getTag(ctx, principal(request), request.params.id),
  );

  app.patch(
    '/tags/:id',
    {
      schema: {
        tags: ['tags'],
        operationId: 'renameTag',
        summary: 'Rename a tag of yours (409 when you have another tag of that name)',
        params: IdParams,
        body: TagPatch,
        response: { 200: Tag, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => renameTag(ctx, principal(request), request.params.id, request.body),
  );

  app.delete(
    '/tags/:id',
    {
      schema: {
        tags: ['tags'],
        operationId: 'deleteTag',
        summary: 'Delete a tag of yours: it leaves every item, and its shares end',
        params: IdParams,
        response: { 204: NoContent, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteTag(ctx, principal(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/tags/:id/media',
    {
      schema: {
        tags: ['tags'],
        operationId: 'listTagMedia',
        summary:
          'The media carrying a tag, newest first (for a share recipient, when the share reaches them)',
        params: IdParams,
        querystring: Pagination,
        response: { 200: MediaList, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { offset = 0, limit = 50 } = request.query;
      const page = await listTagMedia(ctx, principal(request), request.params.id, { offset, limit });
      reply.header(TOTAL_COUNT_HEADER, page.total);
      return page.items;
    },
  );

  app.post(
    '/media/:id/tags',
    {
      schema: {
        tags: ['tags'],
        operationId: 'tagMedia',
        summary: 'Put tags of the item’s owner on a media item (owner, or a share recipient with can_edit)',
        params: IdParams,
        body: TagIdsBody,
        response: { 200: MediaItem, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => tagMedia(ctx, principal(request), request.params.id, request.body.tag_ids),
  );

  app.delete(
    '/media/:id/tags/:tag_id',
    {
      schema: {
        tags: ['tags'],
        operationId: 'untagMedia',
        summary: 'Take a tag off a media item (owner, or a share recipient with can_edit)',
        params: MediaTagParams,
        response: { 204: NoContent, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await untagMedia(ctx, principal(request), request.params.id, request.params.tag_id);
      return reply.code(204).send(null);
    },
  );
};
