import { Type } from '@fastify/type-provider-typebox';
import { Nullable, Timestamp, Uuid } from '../common.schema.js';

export const MediaTypeSchema = Type.Union(
  ['image', 'video', 'audio', 'document', 'text', 'other'].map((name) => Type.Literal(name)),
);

export const TagRefSchema = Type.Object({ id: Uuid, name: Type.String() }, { $id: 'TagRef', title: 'TagRef' });

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
    metadata: Type.Object({}, { additionalProperties: true, description: 'Extracted metadata (EXIF, ID3, PDF info, ...)' }),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { $id: 'MediaItem', title: 'MediaItem' },
);
