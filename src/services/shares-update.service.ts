import type { Updateable } from 'kysely';
import type { AppContext } from '../context.js';
import type { ShareRow, SharesTable } from '../db/schema.js';
import { badRequest, notFound, type ErrorDetail } from '../errors.js';
import { hashPassword } from '../lib/passwords.js';
import { requireShareManageable } from '../access/share.access.js';
import { insertActivity } from '../repositories/share-activity.repository.js';
import { findLiveDescendants, lockLiveShare, updateLiveShare } from '../repositories/shares.repository.js';
import { activityEntry, afterCommit, type ShareActor, type ShareNotice } from './shares-events.service.js';
import {
  capWithin,
  checkExpiry,
  checkPermissions,
  checkWithinParent,
  normalizeTime,
  PERMISSION_NAMES,
  permissionColumns,
  permissionsOf,
  type PermissionsInput,
} from './shares-grants.service.js';

/** What PATCH may change; everything else about a share is fixed at creation. */
export interface UpdateShareInput {
  permissions?: PermissionsInput | undefined;
  note?: string | null | undefined;
  expires_at?: string | null | undefined;
  password?: string | null | undefined;
  max_access_count?: number | null | undefined;
  inherit_to_children?: boolean | undefined;
}

type ShareChanges = Updateable<SharesTable>;

function checkShape(share: ShareRow, input: UpdateShareInput): void {
  if (Object.values(input).every((value) => value === undefined)) {
    throw badRequest('Nothing to change: give at least one field.');
  }
  if (share.recipient_type === 'public_link') return;
  const details: ErrorDetail[] = [];
  if (input.password !== undefined)
    details.push({ field: 'password', message: 'Only a public link takes a password.' });
  if (input.max_access_count !== undefined) {
    details.push({ field: 'max_access_count', message: 'Only a public link takes an access limit.' });
  }
  if (details.length > 0) throw badRequest(details[0]?.message ?? 'The request is invalid.', details);
}

/**
 * The columns an update changes and the names of the fields it changes (for the log: names
 * only, never values). Checks the same rules as creation, and for a reshare its parent's bounds.
 */
function planUpdate(
  ctx: AppContext,
  share: ShareRow,
  parent: ShareRow | undefined,
  input: UpdateShareInput,
  passwordHash: string | null | undefined,
): { changes: ShareChanges; fields: string[] } {
  const changes: ShareChanges = {};
  const fields: string[] = [];
  if (parent) checkWithinParent(input.permissions ?? {}, input.inherit_to_children, parent);

  if (input.permissions !== undefined) {
    const permissions = { ...permissionsOf(share), ...definedOnly(input.permissions) };
    checkPermissions(permissions, share.recipient_type);
    const columns = permissionColumns(permissions);
    if (PERMISSION_NAMES.some((name) => columns[name] !== share[name])) {
      Object.assign(changes, columns);
      fields.push('permissions');
    }
  }
  if (input.expires_at !== undefined) {
    const expiresAt = input.expires_at === null ? null : normalizeTime(input.expires_at, 'expires_at');
    checkExpiry(expiresAt, ctx.clock.now(), parent, 'expires_at');
    if (expiresAt !== share.expires_at) {
      changes.expires_at = expiresAt;
      // A new expiry may pass again: its `expired` entry is written anew then.
      changes.expired_logged_at = null;
      fields.push('expires_at');
    }
  }
  if (input.note !== undefined && input.note !== share.note) {
    changes.note = input.note;
    fields.push('note');
  }
  if (
    input.inherit_to_children !== undefined &&
    (input.inherit_to_children ? 1 : 0) !== share.inherit_to_children
  ) {
    changes.inherit_to_children = input.inherit_to_children ? 1 : 0;
    fields.push('inherit_to_children');
  }
  if (input.max_access_count !== undefined && input.max_access_count !== share.max_access_count) {
    changes.max_access_count = input.max_access_count;
    fields.push('max_access_count');
  }
  if (passwordHash !== undefined && !(passwordHash === null && share.password_hash === null)) {
    changes.password_hash = passwordHash;
    fields.push('password');
  }
  return { changes, fields };
}

function definedOnly(permissions: PermissionsInput): PermissionsInput {
  return Object.fromEntries(Object.entries(permissions).filter(([, value]) => value !== undefined));
}

/**
 * Changes a share (owner or admin). Narrowing it narrows every reshare made from it in the same
 * transaction; every changed share gets a new state version, an `updated` entry and its
 * recipients a `share_updated` notification.
 */
export async function updateShare(
  ctx: AppContext,
  actor: ShareActor,
  shareId: string,
  input: UpdateShareInput,
): Promise<ShareRow> {
  const seen = await requireShareManageable(ctx, actor.principal, shareId);
  checkShape(seen, input);
  if (input.expires_at !== undefined && input.expires_at !== null)
    normalizeTime(input.expires_at, 'expires_at');
  const passwordHash =
    input.password === undefined
      ? undefined
      : input.password === null
        ? null
        : await hashPassword(input.password);

  const notices: ShareNotice[] = [];
  const updated = await ctx.db.kysely.transaction().execute(async (trx) => {
    // Ancestors are locked before descendants everywhere (parent_share_id never changes), so
    // concurrent changes along one chain queue up instead of deadlocking.
    const parent = seen.parent_share_id
      ? await lockLiveShare(trx, ctx.db.dialect, seen.parent_share_id)
      : undefined;
    const share = await lockLiveShare(trx, ctx.db.dialect, shareId);
    if (!share || (seen.parent_share_id && !parent)) throw notFound('Share');
    const { changes, fields } = planUpdate(ctx, share, parent, input, passwordHash);
    if (fields.length === 0) return share;

    const now = ctx.clock.now().toISOString();
    if (!(await updateLiveShare(trx, share.id, { ...changes, updated_at: now }))) throw notFound('Share');
    const after: ShareRow = {
      ...share,
      ...changes,
      updated_at: now,
      state_version: share.state_version + 1,
    };
    const entries = [activityEntry(share.id, actor, 'updated', { fields }, now)];
    notices.push({ share: after, type: 'share_updated' });

    for (const descendant of await findLiveDescendants(trx, [share.id])) {
      const caps = capWithin(descendant, after);
      if (!caps) continue;
      await updateLiveShare(trx, descendant.id, { ...caps, updated_at: now });
      const capFields = [
        ...(PERMISSION_NAMES.some((name) => name in caps) ? ['permissions'] : []),
        ...(['expires_at', 'inherit_to_children'] as const).filter((name) => name in caps),
      ];
      entries.push(
        activityEntry(descendant.id, actor, 'updated', { fields: capFields, narrowed_by: share.id }, now),
      );
      notices.push({ share: { ...descendant, ...caps }, type: 'share_updated' });
    }
    await insertActivity(trx, entries);
    return after;
  });
  await afterCommit(ctx, notices);
  return updated;
}
