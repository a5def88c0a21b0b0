import type { GroupMember, GroupWithCount } from '../repositories/groups.repository.js';
import { presentUserSummary } from './user.presenter.js';

/** The API's Group; `members` only where the caller may see them (admins, members). */
export function presentGroup(group: GroupWithCount, members?: readonly GroupMember[]) {
  return {
    id: group.id,
    name: group.name,
    description: group.description,
    member_count: group.member_count,
    created_at: group.created_at,
    updated_at: group.updated_at,
    ...(members ? { members: members.map(presentUserSummary) } : {}),
  };
}
