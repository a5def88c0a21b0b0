import type { Transaction } from 'kysely';
import type { AppContext } from '../context.js';
import type { Database, ShareRow } from '../db/schema.js';
import { forbidden, notFound } from '../errors.js';
import { mayManageShare, requireShareManageable } from '../access/share.access.js';
import { insertActivity } from '../repositories/share-activity.repository.js';
import { findLiveDescendants, revokeLiveShares } from '../repositories/shares.repository.js';
import { activityEntry, afterCommit, type ShareActor } from './shares-events.service.js';

/**
 * Revokes every reshare descended from shares just revoked, logs a `revoked` entry for each
 * share (roots and descendants) and returns the descendants, for their recipients to be told.
 */
async function revokeDescendants(
  trx: Transaction<Database>,
  actor: ShareActor,
  roots: readonly ShareRow[],
  now: string,
): Promise<ShareRow[]> {
  const rootIds = roots.map((root) => root.id);
  const descendants = await findLiveDescendants(trx, rootIds);
  await revokeLiveShares(
    trx,
    descendants.map((share) => share.id),
    now,
  );
  await insertActivity(trx, [
    ...roots.map((root) => activityEntry(root.id, actor, 'revoked', {}, now)),
    ...descendants.map((share) =>
      activityEntry(share.id, actor, 'revoked', { revoked_with: share.parent_share_id }, now),
    ),
  ]);
  return descendants;
}

const revokedNotices = (shares: readonly ShareRow[]) =>
  shares.map((share) => ({ share, type: 'share_revoked' as const }));

/** Revokes a share (owner or admin) and, in cascade, every reshare made from it. */
export async function revokeShare(ctx: AppContext, actor: ShareActor, shareId: string): Promise<void> {
  const share = await requireShareManageable(ctx, actor.principal, shareId);
  const now = ctx.clock.now().toISOString();
  const descendants = await ctx.db.kysely.transaction().execute(async (trx) => {
    // Revoked by someone else meanwhile: as unknown as it would be a moment later.
    if ((await revokeLiveShares(trx, [share.id], now)) !== 1) throw notFound('Share');
    return revokeDescendants(trx, actor, [share], now);
  });
  await afterCommit(ctx, revokedNotices([share, ...descendants]));
}

const notAllYours = () =>
  forbidden('Some of these shares do not exist or are not yours to delete; none was deleted.');

/**
 * Revokes many shares at once, all or nothing: if one is unknown, already revoked or not the
 * caller's (an admin may revoke any), nothing changes. Returns how many were named and revoked;
 * their reshares are revoked with them.
 */
export async function revokeShares(
  ctx: AppContext,
  actor: ShareActor,
  shareIds: readonly string[],
): Promise<number> {
  const ids = [...new Set(shareIds)];
  const now = ctx.clock.now().toISOString();
  const { roots, descendants } = await ctx.db.kysely.transaction().execute(async (trx) => {
    const roots = await trx
      .selectFrom('shares')
      .selectAll()
      .where('id', 'in', ids)
      .where('revoked_at', 'is', null)
      .execute();
    if (roots.length !== ids.length || !roots.every((root) => mayManageShare(actor.principal, root))) {
      throw notAllYours();
    }
    // The update re-checks each row under its write lock: a concurrent revoke makes the count
    // fall short, and throwing here rolls the whole batch back.
    const ownerId = actor.principal.role === 'admin' ? undefined : actor.principal.userId;
    if ((await revokeLiveShares(trx, ids, now, ownerId)) !== ids.length) throw notAllYours();
    return { roots, descendants: await revokeDescendants(trx, actor, roots, now) };
  });
  await afterCommit(ctx, revokedNotices([...roots, ...descendants]));
  return ids.length;
}
