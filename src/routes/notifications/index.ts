import { Type } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { RoutesPlugin } from '../index.js';
import {
  errors,
  IdParams,
  NoInput,
  Pagination,
  TOTAL_COUNT_HEADER,
  TotalCountHeaders,
} from '../common.schema.js';
import { unauthorized } from '../../errors.js';
import { principal, principalFromToken } from '../../plugins/auth.js';
import { listUnread, markAllRead, markRead } from '../../services/notifications.service.js';
import { verifyToken } from '../../services/tokens.service.js';
import { NotificationStreams } from './stream.js';
import { ReadAllResult, ShareNotificationSchema, StreamHeaders, StreamQuery } from './schema.js';

const bearerOf = (request: FastifyRequest) =>
  /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];

export const notificationRoutes: RoutesPlugin = async (app, { ctx }) => {
  const streams = new NotificationStreams(ctx);
  // Open streams never end by themselves: end them before the server waits for connections.
  app.addHook('preClose', async () => streams.closeAll());

  app.get(
    '/notifications/shares',
    {
      schema: {
        tags: ['notifications'],
        operationId: 'listShareNotifications',
        summary: 'Your unread share notifications, newest first',
        querystring: Pagination,
        response: {
          200: { ...Type.Array(ShareNotificationSchema), headers: TotalCountHeaders },
          ...errors(400, 401),
        },
      },
    },
    async (request, reply) => {
      const { offset = 0, limit = 50 } = request.query;
      const { items, total } = await listUnread(ctx, principal(request).userId, { offset, limit });
      reply.header(TOTAL_COUNT_HEADER, total);
      return items;
    },
  );

  app.post(
    '/notifications/shares/read-all',
    {
      schema: {
        tags: ['notifications'],
        operationId: 'markAllShareNotificationsRead',
        summary: 'Mark all your share notifications read',
        body: NoInput,
        response: { 200: ReadAllResult, ...errors(400, 401) },
      },
    },
    async (request) => markAllRead(ctx, principal(request).userId),
  );

  app.post(
    '/notifications/shares/:id/read',
    {
      schema: {
        tags: ['notifications'],
        operationId: 'markShareNotificationRead',
        summary: 'Mark one of your share notifications read',
        description:
          "Marking an already read notification again is fine. Someone else's or an unknown id: 404.",
        params: IdParams,
        body: NoInput,
        response: { 200: ShareNotificationSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => markRead(ctx, principal(request).userId, request.params.id),
  );

  app.get(
    '/notifications/stream',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['notifications'],
        operationId: 'streamNotifications',
        summary: 'Your new notifications, pushed live (Server-Sent Events)',
        description:
          'A `text/event-stream`: `retry: 5000`, then `event: ready`, then one `event: notification` ' +
          '(data: a ShareNotification, id: its id) for each new notification, and a `: keep-alive` ' +
          'comment every 25 s. Authenticated by the bearer header or, for EventSource (which cannot ' +
          'send headers), `?access_token=` (accepted on this route only). The stream ends when that ' +
          'token expires; reconnect with a fresh one. On reconnection, `Last-Event-ID` replays unread ' +
          'notifications written since.',
        querystring: StreamQuery,
        headers: StreamHeaders,
        response: {
          200: {
            description: 'An event stream',
            content: { 'text/event-stream': { schema: Type.String() } },
          },
          ...errors(400, 401),
        },
      },
    },
    async (request, reply) => {
      const queryToken = request.query.access_token;
      const token = request.auth ? bearerOf(request) : queryToken;
      const user = request.auth ?? (queryToken ? await principalFromToken(ctx, queryToken) : null);
      if (!user || !token) throw unauthorized(token ? 'The access token is invalid or expired.' : undefined);
      const verified = await verifyToken(ctx, 'pinakes:api', token);
      const exp = verified?.claims.exp;
      await streams.serve(request, reply, {
        userId: user.userId,
        endsAt: typeof exp === 'number' ? new Date(exp * 1000) : undefined,
        lastEventId: request.headers['last-event-id'],
      });
    },
  );
};
