import { Type } from '@fastify/type-provider-typebox';
import { Nullable, Pagination, Timestamp, TotalCountHeaders, Uuid } from '../common.schema.js';
import {
  DEFAULT_THUMBNAIL_SIZE,
  DESCRIPTION_MAX,
  MAX_FILES_PER_UPLOAD,
  THUMBNAIL_SIZES,
  TITLE_MAX,
} from '../../services/media-limits.js';

export const MediaTypeSchema = Type.Union([
  Type.Literal('image'),
  Type.Literal('video'),
  Type.Literal('audio'),
  Type.Literal('document'),
  Type.Literal('text'),
  Type.Literal('other'),
]);

export const TagRefSchema = Type.Object(
  { id: Uuid, name: Type.String() },
  { $id: 'TagRef', title: 'TagRef' },
);

export const MediaItem = Type.Object(
  {
    id: Uuid,
    owner_id: Uuid,
    title: Type.String(),
    description: Nullable(Type.String()),
    file_name: Type.String(),
    media_type: MediaTypeSchema,
    mime_type: Type.String(),
    size_bytes: Type.Integer({ minimum: 0 }),
    content_hash: Type.String({ description: 'SHA-256 of the bytes, hex' }),
    width: Nullable(Type.Integer()),
    height: Nullable(Type.Integer()),
    duration_secs: Nullable(Type.Number()),
    tags: Type.Array(TagRefSchema),
    metadata: Type.Object(
      {},
      { additionalProperties: true, description: 'Extracted metadata (EXIF, ID3, PDF info, ...)' },
    ),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { $id: 'MediaItem', title: 'MediaItem' },
);

export const MediaListQuery = Type.Object(
  {
    ...Pagination.properties,
    q: Type.Optional(
      Type.String({ maxLength: 200, description: 'Full-text words; each must start a word of the item' }),
    ),
    type: Type.Optional(MediaTypeSchema),
    tag: Type.Optional(
      Type.String({ format: 'uuid', description: 'One of your tags: only media carrying it' }),
    ),
  },
  { additionalProperties: false },
);

export const MediaList = Type.Array(MediaItem, { headers: TotalCountHeaders.properties });

export const MediaPatch = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: TITLE_MAX })),
    description: Type.Optional(Nullable(Type.String({ maxLength: DESCRIPTION_MAX }))),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** Multipart upload, described for the API document (the parser itself enforces it). */
export const UploadBody = Type.Object({
  file: Type.Array(Type.String({ format: 'binary' }), {
    minItems: 1,
    maxItems: MAX_FILES_PER_UPLOAD,
    description: 'One or more parts named "file"; the type is sniffed from the bytes',
  }),
  title: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: TITLE_MAX,
      description: 'Only with a single file (default: its name)',
    }),
  ),
  description: Type.Optional(
    Type.String({ maxLength: DESCRIPTION_MAX, description: 'Only with a single file' }),
  ),
});

export const ThumbnailQuery = Type.Object(
  {
    size: Type.Optional(
      Type.Union([Type.Literal(THUMBNAIL_SIZES[0]), Type.Literal(THUMBNAIL_SIZES[1])], {
        default: DEFAULT_THUMBNAIL_SIZE,
        description: 'Longest side in pixels',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ImportBody = Type.Object(
  {
    path: Type.String({
      minLength: 1,
      maxLength: 4096,
      description: 'An absolute directory path on the server, inside PINAKES_IMPORT_ROOTS',
    }),
    owner_id: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

export const FileBytes = Type.String({ format: 'binary', description: 'The bytes (or the requested range)' });
