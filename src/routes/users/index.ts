import { Type } from '@fastify/type-provider-typebox';
import type { RoutesPlugin } from '../index.js';
import { errors, IdParams, TOTAL_COUNT_HEADER } from '../common.schema.js';
import { principal } from '../../plugins/auth.js';
import { presentUserDetail, presentUserSummary } from '../../presenters/user.presenter.js';
import {
  changeOwnPassword,
  createUser,
  deleteUser,
  listUsers,
  lookupUsers,
  requireUser,
  updateUser,
} from '../../services/users.service.js';
import {
  listOf,
  LookupQuery,
  NewUserBody,
  PasswordChangeBody,
  UserDetail,
  UserListQuery,
  UserPatchBody,
  UserSummary,
} from './schema.js';

const adminOnly = { auth: 'admin' } as const;

export const userRoutes: RoutesPlugin = async (app, { ctx }) => {
  app.post(
    '/users',
    {
      config: adminOnly,
      schema: {
        tags: ['users'],
        operationId: 'createUser',
        summary: 'Create a user (administrators only)',
        body: NewUserBody,
        response: { 200: UserDetail, ...errors(400, 401, 403, 409) },
      },
    },
    async (request) => presentUserDetail(await createUser(ctx, request.body)),
  );

  app.get(
    '/users',
    {
      config: adminOnly,
      schema: {
        tags: ['users'],
        operationId: 'listUsers',
        summary: 'List users by name, optionally those whose name contains `q` (administrators only)',
        querystring: UserListQuery,
        response: { 200: listOf(UserDetail), ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { offset = 0, limit = 50, q } = request.query;
      const { items, total } = await listUsers(ctx, { offset, limit, q });
      reply.header(TOTAL_COUNT_HEADER, total);
      return items.map(presentUserDetail);
    },
  );

  app.get(
    '/users/lookup',
    {
      schema: {
        tags: ['users'],
        operationId: 'lookupUsers',
        summary: 'Find enabled users by part of their name, to pick share recipients (at most 20)',
        querystring: LookupQuery,
        response: { 200: Type.Array(UserSummary), ...errors(400, 401) },
      },
    },
    async (request) => (await lookupUsers(ctx, request.query.q)).map(presentUserSummary),
  );

  app.get(
    '/users/:id',
    {
      config: adminOnly,
      schema: {
        tags: ['users'],
        operationId: 'getUser',
        summary: 'One user (administrators only)',
        params: IdParams,
        response: { 200: UserDetail, ...errors(401, 403, 404) },
      },
    },
    async (request) => presentUserDetail(await requireUser(ctx, request.params.id)),
  );

  app.patch(
    '/users/:id',
    {
      config: adminOnly,
      schema: {
        tags: ['users'],
        operationId: 'updateUser',
        summary:
          "Change a user's role, enabled state or password (administrators only). Disabling or a " +
          'password reset ends all their sessions; the last active administrator cannot be demoted ' +
          'or disabled (400)',
        params: IdParams,
        body: UserPatchBody,
        response: { 200: UserDetail, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => presentUserDetail(await updateUser(ctx, request.params.id, request.body)),
  );

  app.delete(
    '/users/:id',
    {
      config: adminOnly,
      schema: {
        tags: ['users'],
        operationId: 'deleteUser',
        summary:
          'Delete a user with their media, collections, tags, saved searches, shares and memberships ' +
          '(administrators only; the last active administrator cannot be deleted: 400)',
        params: IdParams,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteUser(ctx, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/password',
    {
      schema: {
        tags: ['auth'],
        operationId: 'changePassword',
        summary:
          'Change your own password; every other session of yours ends, this one stays signed in ' +
          '(a wrong current password is 401, and repeated ones 429)',
        body: PasswordChangeBody,
        response: { 204: Type.Null(), ...errors(400, 401, 429) },
      },
    },
    async (request, reply) => {
      await changeOwnPassword(ctx, principal(request), request.body);
      return reply.code(204).send(null);
    },
  );
};
