import type { AppContext } from '../context.js';
import type { ShareRow, ShareTargetType } from '../db/schema.js';
import { forbidden, invalidField, notFound } from '../errors.js';
import type { Principal } from '../plugins/auth.js';
import {
  findLiveShare,
  findReshareableShares,
  isGroupMember,
  findTargetOwner,
} from '../repositories/shares.repository.js';

/** A share's owner or an administrator may change, revoke and audit it. */
export function mayManageShare(principal: Principal, share: Pick<ShareRow, 'owner_id'>): boolean {
  return share.owner_id === principal.userId || principal.role === 'admin';
}

/** The share reaches this person: it names them, or a group they are in now. */
async function isRecipient(ctx: AppContext, principal: Principal, share: ShareRow): Promise<boolean> {
  if (share.recipient_type === 'user') return share.recipient_user_id === principal.userId;
  if (share.recipient_type === 'group' && share.recipient_group_id) {
    return isGroupMember(ctx.db.kysely, share.recipient_group_id, principal.userId);
  }
  return false;
}

const isLive = (ctx: AppContext, share: ShareRow) =>
  share.expires_at === null || Date.parse(share.expires_at) > ctx.clock.now().getTime();

async function requireLive(ctx: AppContext, shareId: string): Promise<ShareRow> {
  const share = await findLiveShare(ctx.db.kysely, shareId);
  if (!share) throw notFound('Share');
  return share;
}

/** Owner, recipient (a current group member too) or admin: 404 when unknown or revoked, else 403. */
export async function requireShareReadable(
  ctx: AppContext,
  principal: Principal,
  shareId: string,
): Promise<ShareRow> {
  const share = await requireLive(ctx, shareId);
  if (mayManageShare(principal, share) || (await isRecipient(ctx, principal, share))) return share;
  throw forbidden('You may not see this share.');
}

/** Owner or admin: 404 when unknown or revoked, 403 for anyone else (recipients included). */
export async function requireShareManageable(
  ctx: AppContext,
  principal: Principal,
  shareId: string,
): Promise<ShareRow> {
  const share = await requireLive(ctx, shareId);
  if (mayManageShare(principal, share)) return share;
  throw forbidden('Only the owner of this share or an administrator may do that.');
}

/**
 * What a share holds may be browsed by its owner and by recipients while it is live. An admin
 * is no exception: media stays private to its owner except through a share.
 */
export async function requireShareContent(
  ctx: AppContext,
  principal: Principal,
  shareId: string,
): Promise<ShareRow> {
  const share = await requireLive(ctx, shareId);
  if (share.owner_id === principal.userId) return share;
  if (!(await isRecipient(ctx, principal, share))) throw forbidden('You may not browse this share.');
  if (!isLive(ctx, share)) throw forbidden('This share has expired.');
  return share;
}

const PERMISSION_FLAGS = [
  'can_view',
  'can_download',
  'can_edit',
  'can_delete',
  'can_reshare',
  'can_add',
] as const;

/** The broadest parent first: more permissions, then the later (or no) expiry, then the newest. */
function broadestFirst(a: ShareRow, b: ShareRow): number {
  const grants = (share: ShareRow) => PERMISSION_FLAGS.reduce((sum, flag) => sum + share[flag], 0);
  if (grants(a) !== grants(b)) return grants(b) - grants(a);
  const expiry = (share: ShareRow) => share.expires_at ?? '9999';
  if (expiry(a) !== expiry(b)) return expiry(a) < expiry(b) ? 1 : -1;
  return a.id < b.id ? 1 : -1;
}

export interface ShareableTarget {
  ownerId: string;
  /** What the target is called (a media item's title, or a name). */
  name: string;
  /** Set when the principal shares someone else's target through a share that lets them reshare. */
  parent?: ShareRow;
}

/**
 * May this person share this target? Its owner may; so may a recipient of a live share of exactly
 * this target that carries can_reshare (the new share then descends from it). A target that does
 * not exist and one the person may not share get the same 400: no oracle for other people's ids.
 */
export async function shareableTarget(
  ctx: AppContext,
  principal: Principal,
  targetType: ShareTargetType,
  targetId: string,
): Promise<ShareableTarget> {
  const target = { type: targetType, id: targetId };
  const found = await findTargetOwner(ctx.db.kysely, target);
  if (found?.ownerId === principal.userId) return found;
  const denied = invalidField('target_id', 'The target does not exist or you may not share it.');
  if (found === undefined) throw denied;
  const parents = await findReshareableShares(
    ctx.db.kysely,
    principal.userId,
    target,
    ctx.clock.now().toISOString(),
  );
  const parent = parents.sort(broadestFirst)[0];
  if (!parent) throw denied;
  return { ...found, parent };
}
