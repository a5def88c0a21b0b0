import { Type } from '@fastify/type-provider-typebox';
import { Uuid } from '../common.schema.js';
import { PASSWORD_MAX, USERNAME_PATTERN } from '../../services/users.service.js';

export const Role = Type.Union([Type.Literal('admin'), Type.Literal('editor'), Type.Literal('viewer')]);

export const User = Type.Object(
  { id: Uuid, username: Type.String(), role: Role },
  { $id: 'User', title: 'User' },
);

export const Credentials = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX }),
  },
  { additionalProperties: false },
);

export const NewAccount = Type.Object(
  {
    username: Type.String({ pattern: USERNAME_PATTERN, maxLength: 64 }),
    password: Type.String({ minLength: 8, maxLength: PASSWORD_MAX }),
  },
  { additionalProperties: false },
);

export const TokenPair = Type.Object(
  {
    access_token: Type.String(),
    token_type: Type.Literal('Bearer'),
    expires_in: Type.Integer({ description: 'Seconds the access token lives' }),
    refresh_token: Type.String(),
    user: User,
  },
  { $id: 'TokenPair', title: 'TokenPair' },
);

export const RefreshBody = Type.Object(
  { refresh_token: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export const SetupStatus = Type.Object({ needs_setup: Type.Boolean() });
