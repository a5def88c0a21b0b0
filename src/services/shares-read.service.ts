import type { AppContext } from '../context.js';
import type { ShareRow } from '../db/schema.js';
import type { Principal } from '../plugins/auth.js';
import { listCoveredMedia } from '../access/share-coverage.js';
import { requireShareContent, requireShareManageable, requireShareReadable } from '../access/share.access.js';
import { presentMedia, type MediaItem } from '../presenters/media.presenter.js';
import { tagsByMedia } from '../repositories/media-tags.repository.js';
import {
  countActivity,
  listActivity,
  type ShareActivityWithActor,
} from '../repositories/share-activity.repository.js';
import {
  countIncomingShares,
  countOutgoingShares,
  listIncomingShares,
  listOutgoingShares,
  type Page,
} from '../repositories/shares.repository.js';

export interface PageOf<T> {
  items: T[];
  total: number;
}

/** A share as its owner, a recipient or an admin may see it. */
export const getShare = (ctx: AppContext, principal: Principal, shareId: string): Promise<ShareRow> =>
  requireShareReadable(ctx, principal, shareId);

/** Shares the caller made, newest first, expired and used-up ones included. */
export async function outgoingShares(
  ctx: AppContext,
  principal: Principal,
  page: Page,
): Promise<PageOf<ShareRow>> {
  const db = ctx.db.kysely;
  const [items, total] = await Promise.all([
    listOutgoingShares(db, principal.userId, page),
    countOutgoingShares(db, principal.userId),
  ]);
  return { items, total };
}

/** Live shares to the caller or to a group they are in now, newest first. */
export async function incomingShares(
  ctx: AppContext,
  principal: Principal,
  page: Page,
): Promise<PageOf<ShareRow>> {
  const db = ctx.db.kysely;
  const now = ctx.clock.now().toISOString();
  const [items, total] = await Promise.all([
    listIncomingShares(db, principal.userId, now, page),
    countIncomingShares(db, principal.userId, now),
  ]);
  return { items, total };
}

/** A share's log, newest first (owner or admin). */
export async function shareActivity(
  ctx: AppContext,
  principal: Principal,
  shareId: string,
  page: Page,
): Promise<PageOf<ShareActivityWithActor>> {
  const share = await requireShareManageable(ctx, principal, shareId);
  return activityOf(ctx, share.id, page);
}

/** A share's log without an access check, for the operator's command line. */
export async function activityOf(
  ctx: AppContext,
  shareId: string,
  page: Page,
): Promise<PageOf<ShareActivityWithActor>> {
  const db = ctx.db.kysely;
  const [items, total] = await Promise.all([listActivity(db, shareId, page), countActivity(db, shareId)]);
  return { items, total };
}

/** The media a share covers right now, newest first (its owner and its live recipients). */
export async function shareItems(
  ctx: AppContext,
  principal: Principal,
  shareId: string,
  page: Page,
): Promise<PageOf<MediaItem>> {
  const share = await requireShareContent(ctx, principal, shareId);
  const { items, total } = await listCoveredMedia(ctx, share, page);
  const tags = await tagsByMedia(
    ctx.db.kysely,
    items.map((item) => item.id),
  );
  return { items: items.map((item) => presentMedia(item, tags.get(item.id) ?? [])), total };
}
