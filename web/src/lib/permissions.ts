import type { PermissionName, Permissions, Share, ShareRecipientType, ShareTargetType } from '../api/types';

export interface PermissionInfo {
  name: PermissionName;
  label: string;
  description: string;
}

/** The six permissions, in the order people read them. */
export const PERMISSIONS: readonly PermissionInfo[] = [
  { name: 'can_view', label: 'View', description: 'Open and look at the items' },
  { name: 'can_download', label: 'Download', description: 'Save the original files' },
  { name: 'can_edit', label: 'Edit', description: 'Change titles, descriptions and tags' },
  { name: 'can_delete', label: 'Delete', description: 'Delete the items' },
  { name: 'can_reshare', label: 'Reshare', description: 'Share it on with other people' },
  { name: 'can_add', label: 'Add', description: 'Add their own items to the collection' },
];

/** What a public link may carry: anyone with the link is anonymous. */
export const LINK_PERMISSIONS: ReadonlySet<PermissionName> = new Set(['can_view', 'can_download']);

export const DEFAULT_PERMISSIONS: Permissions = {
  can_view: true,
  can_download: true,
  can_edit: false,
  can_delete: false,
  can_reshare: false,
  can_add: false,
};

/** Whether a permission may be offered for this kind of share (and why not, when not). */
export function permissionAvailability(
  name: PermissionName,
  recipientType: ShareRecipientType,
  targetType: ShareTargetType,
): { available: boolean; reason?: string } {
  if (name === 'can_view') return { available: false, reason: 'Every share lets its recipients view.' };
  if (recipientType === 'public_link' && !LINK_PERMISSIONS.has(name)) {
    return { available: false, reason: 'Public links can only view and download.' };
  }
  if (name === 'can_add' && targetType !== 'collection') {
    return { available: false, reason: 'Only collections can receive new items.' };
  }
  return { available: true };
}

export function grantedPermissions(permissions: Permissions): PermissionInfo[] {
  return PERMISSIONS.filter((permission) => permissions[permission.name]);
}

/** "View only", "View and download", "View, download and edit". */
export function permissionSummary(permissions: Permissions): string {
  const granted = grantedPermissions(permissions).map((permission) => permission.label.toLowerCase());
  if (granted.length === 0) return 'No access';
  if (granted.length === 1) return `${capitalize(granted[0] ?? '')} only`;
  const last = granted.pop() ?? '';
  return capitalize(`${granted.join(', ')} and ${last}`);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export type StatusTone = 'ok' | 'muted' | 'warn';

export function shareStatus(share: Pick<Share, 'status'>): { label: string; tone: StatusTone } {
  switch (share.status) {
    case 'active':
      return { label: 'Active', tone: 'ok' };
    case 'expired':
      return { label: 'Expired', tone: 'muted' };
    case 'exhausted':
      return { label: 'Used up', tone: 'warn' };
  }
}

/** "3 of 10 uses", "3 opens", "never opened". */
export function accessSummary(share: Pick<Share, 'access_count' | 'max_access_count'>): string {
  const { access_count: count, max_access_count: max } = share;
  if (max !== null) return `${count} of ${max} ${max === 1 ? 'use' : 'uses'}`;
  if (count === 0) return 'Not opened yet';
  return `${count} ${count === 1 ? 'open' : 'opens'}`;
}

export function recipientLabel(
  share: Pick<Share, 'recipient_type' | 'recipient_username' | 'recipient_group_name'>,
): string {
  switch (share.recipient_type) {
    case 'public_link':
      return 'Anyone with the link';
    case 'user':
      return share.recipient_username ?? 'A deleted user';
    case 'group':
      return share.recipient_group_name ? `Group ${share.recipient_group_name}` : 'A deleted group';
  }
}

export const TARGET_LABELS: Record<ShareTargetType, string> = {
  media: 'Item',
  collection: 'Collection',
  tag: 'Tag',
  saved_search: 'Saved search',
};
