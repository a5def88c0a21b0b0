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
  type ListPage,
  type ListPosition,
} from '../repositories/share-lists.repository.js';
import type { Page } from '../repositories/shares.repository.js';

export type { ListPage, ListPosition };

export interface PageOf<T> {
  items: T[];
  total: number;
  /** Where the next page starts, when there is one (lists ordered newest first only). */
  next?: ListPosition | null;
}

/**
 * Lists read one row more than the page holds: if it is there, the next page starts after the
 * page's last row. Exact, and free (no second query).
 */
async function withNext<T extends { created_at: string; id: string }>(
  page: ListPage,
  read: (page: ListPage) => Promise<T[]>,
): Promise<{ items: T[]; next: ListPosition | null }> {
  const rows = await read({ ...page, limit: page.limit + 1 });
  if (rows.length <= page.limit) return { items: rows, next: null };
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return { items, next: last ? { createdAt: last.created_at, id: last.id } : null };
}

/** A share as its owner, a recipient or an admin may see it. */
export const getShare = (ctx: AppContext, principal: Principal, shareId: string): Promise<ShareRow> =>
  requireShareReadable(ctx, principal, shareId);

/** Shares the caller made, newest first, expired and used-up ones included. */
export async function outgoingShares(
  ctx: AppContext,
  principal: Principal,
  page: ListPage,
): Promise<PageOf<ShareRow>> {
  const db = ctx.db.kysely;
  const [{ items, next }, total] = await Promise.all([
    withNext(page, (wider) => listOutgoingShares(db, principal.userId, wider)),
    countOutgoingShares(db, principal.userId),
  ]);
  return { items, total, next };
}

/** Live shares to the caller or to a group they are in now, newest first. */
export async function incomingShares(
  ctx: AppContext,
  principal: Principal,
  page: ListPage,
): Promise<PageOf<ShareRow>> {
  const db = ctx.db.kysely;
  const now = ctx.clock.now().toISOString();
  const [{ items, next }, total] = await Promise.all([
    withNext(page, (wider) => listIncomingShares(db, ctx.db.dialect, principal.userId, now, wider)),
    countIncomingShares(db, principal.userId, now),
  ]);
  return { items, total, next };
}

/** A share's log, newest first (owner or admin). */
export async function shareActivity(
  ctx: AppContext,
  principal: Principal,
  shareId: string,
  page: ListPage,
): Promise<PageOf<ShareActivityWithActor>> {
  const share = await requireShareManageable(ctx, principal, shareId);
  return activityOf(ctx, share.id, page);
}

/** A share's log without an access check, for the operator's command line. */
export async function activityOf(
  ctx: AppContext,
  shareId: string,
  page: ListPage,
): Promise<PageOf<ShareActivityWithActor>> {
  const db = ctx.db.kysely;
  const [{ items, next }, total] = await Promise.all([
    withNext(page, (wider) => listActivity(db, shareId, wider)),
    countActivity(db, shareId),
  ]);
  return { items, total, next };
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
