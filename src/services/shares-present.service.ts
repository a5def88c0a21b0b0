import type { AppContext } from '../context.js';
import type { ShareRow } from '../db/schema.js';
import { presentShare, type Share, type ShareNames } from '../presenters/share.presenter.js';
import { groupNamesByIds, usernamesByIds } from '../repositories/shares.repository.js';
import { targetNames } from './share-targets.service.js';

/**
 * Presents a page of shares with the names of their targets, owners and recipients, looked up
 * in a few batched queries whatever the page size (never one query per share).
 */
export async function presentShares(
  ctx: AppContext,
  viewerId: string | null,
  rows: readonly ShareRow[],
): Promise<Share[]> {
  if (rows.length === 0) return [];
  const db = ctx.db.kysely;
  const userIds = rows.flatMap((row) =>
    row.recipient_user_id ? [row.owner_id, row.recipient_user_id] : [row.owner_id],
  );
  const groupIds = rows.flatMap((row) => (row.recipient_group_id ? [row.recipient_group_id] : []));
  const [targets, usernames, groupNames] = await Promise.all([
    targetNames(db, rows),
    usernamesByIds(db, userIds),
    groupNamesByIds(db, groupIds),
  ]);
  return rows.map((row) =>
    presentNamedShare(ctx, viewerId, row, {
      targetName: targets.get(`${row.target_type}:${row.target_id}`) ?? null,
      ownerUsername: usernames.get(row.owner_id) ?? '',
      recipientUsername: row.recipient_user_id ? (usernames.get(row.recipient_user_id) ?? null) : null,
      recipientGroupName: row.recipient_group_id ? (groupNames.get(row.recipient_group_id) ?? null) : null,
    }),
  );
}

/** Presents a share whose names are known (a share just created). */
export function presentNamedShare(
  ctx: AppContext,
  viewerId: string | null,
  row: ShareRow,
  names: ShareNames,
): Share {
  return presentShare(row, {
    viewerId,
    names,
    publicUrl: ctx.config.publicUrl,
    sealKey: ctx.keys.seal,
    now: ctx.clock.now(),
  });
}

export async function presentOneShare(
  ctx: AppContext,
  viewerId: string | null,
  row: ShareRow,
): Promise<Share> {
  const [share] = await presentShares(ctx, viewerId, [row]);
  if (!share) throw new Error('presenting a share produced nothing');
  return share;
}
