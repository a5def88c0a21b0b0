import { Type, type TSchema } from '@fastify/type-provider-typebox';
import { MAX_OFFSET, MAX_PAGE_SIZE, Timestamp, TOTAL_COUNT_HEADER, Uuid } from '../common.schema.js';
import { Role } from '../auth/schema.js';
import { PASSWORD_MAX, PASSWORD_MIN, USERNAME_PATTERN } from '../../services/users.service.js';

const password = (description?: string) =>
  Type.String({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX, ...(description ? { description } : {}) });

/** A page of a list: the array, with the total in `X-Total-Count`. */
export const listOf = <T extends TSchema>(item: T) =>
  Type.Array(item, {
    headers: {
      [TOTAL_COUNT_HEADER]: { type: 'integer', description: 'How many items there are in all' },
    },
  });

export const UserDetail = Type.Object(
  {
    id: Uuid,
    username: Type.String(),
    role: Role,
    disabled: Type.Boolean({ description: 'A disabled user cannot sign in; their sessions have ended' }),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { $id: 'UserDetail', title: 'UserDetail' },
);

export const UserSummary = Type.Object(
  { id: Uuid, username: Type.String() },
  { $id: 'UserSummary', title: 'UserSummary' },
);

export const NewUserBody = Type.Object(
  {
    username: Type.String({
      pattern: USERNAME_PATTERN,
      maxLength: 64,
      description: '1 to 64 letters, digits, dots, dashes or underscores; unique regardless of case',
    }),
    password: password(),
    role: Role,
  },
  { additionalProperties: false },
);

export const UserListQuery = Type.Object(
  {
    offset: Type.Optional(
      Type.Integer({ minimum: 0, maximum: MAX_OFFSET, default: 0, description: 'Items to skip' }),
    ),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50, description: 'Page size' }),
    ),
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'Case-insensitive part of a username' }),
    ),
  },
  { additionalProperties: false },
);

export const UserPatchBody = Type.Object(
  {
    role: Type.Optional(Role),
    disabled: Type.Optional(
      Type.Boolean({ description: "true ends all the user's sessions and refuses their sign-ins" }),
    ),
    password: Type.Optional(password("A new password set by an administrator; ends all the user's sessions")),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const LookupQuery = Type.Object(
  {
    q: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'Case-insensitive part of a username; names starting with it come first',
    }),
  },
  { additionalProperties: false },
);

export const PasswordChangeBody = Type.Object(
  {
    current_password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX }),
    new_password: password(),
  },
  { additionalProperties: false },
);
