import { Type } from '@fastify/type-provider-typebox';
import { Nullable, Timestamp, Uuid } from '../common.schema.js';

export const Collection = Type.Object(
  {
    id: Uuid,
    owner_id: Uuid,
    name: Type.String(),
    description: Nullable(Type.String()),
    media_count: Type.Integer({ minimum: 0 }),
    cover_media_id: Nullable(
      Type.String({
        format: 'uuid',
        description:
          'The most recently added image or video member, else the most recently added member; null when empty or when the caller may not see the members',
      }),
    ),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { $id: 'Collection', title: 'Collection' },
);

const CollectionName = Type.String({ minLength: 1, maxLength: 200 });
const CollectionDescription = Nullable(
  Type.String({ maxLength: 2000, description: 'Blank or null clears it' }),
);

export const NewCollection = Type.Object(
  { name: CollectionName, description: Type.Optional(CollectionDescription) },
  { additionalProperties: false },
);

export const CollectionPatch = Type.Object(
  { name: Type.Optional(CollectionName), description: Type.Optional(CollectionDescription) },
  { additionalProperties: false, minProperties: 1 },
);

export const MemberIdsBody = Type.Object(
  {
    media_ids: Type.Array(Uuid, {
      minItems: 1,
      maxItems: 500,
      description: 'Media items of the caller’s own to add',
    }),
  },
  { additionalProperties: false },
);

export const AddedCount = Type.Object({
  added: Type.Integer({ minimum: 0, description: 'How many were not in the collection before' }),
});

export const MemberParams = Type.Object({ id: Uuid, media_id: Uuid });
