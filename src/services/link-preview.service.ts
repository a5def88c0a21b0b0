import type { AppContext } from '../context.js';
import type { MediaRow } from '../db/schema.js';
import { AppError } from '../errors.js';
import { sha256 } from '../lib/secrets.js';
import { findLinkByTokenHash, findMediaById, type LinkRow } from '../repositories/public-links.repository.js';
import { ensureThumbnail, type Thumbnail } from './media-thumbnails.service.js';
import { isLinkLive } from './public-links.service.js';
import { publicLinkState } from './public-link-state.js';

/** What a link page may say about itself before anyone has opened the link. */
export interface LinkPreview {
  /** The link needs a password: nothing about its content is told. */
  protected: boolean;
  targetName: string | null;
  ownerUsername: string;
  note: string | null;
  /** A media link to an image: its thumbnail can stand for it (og:image). */
  hasImage: boolean;
}

/** Link tokens are base64url; anything else cannot be one and is not looked up. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,200}$/;

/** The thumbnail size used for unfurls (the longest side). */
const PREVIEW_SIZE = 1024;

interface LiveLink {
  link: LinkRow;
  /** The target image of a password-less media link, if it is one. */
  image: MediaRow | null;
}

/**
 * One indexed lookup, no access counted (only GET /shared/{token} counts). Dead links (unknown,
 * revoked, expired, used up, a disabled owner, no view right) give null, like the API's single
 * 404. Unknown tokens count against the API's own per-address throttle, so the page is no way
 * around it.
 */
async function findLiveLink(ctx: AppContext, token: string, ip: string): Promise<LiveLink | null> {
  const { throttles } = publicLinkState(ctx);
  if (throttles.unknownLinkRetryAfter(ip) > 0) return null;
  const link = TOKEN_SHAPE.test(token) ? await findLinkByTokenHash(ctx.db.kysely, sha256(token)) : undefined;
  if (!link) {
    throttles.unknownLink(ip);
    return null;
  }
  const usedUp = link.max_access_count !== null && link.access_count >= link.max_access_count;
  if (!isLinkLive(link, ctx.clock.now()) || usedUp || link.can_view !== 1) return null;
  let image: MediaRow | null = null;
  // A preview image is the content itself: never for a password, nor for a use limit it would bypass.
  if (link.password_hash === null && link.max_access_count === null && link.target_type === 'media') {
    const media = await findMediaById(ctx.db.kysely, link.target_id);
    if (media?.media_type === 'image') image = media;
  }
  return { link, image };
}

/** The facts a link page shows in its OpenGraph and Twitter tags; null for a dead link. */
export async function findLinkPreview(
  ctx: AppContext,
  token: string,
  ip: string,
): Promise<LinkPreview | null> {
  const live = await findLiveLink(ctx, token, ip);
  if (!live) return null;
  const { link, image } = live;
  return {
    protected: link.password_hash !== null,
    targetName: link.target_name,
    ownerUsername: link.owner_username,
    note: link.note,
    hasImage: image !== null,
  };
}

/**
 * The thumbnail standing for a live, password-less media link to an image; null otherwise
 * (including formats that have no thumbnail, such as SVG).
 */
export async function linkPreviewImage(
  ctx: AppContext,
  token: string,
  ip: string,
): Promise<Thumbnail | null> {
  const live = await findLiveLink(ctx, token, ip);
  if (!live?.image) return null;
  try {
    return await ensureThumbnail(ctx, live.image, PREVIEW_SIZE);
  } catch (error) {
    if (!(error instanceof AppError)) ctx.log.warn({ err: error }, 'link preview thumbnail failed');
    return null;
  }
}
