import { Type } from '@fastify/type-provider-typebox';
import type { RoutesPlugin } from '../index.js';
import { errors, IdParams, TOTAL_COUNT_HEADER } from '../common.schema.js';
import { principal } from '../../plugins/auth.js';
import { presentGroup } from '../../presenters/group.presenter.js';
import {
  addMember,
  createGroup,
  deleteGroup,
  getGroup,
  listGroupsFor,
  removeMember,
  updateGroup,
  type GroupWithMembers,
} from '../../services/groups.service.js';
import { listOf } from '../users/schema.js';
import { Group, GroupListQuery, GroupPatchBody, MemberBody, MemberParams, NewGroupBody } from './schema.js';

const adminOnly = { auth: 'admin' } as const;
const present = ({ group, members }: GroupWithMembers) => presentGroup(group, members);

export const groupRoutes: RoutesPlugin = async (app, { ctx }) => {
  app.post(
    '/groups',
    {
      config: adminOnly,
      schema: {
        tags: ['groups'],
        operationId: 'createGroup',
        summary: 'Create a group (administrators only)',
        body: NewGroupBody,
        response: { 200: Group, ...errors(400, 401, 403, 409) },
      },
    },
    async (request) => present(await createGroup(ctx, request.body)),
  );

  app.get(
    '/groups',
    {
      schema: {
        tags: ['groups'],
        operationId: 'listGroups',
        summary:
          'List groups by name, without their members: any signed-in user may, to share with a ' +
          'group; `mine=true` keeps only the groups the caller is in',
        querystring: GroupListQuery,
        response: { 200: listOf(Group), ...errors(400, 401) },
      },
    },
    async (request, reply) => {
      const { offset = 0, limit = 50, mine } = request.query;
      const { items, total } = await listGroupsFor(ctx, principal(request), { offset, limit, mine });
      reply.header(TOTAL_COUNT_HEADER, total);
      return items.map((group) => presentGroup(group));
    },
  );

  app.get(
    '/groups/:id',
    {
      schema: {
        tags: ['groups'],
        operationId: 'getGroup',
        summary: 'A group with its members (administrators and members of the group; others 403)',
        params: IdParams,
        response: { 200: Group, ...errors(401, 403, 404) },
      },
    },
    async (request) => present(await getGroup(ctx, principal(request), request.params.id)),
  );

  app.patch(
    '/groups/:id',
    {
      config: adminOnly,
      schema: {
        tags: ['groups'],
        operationId: 'updateGroup',
        summary: 'Rename a group or change its description (administrators only)',
        params: IdParams,
        body: GroupPatchBody,
        response: { 200: Group, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => present(await updateGroup(ctx, request.params.id, request.body)),
  );

  app.delete(
    '/groups/:id',
    {
      config: adminOnly,
      schema: {
        tags: ['groups'],
        operationId: 'deleteGroup',
        summary: 'Delete a group; the shares to it end with it (administrators only)',
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteGroup(ctx, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/groups/:id/members',
    {
      config: adminOnly,
      schema: {
        tags: ['groups'],
        operationId: 'addGroupMember',
        summary: 'Add a member (adding one twice changes nothing); the group with its members',
        params: IdParams,
        body: MemberBody,
        response: { 200: Group, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => present(await addMember(ctx, request.params.id, request.body.user_id)),
  );

  app.delete(
    '/groups/:id/members/:user_id',
    {
      config: adminOnly,
      schema: {
        tags: ['groups'],
        operationId: 'removeGroupMember',
        summary:
          'Remove a member; the reshares they made from shares to this group end too ' +
          '(administrators only; 404 when they are not a member)',
        params: MemberParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { id, user_id: userId } = request.params;
      await removeMember(ctx, id, userId, { userId: principal(request).userId, ip: request.ip });
      return reply.code(204).send(null);
    },
  );
};
