import type { AppContext } from '../context.js';
import type { ShareTargetType } from '../db/schema.js';
import { forbidden } from '../errors.js';
import type { Principal } from '../plugins/auth.js';
import { liveIncomingShares, PERMISSION_COLUMN, type ShareAction } from './incoming-shares.js';

/** A collection, tag or saved search: a target that holds media. */
export type ContainerTarget = Exclude<ShareTargetType, 'media'>;

/**
 * Whether one of the principal's live incoming shares of this target grants the permission;
 * with `reachingChildren`, only shares that also cover the media inside (inherit_to_children).
 */
export async function hasLiveShareOf(
  ctx: AppContext,
  principal: Principal,
  targetType: ShareTargetType,
  targetId: string,
  permission: ShareAction,
  reachingChildren = false,
): Promise<boolean> {
  let query = liveIncomingShares(ctx.db.kysely, principal.userId, ctx.clock.now().toISOString())
    .select('shares.id')
    .where('shares.target_type', '=', targetType)
    .where('shares.target_id', '=', targetId)
    .where(`shares.${PERMISSION_COLUMN[permission]}`, '=', 1);
  if (reachingChildren) query = query.where('shares.inherit_to_children', '=', 1);
  return (await query.executeTakeFirst()) !== undefined;
}

/** Whether the principal may see the media a container holds: its owner, or a recipient whose share reaches them. */
export async function childrenVisible(
  ctx: AppContext,
  principal: Principal,
  target: { type: ContainerTarget; id: string; ownerId: string },
): Promise<boolean> {
  if (target.ownerId === principal.userId) return true;
  return hasLiveShareOf(ctx, principal, target.type, target.id, 'view', true);
}

/**
 * For listing what a container holds. Call after the container itself was found visible: a
 * recipient whose share does not reach the children (inherit_to_children off) gets 403.
 */
export async function requireChildrenVisible(
  ctx: AppContext,
  principal: Principal,
  target: { type: ContainerTarget; id: string; ownerId: string },
): Promise<void> {
  if (!(await childrenVisible(ctx, principal, target))) {
    throw forbidden('This share covers the item itself, not the media in it.');
  }
}
