import type { AppContext } from '../context.js';
import type { ShareActivityTable } from '../db/schema.js';
import { listCoveredMedia } from '../access/share-coverage.js';
import { AppError, rateLimited } from '../errors.js';
import { newId } from '../lib/ids.js';
import { verifyPassword } from '../lib/passwords.js';
import { sha256 } from '../lib/secrets.js';
import {
  claimAccessNotice,
  countLinkAccess,
  type LinkRow,
  type LinkVisitRow,
} from '../repositories/public-links.repository.js';
import { presentMedia, type MediaItem } from '../presenters/media.presenter.js';
import { presentMediaRows } from './media-list.service.js';
import { notifyUsers } from './notifications.service.js';
import { publicLinkState } from './public-link-state.js';
import { verifyToken } from './tokens.service.js';

/** The one answer for unknown, malformed, revoked, expired and used-up links: no oracle. */
export const LINK_NOT_FOUND_MESSAGE = 'This link does not exist or has expired.';
export const linkNotFound = () => new AppError('not_found', LINK_NOT_FOUND_MESSAGE);

/** How long a link access token lets its holder load the link's files. */
export const LINK_ACCESS_TOKEN_TTL_SECONDS = 3600;
/** A link's owner hears of accesses at most this often. */
const ACCESS_NOTICE_INTERVAL_MS = 60 * 60 * 1000;
const USER_AGENT_MAX = 256;

/** Who is visiting: their address (proxy-aware), user agent, and the signed-in user if a bearer came along. */
export interface LinkVisitor {
  ip: string;
  userAgent: string | undefined;
  actorId: string | null;
}

export interface LinkCredentials {
  password: string | undefined;
  accessToken: string | undefined;
}

export interface PublicLinkView {
  link: LinkRow;
  media: MediaItem | null;
  items: MediaItem[] | null;
  total: number;
  accessToken: string;
  accessTokenExpiresAt: Date;
}

/** A link is live while it is not revoked, not expired and its owner may still sign in. */
export function isLinkLive(link: LinkRow, now: Date): boolean {
  if (link.revoked_at !== null || link.owner_disabled === 1) return false;
  return link.expires_at === null || Date.parse(link.expires_at) > now.getTime();
}

const isUsedUp = (link: LinkRow) =>
  link.max_access_count !== null && link.access_count >= link.max_access_count;

/**
 * Looks a token up (always exactly one indexed query, whatever the token looks like, shared by
 * the visits of that turn) and answers the same 404 for every dead end. Addresses that keep
 * trying unknown tokens wait.
 */
async function liveLinkBy<Found extends { link: LinkRow }>(
  ctx: AppContext,
  token: string,
  visitor: LinkVisitor,
  lookup: (tokenHash: string) => Promise<Found | undefined>,
): Promise<Found> {
  const { throttles } = publicLinkState(ctx);
  const wait = throttles.unknownLinkRetryAfter(visitor.ip);
  if (wait > 0) throw rateLimited(wait, 'Too many unknown links from this address; try again later.');
  const found = await lookup(sha256(token));
  if (!found) {
    throttles.unknownLink(visitor.ip);
    throw linkNotFound();
  }
  if (!isLinkLive(found.link, ctx.clock.now())) throw linkNotFound();
  return found;
}

export async function findLiveLink(ctx: AppContext, token: string, visitor: LinkVisitor): Promise<LinkRow> {
  const { link } = await liveLinkBy(ctx, token, visitor, async (tokenHash) => {
    const row = await publicLinkState(ctx).links.get(tokenHash);
    return row && { link: row };
  });
  return link;
}

/** True when `token` is a link access token for exactly this link at its current version. */
export async function isValidLinkAccessToken(
  ctx: AppContext,
  link: Pick<LinkRow, 'id' | 'state_version'>,
  token: string | undefined,
): Promise<boolean> {
  if (!token) return false;
  const verified = await verifyToken(ctx, 'pinakes:link', token);
  return verified !== null && verified.sub === link.id && verified.claims.v === link.state_version;
}

export function activityEntry(
  link: Pick<LinkRow, 'id'>,
  action: ShareActivityTable['action'],
  visitor: LinkVisitor,
  at: string,
  details: Record<string, unknown> = {},
) {
  const userAgent = visitor.userAgent?.slice(0, USER_AGENT_MAX);
  return {
    id: newId(),
    share_id: link.id,
    actor_id: visitor.actorId,
    actor_ip: visitor.ip,
    action,
    details: JSON.stringify(userAgent ? { ...details, user_agent: userAgent } : details),
    created_at: at,
  };
}

/**
 * Lets a visitor past a link's password: a valid link access token (no Argon2 at all), a
 * password this process verified before for this link version (no Argon2 either), or the
 * password checked against its hash. Wrong passwords are logged and throttled per address.
 */
async function checkPassword(
  ctx: AppContext,
  link: LinkRow,
  credentials: LinkCredentials,
  visitor: LinkVisitor,
) {
  if (link.password_hash === null) return;
  if (await isValidLinkAccessToken(ctx, link, credentials.accessToken)) return;
  const { throttles, passwords, activity } = publicLinkState(ctx);
  const wait = throttles.passwordRetryAfter(link.id, visitor.ip);
  if (wait > 0) throw rateLimited(wait, 'Too many wrong passwords for this link; try again later.');
  const password = credentials.password;
  if (password === undefined || password === '') {
    throw new AppError('password_required', 'This link is protected by a password.');
  }
  if (passwords.has(link.id, link.state_version, password)) return;
  if (await verifyPassword(link.password_hash, password)) {
    passwords.remember(link.id, link.state_version, password);
    throttles.passwordSucceeded(link.id, visitor.ip);
    return;
  }
  throttles.passwordFailed(link.id, visitor.ip);
  activity.add(activityEntry(link, 'password_failed', visitor, ctx.clock.now().toISOString()));
  throw new AppError('invalid_password', 'The password is wrong.');
}

/** Tells the owner someone opened their link, at most once an hour per link; never fails the visit. */
async function noticeAccess(ctx: AppContext, link: LinkRow, now: Date): Promise<void> {
  const since = new Date(now.getTime() - ACCESS_NOTICE_INTERVAL_MS);
  if (link.access_notified_at !== null && Date.parse(link.access_notified_at) > since.getTime()) return;
  try {
    if (!(await claimAccessNotice(ctx.db.kysely, link.id, now.toISOString(), since.toISOString()))) return;
    await notifyUsers(ctx, [link.owner_id], link, 'share_accessed');
  } catch (error) {
    ctx.log.error({ err: error, shareId: link.id }, 'could not notify a link owner of an access');
  }
}

/**
 * Counts a visit before it is answered: a link with a use limit by one conditional update
 * (never past the limit, however many visitors race), one without together with the visits
 * racing it (one statement for all of them, each still answered only once counted).
 */
function countVisit(ctx: AppContext, link: LinkRow, at: string): Promise<boolean> {
  if (link.max_access_count === null) return publicLinkState(ctx).accesses.countUnlimited(link.id, at);
  return countLinkAccess(ctx.db.kysely, link.id, at);
}

/**
 * A visit to a public link: checks the password (or access token), counts the access (exactly,
 * never past the use limit), logs it write-behind and returns the link's media with a
 * short-lived access token for its files.
 */
export async function openPublicLink(
  ctx: AppContext,
  token: string,
  credentials: LinkCredentials,
  visitor: LinkVisitor,
  page: { offset: number; limit: number },
): Promise<PublicLinkView> {
  const state = publicLinkState(ctx);
  // One query finds the link and, for a media link, its item and tags.
  const visit = await liveLinkBy(ctx, token, visitor, (tokenHash) => state.visits.get(tokenHash));
  const { link } = visit;
  if (isUsedUp(link)) throw linkNotFound();
  await checkPassword(ctx, link, credentials, visitor);

  const now = ctx.clock.now();
  const at = now.toISOString();
  // The content is read while the visit is counted (one round trip less); a refused visit drops it.
  const [counted, content] = await Promise.all([countVisit(ctx, link, at), linkContent(ctx, visit, page)]);
  if (!counted) throw linkNotFound();
  state.activity.add(activityEntry(link, 'accessed', visitor, at));

  const [signed] = await Promise.all([
    state.tokens.sign(ctx, link, LINK_ACCESS_TOKEN_TTL_SECONDS),
    noticeAccess(ctx, link, now),
  ]);
  return { link, ...content, accessToken: signed.token, accessTokenExpiresAt: signed.expiresAt };
}

async function linkContent(
  ctx: AppContext,
  { link, media, tags }: LinkVisitRow,
  page: { offset: number; limit: number },
): Promise<Pick<PublicLinkView, 'media' | 'items' | 'total'>> {
  if (link.target_type === 'media') {
    // The item is gone: deleting it revokes the link, so only a visit racing the deletion gets here.
    if (!media) throw linkNotFound();
    return { media: presentMedia(media, tags), items: null, total: 1 };
  }
  const { items, total } = await listCoveredMedia(ctx, link, page);
  return { media: null, items: await presentMediaRows(ctx, items), total };
}
