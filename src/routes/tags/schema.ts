import { Type } from '@fastify/type-provider-typebox';
import { Timestamp, Uuid } from '../common.schema.js';

export const Tag = Type.Object(
  {
    id: Uuid,
    owner_id: Uuid,
    name: Type.String(),
    media_count: Type.Integer({ minimum: 0, description: 'How many media items carry the tag' }),
    created_at: Timestamp,
  },
  { $id: 'Tag', title: 'Tag' },
);

const TagName = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'Trimmed; unique per owner regardless of case',
});

export const NewTag = Type.Object({ name: TagName }, { additionalProperties: false });
export const TagPatch = Type.Object({ name: TagName }, { additionalProperties: false });

export const TagIdsBody = Type.Object(
  {
    tag_ids: Type.Array(Uuid, {
      minItems: 1,
      maxItems: 100,
      description: 'Tags of the media item’s owner to put on it',
    }),
  },
  { additionalProperties: false },
);

export const MediaTagParams = Type.Object({ id: Uuid, tag_id: Uuid });
