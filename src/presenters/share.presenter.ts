import type { ShareRow } from '../db/schema.js';
import { unseal } from '../lib/secrets.js';

export type ShareStatus = 'active' | 'expired' | 'exhausted';

/** Names a share's ids go by, looked up in batches for lists. */
export interface ShareNames {
  targetName: string | null;
  ownerUsername: string;
  recipientUsername: string | null;
  recipientGroupName: string | null;
}

export interface SharePresentation {
  /** Who is looking: only a share's owner sees its link secret. */
  viewerId: string | null;
  names: ShareNames;
  /** PINAKES_PUBLIC_URL, without a trailing slash. */
  publicUrl: string;
  sealKey: Buffer;
  now: Date;
}

/** Expired wins over exhausted; a share with neither limit reached is active. */
export function shareStatus(
  row: Pick<ShareRow, 'expires_at' | 'max_access_count' | 'access_count'>,
  now: Date,
): ShareStatus {
  if (row.expires_at !== null && Date.parse(row.expires_at) <= now.getTime()) return 'expired';
  if (row.max_access_count !== null && row.access_count >= row.max_access_count) return 'exhausted';
  return 'active';
}

export function sharePermissions(row: ShareRow) {
  return {
    can_view: row.can_view === 1,
    can_download: row.can_download === 1,
    can_edit: row.can_edit === 1,
    can_delete: row.can_delete === 1,
    can_reshare: row.can_reshare === 1,
    can_add: row.can_add === 1,
  };
}

/**
 * The contract's Share. The link secret is unsealed for the owner only; hashes, the sealed
 * token and the state version never leave the server.
 */
export function presentShare(row: ShareRow, view: SharePresentation) {
  const token =
    row.recipient_type === 'public_link' && row.token_sealed !== null && view.viewerId === row.owner_id
      ? unseal(view.sealKey, row.token_sealed)
      : null;
  return {
    id: row.id,
    target_type: row.target_type,
    target_id: row.target_id,
    target_name: view.names.targetName,
    owner_id: row.owner_id,
    owner_username: view.names.ownerUsername,
    recipient_type: row.recipient_type,
    recipient_user_id: row.recipient_user_id,
    recipient_username: view.names.recipientUsername,
    recipient_group_id: row.recipient_group_id,
    recipient_group_name: view.names.recipientGroupName,
    public_token: token,
    public_url: token === null ? null : `${view.publicUrl}/s/${token}`,
    has_password: row.password_hash !== null,
    permissions: sharePermissions(row),
    note: row.note,
    expires_at: row.expires_at,
    max_access_count: row.max_access_count,
    access_count: Number(row.access_count),
    last_accessed_at: row.last_accessed_at,
    status: shareStatus(row, view.now),
    inherit_to_children: row.inherit_to_children === 1,
    parent_share_id: row.parent_share_id,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export type Share = ReturnType<typeof presentShare>;
