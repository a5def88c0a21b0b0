import type { LinkRow } from '../repositories/public-links.repository.js';
import type { PublicLinkView } from '../services/public-links.service.js';

/** What a visitor learns about a link: never its owner id, counts, limits, hashes or version. */
export function presentLinkShare(link: LinkRow) {
  return {
    id: link.id,
    target_type: link.target_type,
    target_name: link.target_name,
    owner_username: link.owner_username,
    permissions: {
      can_view: link.can_view === 1,
      can_download: link.can_download === 1,
      can_edit: link.can_edit === 1,
      can_delete: link.can_delete === 1,
      can_reshare: link.can_reshare === 1,
      can_add: link.can_add === 1,
    },
    note: link.note,
    expires_at: link.expires_at,
    created_at: link.created_at,
  };
}

/** The 200 body of GET /shared/{token}. */
export function presentPublicLinkView(view: PublicLinkView) {
  return {
    share: presentLinkShare(view.link),
    media: view.media,
    items: view.items,
    total: view.total,
    access_token: view.accessToken,
    access_token_expires_at: view.accessTokenExpiresAt.toISOString(),
  };
}
