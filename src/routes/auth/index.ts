import type { FastifyRequest } from 'fastify';
import type { RoutesPlugin } from '../index.js';
import { errors } from '../common.schema.js';
import { principal } from '../../plugins/auth.js';
import { presentUser } from '../../presenters/user.presenter.js';
import { login, logout, refresh, startSession, type ClientInfo } from '../../services/auth.service.js';
import { createFirstAdmin, needsSetup } from '../../services/users.service.js';
import { Credentials, NewAccount, RefreshBody, SetupStatus, TokenPair, User } from './schema.js';
import { notFound } from '../../errors.js';
import { findUserById } from '../../repositories/users.repository.js';

const client = (request: FastifyRequest): ClientInfo => ({
  ip: request.ip,
  userAgent: request.headers['user-agent'],
});

export const authRoutes: RoutesPlugin = async (app, { ctx }) => {
  app.post(
    '/auth/login',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['auth'],
        operationId: 'login',
        summary: 'Sign in with a username and password',
        security: [],
        body: Credentials,
        response: { 200: TokenPair, ...errors(400, 401, 429) },
      },
    },
    async (request) => login(ctx, request.body, client(request)),
  );

  app.post(
    '/auth/refresh',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['auth'],
        operationId: 'refreshToken',
        summary: 'Trade a refresh token for a new pair (the old one is spent)',
        security: [],
        body: RefreshBody,
        response: { 200: TokenPair, ...errors(400, 401) },
      },
    },
    async (request) => refresh(ctx, request.body.refresh_token),
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        tags: ['auth'],
        operationId: 'logout',
        summary: 'End this session: its refresh and access tokens stop working',
        response: { 204: { type: 'null' }, ...errors(401) },
      },
    },
    async (request, reply) => {
      await logout(ctx, principal(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      schema: {
        tags: ['auth'],
        operationId: 'getMe',
        summary: 'The signed-in user',
        response: { 200: User, ...errors(401) },
      },
    },
    async (request) => {
      const user = await findUserById(ctx.db.kysely, principal(request).userId);
      if (!user) throw notFound('User');
      return presentUser(user);
    },
  );

  app.get(
    '/setup',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['auth'],
        operationId: 'getSetupStatus',
        summary: 'Does this server still need its first administrator?',
        security: [],
        response: { 200: SetupStatus },
      },
    },
    async () => ({ needs_setup: await needsSetup(ctx) }),
  );

  app.post(
    '/setup',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['auth'],
        operationId: 'setup',
        summary: 'Create the first administrator and sign in (only while no user exists)',
        security: [],
        body: NewAccount,
        response: { 200: TokenPair, ...errors(400, 403) },
      },
    },
    async (request) => {
      const admin = await createFirstAdmin(ctx, request.body);
      return startSession(ctx, admin, client(request));
    },
  );
};
