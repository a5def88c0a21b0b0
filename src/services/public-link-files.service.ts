import type { AppContext } from '../context.js';
import type { MediaRow } from '../db/schema.js';
import { shareCoversMedia } from '../access/share-coverage.js';
import { forbidden, notFound, unauthorized } from '../errors.js';
import { findMediaById, type LinkRow } from '../repositories/public-links.repository.js';
import { publicLinkState } from './public-link-state.js';
import {
  activityEntry,
  findLiveLink,
  isValidLinkAccessToken,
  type LinkVisitor,
} from './public-links.service.js';

export type LinkFileAction = 'view' | 'download';

export interface LinkFile {
  link: LinkRow;
  media: MediaRow;
}

/** The item, if the link covers it: a media link covers exactly its target (one compiled lookup). */
function coveredMedia(ctx: AppContext, link: LinkRow, mediaId: string): Promise<MediaRow | undefined> {
  if (link.target_type !== 'media') return shareCoversMedia(ctx, link, mediaId);
  return link.target_id === mediaId ? findMediaById(ctx.db.kysely, mediaId) : Promise.resolve(undefined);
}

/**
 * May this visitor load this file through this link? Checked on every request, in this
 * order: the link is live (else the link's 404), the access token is for this link at its
 * current version (else 401), the item is inside the link's target (else 404), and a
 * download needs `can_download` (else 403). No access is counted and no password hashed:
 * the use limit and the password were enforced when the access token was issued.
 */
export async function authorizeLinkFile(
  ctx: AppContext,
  token: string,
  accessToken: string | undefined,
  mediaId: string,
  action: LinkFileAction,
  visitor: LinkVisitor,
): Promise<LinkFile> {
  const link = await findLiveLink(ctx, token, visitor);
  if (!(await isValidLinkAccessToken(ctx, link, accessToken))) {
    throw unauthorized('A valid access token for this link is required (open the link again).');
  }
  const media = await coveredMedia(ctx, link, mediaId);
  if (!media) throw notFound('Media');
  if (action === 'download' && link.can_download !== 1) {
    throw forbidden('This link does not allow downloads.');
  }
  return { link, media };
}

/**
 * Logs a download. A resumed download (a Range request not starting at byte 0) is the
 * same download continuing, so it is not logged again.
 */
export function recordLinkDownload(
  ctx: AppContext,
  file: LinkFile,
  visitor: LinkVisitor,
  rangeHeader: string | undefined,
): void {
  const continuing = rangeHeader !== undefined && !/^bytes=0-/.test(rangeHeader.trim());
  if (continuing) return;
  publicLinkState(ctx).activity.add(
    activityEntry(file.link, 'downloaded', visitor, ctx.clock.now().toISOString(), {
      media_id: file.media.id,
    }),
  );
}
