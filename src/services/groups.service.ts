import type { AppContext } from '../context.js';
import { isUniqueViolation } from '../db/database.js';
import type { ShareRow } from '../db/schema.js';
import { AppError, invalidField, notFound } from '../errors.js';
import { requireGroupView } from '../access/group.access.js';
import { isoNow } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import type { Principal } from '../plugins/auth.js';
import { resharesThroughGroup } from '../repositories/group-reshares.repository.js';
import { insertActivity } from '../repositories/share-activity.repository.js';
import { findLiveDescendants, revokeLiveShares } from '../repositories/shares.repository.js';
import {
  addGroupMember,
  countGroups,
  deleteGroup as deleteGroupRow,
  findGroupById,
  findGroupByName,
  groupMembers,
  insertGroup,
  listGroups as listGroupRows,
  removeGroupMember,
  updateGroup as updateGroupRow,
  type GroupMember,
  type GroupWithCount,
} from '../repositories/groups.repository.js';
import { findUserById } from '../repositories/users.repository.js';
import { afterCommit } from './shares-events.service.js';

export const GROUP_NAME_MAX = 100;
export const GROUP_DESCRIPTION_MAX = 2000;

export interface GroupWithMembers {
  group: GroupWithCount;
  members: GroupMember[];
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

function cleanName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > GROUP_NAME_MAX || CONTROL_CHARACTERS.test(trimmed)) {
    throw invalidField('name', `A group name has 1 to ${GROUP_NAME_MAX} printable characters.`);
  }
  return trimmed;
}

function cleanDescription(description: string | null | undefined): string | null {
  const trimmed = description?.trim() ?? '';
  if (trimmed.length > GROUP_DESCRIPTION_MAX) {
    throw invalidField('description', `A description has at most ${GROUP_DESCRIPTION_MAX} characters.`);
  }
  return trimmed.length > 0 ? trimmed : null;
}

const nameTaken = () => new AppError('conflict', 'A group with that name already exists.');

export async function requireGroup(ctx: AppContext, id: string): Promise<GroupWithCount> {
  const group = await findGroupById(ctx.db.kysely, id);
  if (!group) throw notFound('Group');
  return group;
}

export async function requireGroupByName(ctx: AppContext, name: string): Promise<GroupWithCount> {
  const group = await findGroupByName(ctx.db.kysely, name.trim());
  if (!group) throw notFound(`Group "${name}"`);
  return group;
}

export async function groupWithMembers(ctx: AppContext, groupId: string): Promise<GroupWithMembers> {
  const db = ctx.db.kysely;
  const [group, members] = await Promise.all([findGroupById(db, groupId), groupMembers(db, groupId)]);
  if (!group) throw notFound('Group');
  return { group, members };
}

export async function createGroup(
  ctx: AppContext,
  input: { name: string; description?: string | null | undefined },
): Promise<GroupWithMembers> {
  const now = isoNow(ctx.clock);
  const row = {
    id: newId(),
    name: cleanName(input.name),
    description: cleanDescription(input.description),
    created_at: now,
    updated_at: now,
  };
  try {
    await insertGroup(ctx.db.kysely, row);
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
  return { group: { ...row, member_count: 0 }, members: [] };
}

/** Groups by name; with `memberId`, only the groups that user is in. */
export async function listGroups(
  ctx: AppContext,
  page: { offset: number; limit: number; memberId?: string | undefined },
): Promise<{ items: GroupWithCount[]; total: number }> {
  const db = ctx.db.kysely;
  const [items, total] = await Promise.all([listGroupRows(db, page), countGroups(db, page.memberId)]);
  return { items, total };
}

/** What a signed-in user may list: every group (anyone may share with one), or with `mine` their own. */
export function listGroupsFor(
  ctx: AppContext,
  principal: Principal,
  page: { offset: number; limit: number; mine?: boolean | undefined },
): Promise<{ items: GroupWithCount[]; total: number }> {
  const memberId = page.mine ? principal.userId : undefined;
  return listGroups(ctx, { offset: page.offset, limit: page.limit, memberId });
}

/** A group with its members, for an administrator or one of its members. */
export async function getGroup(ctx: AppContext, principal: Principal, id: string): Promise<GroupWithMembers> {
  const group = await requireGroupView(ctx, principal, id);
  return { group, members: await groupMembers(ctx.db.kysely, id) };
}

export async function updateGroup(
  ctx: AppContext,
  id: string,
  changes: { name?: string | undefined; description?: string | null | undefined },
): Promise<GroupWithMembers> {
  await requireGroup(ctx, id);
  const set = {
    ...(changes.name !== undefined ? { name: cleanName(changes.name) } : {}),
    ...(changes.description !== undefined ? { description: cleanDescription(changes.description) } : {}),
    updated_at: isoNow(ctx.clock),
  };
  try {
    await updateGroupRow(ctx.db.kysely, id, set);
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
  return groupWithMembers(ctx, id);
}

/** Deletes a group: its memberships and every share to it (with their reshares) go too. */
export async function deleteGroup(ctx: AppContext, id: string): Promise<void> {
  if (!(await deleteGroupRow(ctx.db.kysely, id))) throw notFound('Group');
}

/** Adds a member (twice is the same as once). */
export async function addMember(ctx: AppContext, groupId: string, userId: string): Promise<GroupWithMembers> {
  await requireGroup(ctx, groupId);
  if (!(await findUserById(ctx.db.kysely, userId))) throw invalidField('user_id', 'No user has that id.');
  try {
    await addGroupMember(ctx.db.kysely, groupId, userId, isoNow(ctx.clock));
  } catch (error) {
    // The group or user was deleted meanwhile: the foreign key refuses the row.
    if (!(await findGroupById(ctx.db.kysely, groupId))) throw notFound('Group');
    if (!(await findUserById(ctx.db.kysely, userId))) throw invalidField('user_id', 'No user has that id.');
    throw error;
  }
  return groupWithMembers(ctx, groupId);
}

/** Who removes a member and from where; null from the command line. */
export interface MembershipActor {
  userId: string;
  ip: string | null;
}

/**
 * Removes a member. What they reshared from shares to this group they only could as a
 * member, so those reshares (and every reshare made from them) end in the same transaction,
 * each with a `revoked` entry in its log; their recipients are told once it has committed.
 * Returns the shares that were revoked.
 */
export async function removeMember(
  ctx: AppContext,
  groupId: string,
  userId: string,
  actor: MembershipActor | null,
): Promise<ShareRow[]> {
  await requireGroup(ctx, groupId);
  const now = isoNow(ctx.clock);
  const revoked = await ctx.db.kysely.transaction().execute(async (trx) => {
    if (!(await removeGroupMember(trx, groupId, userId))) {
      throw new AppError('not_found', 'That user is not a member of this group.');
    }
    const reshares = await resharesThroughGroup(trx, groupId, userId);
    if (reshares.length === 0) return [];
    const descendants = await findLiveDescendants(
      trx,
      reshares.map((share) => share.id),
    );
    const ending = [...reshares, ...descendants];
    await revokeLiveShares(
      trx,
      ending.map((share) => share.id),
      now,
    );
    const details = JSON.stringify({ reason: 'group_membership_ended', group_id: groupId, user_id: userId });
    await insertActivity(
      trx,
      ending.map((share) => ({
        id: newId(),
        share_id: share.id,
        actor_id: actor?.userId ?? null,
        actor_ip: actor?.ip ?? null,
        action: 'revoked' as const,
        details,
        created_at: now,
      })),
    );
    return ending;
  });
  await afterCommit(
    ctx,
    revoked.map((share) => ({ share, type: 'share_revoked' as const })),
  );
  return revoked;
}
