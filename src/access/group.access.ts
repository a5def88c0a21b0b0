import type { AppContext } from '../context.js';
import { forbidden, notFound } from '../errors.js';
import type { Principal } from '../plugins/auth.js';
import { findGroupById, isGroupMember, type GroupWithCount } from '../repositories/groups.repository.js';

/**
 * Who may see a group's members: administrators and the group's own members. Anyone signed
 * in may know a group exists (to share with it), so a stranger gets 403, not 404.
 */
export async function requireGroupView(
  ctx: AppContext,
  principal: Principal,
  groupId: string,
): Promise<GroupWithCount> {
  const db = ctx.db.kysely;
  const group = await findGroupById(db, groupId);
  if (!group) throw notFound('Group');
  if (principal.role === 'admin' || (await isGroupMember(db, groupId, principal.userId))) return group;
  throw forbidden('Only members of this group and administrators may see its members.');
}
