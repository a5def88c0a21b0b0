import type { FastifyRequest } from 'fastify';
import type { RoutesPlugin } from '../index.js';
import { errors, IdParams, Pagination, TOTAL_COUNT_HEADER } from '../common.schema.js';
import { CursorPagination, listPage, setListHeaders } from './cursor.js';
import { MediaItem } from '../media/schema.js';
import { principal } from '../../plugins/auth.js';
import { presentShareActivity } from '../../presenters/share-activity.presenter.js';
import { createShare } from '../../services/shares-create.service.js';
import type { ShareActor } from '../../services/shares-events.service.js';
import { presentNamedShare, presentOneShare, presentShares } from '../../services/shares-present.service.js';
import {
  getShare,
  incomingShares,
  outgoingShares,
  shareActivity,
  shareItems,
} from '../../services/shares-read.service.js';
import { revokeShare, revokeShares } from '../../services/shares-revoke.service.js';
import { updateShare } from '../../services/shares-update.service.js';
import {
  BatchDeleteBody,
  BatchDeleteResult,
  CreateShareBody,
  cursorListOf,
  listOf,
  Share,
  ShareActivity,
  UpdateShareBody,
} from './schema.js';

const NoContent = { type: 'null', description: 'Revoked' } as const;

const actorOf = (request: FastifyRequest): ShareActor => ({ principal: principal(request), ip: request.ip });

export const shareRoutes: RoutesPlugin = async (app, { ctx }) => {
  app.post(
    '/shares',
    {
      schema: {
        tags: ['shares'],
        operationId: 'createShare',
        summary: 'Share a media item, collection, tag or saved search',
        description:
          'Shares a target you own with a user, a group or anyone holding a public link; or reshares a target ' +
          'shared with you through a share that grants can_reshare (the new share then has parent_share_id and ' +
          'may grant no more, nor last longer, than its parent). Permissions default to view and download. ' +
          'Recipients are notified (new_share). A target that does not exist and one you may not share get the ' +
          'same 400; so do an unknown or disabled recipient, sharing with yourself, and a second live share of ' +
          'the same target to the same user or group (update that share instead).',
        body: CreateShareBody,
        response: { 200: Share, ...errors(400, 401, 500) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { share, names } = await createShare(ctx, actor, request.body);
      return presentNamedShare(ctx, actor.principal.userId, share, names);
    },
  );

  app.get(
    '/shares/outgoing',
    {
      schema: {
        tags: ['shares'],
        operationId: 'listOutgoingShares',
        summary: 'Shares you made, newest first',
        description:
          'Every share you own that has not been revoked, expired and used-up ones included (see `status`). ' +
          'The total is in X-Total-Count. Page by `offset`, or by `cursor` (the X-Next-Cursor of the ' +
          'previous page: constant time however deep); a bad cursor is a 400.',
        querystring: CursorPagination,
        response: { 200: cursorListOf(Share), ...errors(400, 401) },
      },
    },
    async (request, reply) => {
      const viewer = principal(request);
      const page = await outgoingShares(ctx, viewer, listPage(request.query));
      setListHeaders(reply, page);
      return presentShares(ctx, viewer.userId, page.items);
    },
  );

  app.get(
    '/shares/incoming',
    {
      schema: {
        tags: ['shares'],
        operationId: 'listIncomingShares',
        summary: 'Shares made with you, newest first',
        description:
          'Active shares to you or to a group you are in now (not revoked, not expired). ' +
          'The total is in X-Total-Count. Page by `offset`, or by `cursor` (the X-Next-Cursor of the ' +
          'previous page); a bad cursor is a 400.',
        querystring: CursorPagination,
        response: { 200: cursorListOf(Share), ...errors(400, 401) },
      },
    },
    async (request, reply) => {
      const viewer = principal(request);
      const page = await incomingShares(ctx, viewer, listPage(request.query));
      setListHeaders(reply, page);
      return presentShares(ctx, viewer.userId, page.items);
    },
  );

  app.post(
    '/shares/batch/delete',
    {
      schema: {
        tags: ['shares'],
        operationId: 'deleteSharesBatch',
        summary: 'Revoke many shares at once, all or nothing',
        description:
          'Revokes the named shares and every reshare made from them, in one transaction. If any id is ' +
          'unknown, already revoked or not yours (an administrator may revoke any), the answer is 403 and ' +
          'nothing changes. `deleted` counts the named shares. Ids must not repeat.',
        body: BatchDeleteBody,
        response: { 200: BatchDeleteResult, ...errors(400, 401, 403) },
      },
    },
    async (request) => ({ deleted: await revokeShares(ctx, actorOf(request), request.body.share_ids) }),
  );

  app.get(
    '/shares/:id',
    {
      schema: {
        tags: ['shares'],
        operationId: 'getShare',
        summary: 'One share',
        description:
          'For its owner, its recipient (a current member of its group too) and administrators; 403 for ' +
          'anyone else, 404 when unknown or revoked. The link secret is shown to the owner only.',
        params: IdParams,
        response: { 200: Share, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const viewer = principal(request);
      return presentOneShare(ctx, viewer.userId, await getShare(ctx, viewer, request.params.id));
    },
  );

  app.patch(
    '/shares/:id',
    {
      schema: {
        tags: ['shares'],
        operationId: 'updateShare',
        summary: 'Change a share',
        description:
          'Owner or administrator. Any of permissions (partial), note, expires_at (null: never), password ' +
          '(null: none; links only), max_access_count (null: no limit; links only), inherit_to_children. ' +
          'Anything else is a 400. Narrowing a share narrows every reshare made from it; access tokens of ' +
          'a link issued before the change stop working. Recipients are notified (share_updated).',
        params: IdParams,
        body: UpdateShareBody,
        response: { 200: Share, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const row = await updateShare(ctx, actor, request.params.id, request.body);
      return presentOneShare(ctx, actor.principal.userId, row);
    },
  );

  app.delete(
    '/shares/:id',
    {
      schema: {
        tags: ['shares'],
        operationId: 'deleteShare',
        summary: 'Revoke a share and every reshare made from it',
        description:
          'Owner or administrator. The share and, in cascade, its reshares stop granting access at once; ' +
          'their recipients are notified (share_revoked).',
        params: IdParams,
        response: { 204: NoContent, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await revokeShare(ctx, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/shares/:id/activity',
    {
      schema: {
        tags: ['shares'],
        operationId: 'listShareActivity',
        summary: "A share's activity log, newest first",
        description:
          'Owner or administrator: who created, changed, opened, downloaded or revoked the share, and failed ' +
          'password attempts. The total is in X-Total-Count. Page by `offset`, or by `cursor` (the ' +
          'X-Next-Cursor of the previous page); a bad cursor is a 400.',
        params: IdParams,
        querystring: CursorPagination,
        response: { 200: cursorListOf(ShareActivity), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const page = await shareActivity(ctx, principal(request), request.params.id, listPage(request.query));
      setListHeaders(reply, page);
      return page.items.map(presentShareActivity);
    },
  );

  app.get(
    '/shares/:id/items',
    {
      schema: {
        tags: ['shares'],
        operationId: 'listShareItems',
        summary: 'The media a share covers now, newest first',
        description:
          "For the share's owner and its recipients while it is active: the item itself, or the media in " +
          'the shared collection, carrying the shared tag, or matching the shared saved search at this ' +
          'moment. The total is in X-Total-Count.',
        params: IdParams,
        querystring: Pagination,
        response: { 200: listOf(MediaItem), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { offset = 0, limit = 50 } = request.query;
      const page = await shareItems(ctx, principal(request), request.params.id, { offset, limit });
      reply.header(TOTAL_COUNT_HEADER, page.total);
      return page.items;
    },
  );
};
