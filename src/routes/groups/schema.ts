import { Type } from '@fastify/type-provider-typebox';
import { MAX_OFFSET, MAX_PAGE_SIZE, Nullable, Timestamp, Uuid } from '../common.schema.js';
import { UserSummary } from '../users/schema.js';
import { GROUP_DESCRIPTION_MAX, GROUP_NAME_MAX } from '../../services/groups.service.js';

export const Group = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    description: Nullable(Type.String()),
    member_count: Type.Integer({ minimum: 0 }),
    created_at: Timestamp,
    updated_at: Timestamp,
    members: Type.Optional(
      Type.Array(UserSummary, {
        description: 'By username; present where the caller may see them (administrators, members)',
      }),
    ),
  },
  { $id: 'Group', title: 'Group' },
);

const GroupName = Type.String({
  minLength: 1,
  maxLength: GROUP_NAME_MAX,
  description: 'Unique regardless of case; surrounding spaces are trimmed',
});
const Description = Type.String({ maxLength: GROUP_DESCRIPTION_MAX });

export const NewGroupBody = Type.Object(
  { name: GroupName, description: Type.Optional(Nullable(Description)) },
  { additionalProperties: false },
);

export const GroupPatchBody = Type.Object(
  {
    name: Type.Optional(GroupName),
    description: Type.Optional(
      Nullable(Type.String({ maxLength: GROUP_DESCRIPTION_MAX, description: 'null clears' })),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const GroupListQuery = Type.Object(
  {
    offset: Type.Optional(
      Type.Integer({ minimum: 0, maximum: MAX_OFFSET, default: 0, description: 'Items to skip' }),
    ),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50, description: 'Page size' }),
    ),
    mine: Type.Optional(Type.Boolean({ description: 'Only the groups the caller is a member of' })),
  },
  { additionalProperties: false },
);

export const MemberBody = Type.Object({ user_id: Uuid }, { additionalProperties: false });

export const MemberParams = Type.Object({ id: Uuid, user_id: Uuid });
