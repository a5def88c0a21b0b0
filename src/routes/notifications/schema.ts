import { Type } from '@fastify/type-provider-typebox';
import { Nullable, Timestamp, Uuid } from '../common.schema.js';

const TargetType = Type.Union([
  Type.Literal('media'),
  Type.Literal('collection'),
  Type.Literal('tag'),
  Type.Literal('saved_search'),
]);

export const NotificationTypeSchema = Type.Union([
  Type.Literal('new_share'),
  Type.Literal('share_updated'),
  Type.Literal('share_revoked'),
  Type.Literal('share_expiring'),
  Type.Literal('share_accessed'),
]);

export const ShareNotificationSchema = Type.Object(
  {
    id: Uuid,
    share_id: Nullable(Uuid),
    notification_type: NotificationTypeSchema,
    message: Type.String(),
    is_read: Type.Boolean(),
    created_at: Timestamp,
    share: Nullable(
      Type.Object({
        target_type: TargetType,
        target_name: Type.String(),
        owner_username: Type.String(),
      }),
    ),
  },
  { $id: 'ShareNotification', title: 'ShareNotification' },
);

export const ReadAllResult = Type.Object({
  updated: Type.Integer({ minimum: 0, description: 'How many were unread' }),
});

export const StreamQuery = Type.Object(
  {
    access_token: Type.Optional(
      Type.String({
        maxLength: 4096,
        description: 'Your API access token, for clients that cannot send headers (EventSource)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const StreamHeaders = Type.Object({
  'last-event-id': Type.Optional(
    Type.String({
      maxLength: 100,
      description: 'Sent by EventSource on reconnection: missed notifications are replayed',
    }),
  ),
});
