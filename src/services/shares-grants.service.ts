import type { ShareRecipientType, ShareRow } from '../db/schema.js';
import { badRequest, invalidField, type ErrorDetail } from '../errors.js';

/** The six things a share may grant, as the API names them. */
export const PERMISSION_NAMES = [
  'can_view',
  'can_download',
  'can_edit',
  'can_delete',
  'can_reshare',
  'can_add',
] as const;
export type PermissionName = (typeof PERMISSION_NAMES)[number];
export type Permissions = Record<PermissionName, boolean>;
export type PermissionsInput = Partial<Permissions>;

export const DEFAULT_PERMISSIONS: Permissions = {
  can_view: true,
  can_download: true,
  can_edit: false,
  can_delete: false,
  can_reshare: false,
  can_add: false,
};

/** What an anonymous visitor can never be given. */
const NOT_FOR_LINKS: PermissionName[] = ['can_edit', 'can_delete', 'can_reshare', 'can_add'];

export const permissionsOf = (row: ShareRow): Permissions => ({
  can_view: row.can_view === 1,
  can_download: row.can_download === 1,
  can_edit: row.can_edit === 1,
  can_delete: row.can_delete === 1,
  can_reshare: row.can_reshare === 1,
  can_add: row.can_add === 1,
});

export const permissionColumns = (permissions: Permissions) =>
  ({
    can_view: permissions.can_view ? 1 : 0,
    can_download: permissions.can_download ? 1 : 0,
    can_edit: permissions.can_edit ? 1 : 0,
    can_delete: permissions.can_delete ? 1 : 0,
    can_reshare: permissions.can_reshare ? 1 : 0,
    can_add: permissions.can_add ? 1 : 0,
  }) as const;

/** A share must let its recipients see the target; a link may only let visitors view and download. */
export function checkPermissions(permissions: Permissions, recipientType: ShareRecipientType): void {
  if (!permissions.can_view)
    throw invalidField('permissions.can_view', 'A share must let its recipients view.');
  if (recipientType !== 'public_link') return;
  const details: ErrorDetail[] = NOT_FOR_LINKS.filter((name) => permissions[name]).map((name) => ({
    field: `permissions.${name}`,
    message: 'A public link may only grant view and download.',
  }));
  if (details.length > 0) throw badRequest('A public link may only grant view and download.', details);
}

/**
 * A reshare grants at most what its parent does: every permission asked for explicitly must be
 * the parent's too, and it reaches into children only when the parent does.
 */
export function checkWithinParent(
  requested: PermissionsInput,
  inheritToChildren: boolean | undefined,
  parent: ShareRow,
): void {
  const parentPermissions = permissionsOf(parent);
  const details: ErrorDetail[] = PERMISSION_NAMES.filter(
    (name) => requested[name] === true && !parentPermissions[name],
  ).map((name) => ({
    field: `permissions.${name}`,
    message: 'The share you reshare from does not grant this.',
  }));
  if (inheritToChildren === true && parent.inherit_to_children !== 1) {
    details.push({
      field: 'inherit_to_children',
      message: 'The share you reshare from does not reach children.',
    });
  }
  if (details.length > 0)
    throw badRequest('A reshare may not grant more than the share it comes from.', details);
}

/** An expiry must lie ahead and, for a reshare, not beyond its parent's. */
export function checkExpiry(
  expiresAt: string | null,
  now: Date,
  parent: ShareRow | undefined,
  field: string,
): void {
  if (expiresAt !== null && Date.parse(expiresAt) <= now.getTime()) {
    throw invalidField(field, 'The expiry must be in the future.');
  }
  if (!parent || parent.expires_at === null) return;
  if (expiresAt === null || Date.parse(expiresAt) > Date.parse(parent.expires_at)) {
    throw invalidField(
      field,
      `A reshare must expire no later than the share it comes from (${parent.expires_at}).`,
    );
  }
}

/** A time as stored: RFC 3339 UTC with milliseconds, so it sorts and compares as text on every engine. */
export function normalizeTime(value: string, field: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw invalidField(field, 'Use an RFC 3339 time.');
  return new Date(time).toISOString();
}

/**
 * The changes that bring a reshare within a (narrowed) ancestor: flags the ancestor lacks are
 * dropped, the expiry is the earlier of the two, children are reached only if the ancestor does.
 * Null when the reshare is within it already. Reshares are within their parents by construction,
 * so capping every descendant by the changed share is the same as capping level by level.
 */
export function capWithin(share: ShareRow, ancestor: ShareRow) {
  const changes: Partial<Record<PermissionName | 'inherit_to_children', 0>> & { expires_at?: string } = {};
  for (const name of PERMISSION_NAMES) if (share[name] === 1 && ancestor[name] === 0) changes[name] = 0;
  if (share.inherit_to_children === 1 && ancestor.inherit_to_children === 0) changes.inherit_to_children = 0;
  if (
    ancestor.expires_at !== null &&
    (share.expires_at === null || Date.parse(share.expires_at) > Date.parse(ancestor.expires_at))
  ) {
    changes.expires_at = ancestor.expires_at;
  }
  return Object.keys(changes).length > 0 ? changes : null;
}
