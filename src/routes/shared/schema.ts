import { Type, type TSchema } from '@fastify/type-provider-typebox';
import { MAX_OFFSET, MAX_PAGE_SIZE, Nullable, Timestamp, Uuid } from '../common.schema.js';
import { MediaItem, ThumbnailQuery } from '../media/schema.js';

const TargetType = Type.Union([
  Type.Literal('media'),
  Type.Literal('collection'),
  Type.Literal('tag'),
  Type.Literal('saved_search'),
]);

/*
 * The link token is not validated by pattern: a malformed token must get the very same 404
 * as an unknown one, so it is simply looked up (and found nowhere).
 */
const LinkToken = Type.String({ description: 'The link token from the URL' });

export const LinkParams = Type.Object({ token: LinkToken });
export const LinkFileParams = Type.Object({ token: LinkToken, media_id: Uuid });

const AccessTokenQuery = Type.String({
  maxLength: 2048,
  description: 'The link access token from GET /shared/{token} (the `X-Share-Access` header is preferred)',
});

export const OpenLinkQuery = Type.Object(
  {
    offset: Type.Optional(
      Type.Integer({ minimum: 0, maximum: MAX_OFFSET, default: 0, description: 'Items to skip' }),
    ),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50, description: 'Page size' }),
    ),
    password: Type.Optional(
      Type.String({
        maxLength: 256,
        description: 'The link password (the `X-Share-Password` header is preferred: it stays out of logs)',
      }),
    ),
    access_token: Type.Optional(AccessTokenQuery),
  },
  { additionalProperties: false },
);

export const LinkFileQuery = Type.Object(
  { access_token: Type.Optional(AccessTokenQuery) },
  { additionalProperties: false },
);

export const LinkThumbnailQuery = Type.Object(
  { ...ThumbnailQuery.properties, access_token: Type.Optional(AccessTokenQuery) },
  { additionalProperties: false },
);

export const OpenLinkHeaders = Type.Object({
  'x-share-password': Type.Optional(Type.String({ maxLength: 256, description: 'The link password' })),
  'x-share-access': Type.Optional(
    Type.String({ maxLength: 2048, description: 'A link access token: skips the password' }),
  ),
});

export const LinkFileHeaders = Type.Object({
  'x-share-access': Type.Optional(Type.String({ maxLength: 2048, description: 'The link access token' })),
});

export const LinkPermissions = Type.Object({
  can_view: Type.Boolean(),
  can_download: Type.Boolean(),
  can_edit: Type.Boolean(),
  can_delete: Type.Boolean(),
  can_reshare: Type.Boolean(),
  can_add: Type.Boolean(),
});

export const PublicLinkShare = Type.Object(
  {
    id: Uuid,
    target_type: TargetType,
    target_name: Nullable(Type.String()),
    owner_username: Type.String(),
    permissions: LinkPermissions,
    note: Nullable(Type.String()),
    expires_at: Nullable(Timestamp),
    created_at: Timestamp,
  },
  { $id: 'PublicLinkShare', title: 'PublicLinkShare' },
);

/**
 * A schema with its `$id`s removed, for the second use of a named schema inside one response
 * (the serializer refuses two schemas with one id in a document).
 */
function inlineCopy<T extends TSchema>(schema: T): T {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([key]) => key !== '$id')
        .map(([key, inner]) => [key, strip(inner)]),
    );
  };
  return strip(schema) as T;
}

export const PublicLinkView = Type.Object(
  {
    share: PublicLinkShare,
    media: Nullable(inlineCopy(MediaItem)),
    items: Nullable(Type.Array(MediaItem)),
    total: Type.Integer({ minimum: 0, description: 'Items the link covers in all (1 for a media link)' }),
    access_token: Type.String({
      description:
        'Bound to this link and its current settings; send it with file requests (and to skip the password)',
    }),
    access_token_expires_at: Timestamp,
  },
  { $id: 'PublicLinkView', title: 'PublicLinkView' },
);

export const FileResponse = Type.String({
  format: 'binary',
  description: 'The bytes (or the requested range)',
});
