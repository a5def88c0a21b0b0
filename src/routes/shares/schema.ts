import { Type, type TSchema } from '@fastify/type-provider-typebox';
import { Nullable, Timestamp, TOTAL_COUNT_HEADER, Uuid } from '../common.schema.js';
import { cursorListHeaders } from './cursor.js';

export const ShareTargetTypeSchema = Type.Union(
  [Type.Literal('media'), Type.Literal('collection'), Type.Literal('tag'), Type.Literal('saved_search')],
  { description: 'What is shared' },
);

export const ShareRecipientTypeSchema = Type.Union(
  [Type.Literal('public_link'), Type.Literal('user'), Type.Literal('group')],
  { description: 'Who receives it: anyone holding the link, one user, or every member of a group' },
);

const EXAMPLE_TIME = '2026-11-27T10:00:00.000Z';

export const Permissions = Type.Object(
  {
    can_view: Type.Boolean(),
    can_download: Type.Boolean(),
    can_edit: Type.Boolean({ description: 'PATCH title, description and tags of covered media' }),
    can_delete: Type.Boolean({ description: 'Delete covered media' }),
    can_reshare: Type.Boolean({
      description: 'Share the same target onwards (never more than this share grants)',
    }),
    can_add: Type.Boolean({ description: 'Add own media to a shared collection' }),
  },
  { $id: 'SharePermissions', title: 'SharePermissions' },
);

/** Every flag optional: unspecified ones take the defaults (create) or stay as they are (update). */
const PermissionsInput = Type.Object(
  {
    can_view: Type.Optional(Type.Boolean({ description: 'Must stay true' })),
    can_download: Type.Optional(Type.Boolean({ description: 'Default true' })),
    can_edit: Type.Optional(Type.Boolean({ description: 'Default false; not for public links' })),
    can_delete: Type.Optional(Type.Boolean({ description: 'Default false; not for public links' })),
    can_reshare: Type.Optional(Type.Boolean({ description: 'Default false; not for public links' })),
    can_add: Type.Optional(Type.Boolean({ description: 'Default false; not for public links' })),
  },
  { additionalProperties: false },
);

export const ShareStatusSchema = Type.Union(
  [Type.Literal('active'), Type.Literal('expired'), Type.Literal('exhausted')],
  { description: 'expired: past expires_at; exhausted: a link used max_access_count times' },
);

export const Share = Type.Object(
  {
    id: Uuid,
    target_type: ShareTargetTypeSchema,
    target_id: Uuid,
    target_name: Nullable(Type.String()),
    owner_id: Uuid,
    owner_username: Type.String(),
    recipient_type: ShareRecipientTypeSchema,
    recipient_user_id: Nullable(Uuid),
    recipient_username: Nullable(Type.String()),
    recipient_group_id: Nullable(Uuid),
    recipient_group_name: Nullable(Type.String()),
    public_token: Nullable(
      Type.String({
        description: "The link's secret (256 bits, base64url); shown to the share's owner only",
      }),
    ),
    public_url: Nullable(
      Type.String({ description: '<PINAKES_PUBLIC_URL>/s/<token>, for the owner of a link only' }),
    ),
    has_password: Type.Boolean(),
    permissions: Permissions,
    note: Nullable(Type.String()),
    expires_at: Nullable(Timestamp),
    max_access_count: Nullable(Type.Integer({ minimum: 1 })),
    access_count: Type.Integer({ minimum: 0 }),
    last_accessed_at: Nullable(Timestamp),
    status: ShareStatusSchema,
    inherit_to_children: Type.Boolean(),
    parent_share_id: Nullable(Uuid),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  {
    $id: 'Share',
    title: 'Share',
    examples: [
      {
        id: '0193a0b2-7c1e-7d40-9a51-3f2b8e6c1d20',
        target_type: 'collection',
        target_id: '0193a0b1-11aa-7c3e-8f00-5b6c7d8e9f01',
        target_name: 'Holiday 2026',
        owner_id: '0193a0a0-0000-7000-8000-000000000001',
        owner_username: 'alice',
        recipient_type: 'public_link',
        recipient_user_id: null,
        recipient_username: null,
        recipient_group_id: null,
        recipient_group_name: null,
        public_token: 'q3J9v0pX5mZ2cT8yN1bW4eR7uK6aS0dF3gH2jL5kM9o',
        public_url: 'https://media.example.org/s/q3J9v0pX5mZ2cT8yN1bW4eR7uK6aS0dF3gH2jL5kM9o',
        has_password: true,
        permissions: {
          can_view: true,
          can_download: true,
          can_edit: false,
          can_delete: false,
          can_reshare: false,
          can_add: false,
        },
        note: 'Photos from the trip',
        expires_at: '2026-12-04T10:00:00.000Z',
        max_access_count: 100,
        access_count: 3,
        last_accessed_at: '2026-11-28T08:12:44.120Z',
        status: 'active',
        inherit_to_children: true,
        parent_share_id: null,
        created_at: EXAMPLE_TIME,
        updated_at: EXAMPLE_TIME,
      },
    ],
  },
);

export const CreateShareBody = Type.Object(
  {
    target_type: ShareTargetTypeSchema,
    target_id: Uuid,
    recipient_type: ShareRecipientTypeSchema,
    recipient_user_id: Type.Optional(
      Type.String({ format: 'uuid', description: 'Required iff recipient_type is user' }),
    ),
    recipient_group_id: Type.Optional(
      Type.String({ format: 'uuid', description: 'Required iff recipient_type is group' }),
    ),
    permissions: Type.Optional(PermissionsInput),
    password: Type.Optional(
      Type.String({
        minLength: 8,
        maxLength: 256,
        description: 'Public links only; stored as an Argon2id hash',
      }),
    ),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    expires_at: Type.Optional(
      Type.String({ format: 'date-time', description: 'A future RFC 3339 time; not with expires_in_hours' }),
    ),
    expires_in_hours: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 87600, description: 'Hours from now; not with expires_at' }),
    ),
    max_access_count: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Public links only: the link dies after this many accesses' }),
    ),
    inherit_to_children: Type.Optional(
      Type.Boolean({ description: 'Cover the media in a collection, tag or saved search (default true)' }),
    ),
  },
  {
    additionalProperties: false,
    examples: [
      {
        target_type: 'media',
        target_id: '0193a0b1-11aa-7c3e-8f00-5b6c7d8e9f01',
        recipient_type: 'user',
        recipient_user_id: '0193a0a0-0000-7000-8000-000000000002',
        permissions: { can_download: false, can_reshare: true },
        expires_in_hours: 72,
      },
      {
        target_type: 'collection',
        target_id: '0193a0b1-11aa-7c3e-8f00-5b6c7d8e9f01',
        recipient_type: 'public_link',
        password: 'correct horse battery',
        max_access_count: 100,
        note: 'Photos from the trip',
      },
    ],
  },
);

export const UpdateShareBody = Type.Object(
  {
    permissions: Type.Optional(PermissionsInput),
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    expires_at: Type.Optional(
      Nullable(Type.String({ format: 'date-time', description: 'Future time; null clears' })),
    ),
    password: Type.Optional(
      Nullable(Type.String({ minLength: 8, maxLength: 256, description: 'Public links only; null clears' })),
    ),
    max_access_count: Type.Optional(
      Nullable(Type.Integer({ minimum: 1, description: 'Public links only; null clears' })),
    ),
    inherit_to_children: Type.Optional(Type.Boolean()),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    examples: [{ permissions: { can_download: false }, expires_at: null }],
  },
);

export const BatchDeleteBody = Type.Object(
  {
    share_ids: Type.Array(Uuid, { minItems: 1, maxItems: 500, uniqueItems: true }),
  },
  { additionalProperties: false },
);

export const BatchDeleteResult = Type.Object({
  deleted: Type.Integer({ minimum: 0, description: 'How many of the named shares were revoked' }),
});

export const ShareActivityActionSchema = Type.Union([
  Type.Literal('created'),
  Type.Literal('updated'),
  Type.Literal('accessed'),
  Type.Literal('downloaded'),
  Type.Literal('revoked'),
  Type.Literal('expired'),
  Type.Literal('password_failed'),
]);

export const ShareActivity = Type.Object(
  {
    id: Uuid,
    share_id: Uuid,
    actor_id: Nullable(Uuid),
    actor_username: Nullable(Type.String()),
    actor_ip: Nullable(Type.String()),
    action: ShareActivityActionSchema,
    details: Type.Object({}, { additionalProperties: true, description: 'What happened; never a secret' }),
    timestamp: Timestamp,
  },
  { $id: 'ShareActivity', title: 'ShareActivity' },
);

/** A page of a list: the array, with the total in `X-Total-Count`. */
export const listOf = <T extends TSchema>(item: T) =>
  Type.Array(item, {
    headers: { [TOTAL_COUNT_HEADER]: { type: 'integer', description: 'How many items there are in all' } },
  });

/** A page of a newest-first list: X-Total-Count, and X-Next-Cursor while there is a next page. */
export const cursorListOf = <T extends TSchema>(item: T) => Type.Array(item, { headers: cursorListHeaders });
