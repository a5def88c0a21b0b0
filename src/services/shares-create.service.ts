import type { AppContext } from '../context.js';
import { isUniqueViolation } from '../db/database.js';
import type { NewShare, ShareRecipientType, ShareRow, ShareTargetType } from '../db/schema.js';
import { badRequest, invalidField, type ErrorDetail } from '../errors.js';
import { newId } from '../lib/ids.js';
import { hashPassword } from '../lib/passwords.js';
import { randomToken, seal, sha256 } from '../lib/secrets.js';
import { shareableTarget } from '../access/share.access.js';
import type { ShareNames } from '../presenters/share.presenter.js';
import { insertActivity } from '../repositories/share-activity.repository.js';
import { findRecipientWithShare, insertShareWithEntry } from '../repositories/share-create.repository.js';
import { insertShare, lockLiveShare } from '../repositories/shares.repository.js';
import {
  capWithin,
  checkExpiry,
  checkPermissions,
  checkWithinParent,
  DEFAULT_PERMISSIONS,
  normalizeTime,
  PERMISSION_NAMES,
  permissionColumns,
  permissionsOf,
  type Permissions,
  type PermissionsInput,
} from './shares-grants.service.js';
import { activityEntry, afterCommit, type ShareActor } from './shares-events.service.js';

export interface CreateShareInput {
  target_type: ShareTargetType;
  target_id: string;
  recipient_type: ShareRecipientType;
  recipient_user_id?: string | undefined;
  recipient_group_id?: string | undefined;
  permissions?: PermissionsInput | undefined;
  password?: string | undefined;
  note?: string | undefined;
  expires_at?: string | undefined;
  expires_in_hours?: number | undefined;
  max_access_count?: number | undefined;
  inherit_to_children?: boolean | undefined;
}

const HOUR_MS = 3600 * 1000;

/** Fields that belong to one kind of recipient only, and the two ways of saying when a share ends. */
function checkShape(input: CreateShareInput): void {
  const details: ErrorDetail[] = [];
  const misplaced = (field: string, message: string) => details.push({ field, message });
  const isLink = input.recipient_type === 'public_link';
  if (input.recipient_type === 'user' && input.recipient_user_id === undefined) {
    misplaced('recipient_user_id', 'A share to a user names the user.');
  }
  if (input.recipient_type === 'group' && input.recipient_group_id === undefined) {
    misplaced('recipient_group_id', 'A share to a group names the group.');
  }
  if (input.recipient_type !== 'user' && input.recipient_user_id !== undefined) {
    misplaced('recipient_user_id', 'Only a share to a user names a user.');
  }
  if (input.recipient_type !== 'group' && input.recipient_group_id !== undefined) {
    misplaced('recipient_group_id', 'Only a share to a group names a group.');
  }
  if (!isLink && input.password !== undefined) misplaced('password', 'Only a public link takes a password.');
  if (!isLink && input.max_access_count !== undefined) {
    misplaced('max_access_count', 'Only a public link takes an access limit.');
  }
  if (input.expires_at !== undefined && input.expires_in_hours !== undefined) {
    misplaced('expires_in_hours', 'Give expires_at or expires_in_hours, not both.');
  }
  if (details.length > 0) throw badRequest(details[0]?.message ?? 'The request is invalid.', details);
}

/**
 * The recipient must exist (a user: and be enabled), and be neither the sharer nor the target's
 * owner. Looked up with the live share of this target it may already have (one query), which
 * is refused later, once the rest of the request is known to be valid.
 */
async function checkRecipient(
  ctx: AppContext,
  input: CreateShareInput,
  sharerId: string,
  ownerId: string,
): Promise<{ liveShareId: string | null; name: string | null }> {
  const target = { type: input.target_type, id: input.target_id };
  if (input.recipient_type === 'user' && input.recipient_user_id !== undefined) {
    if (input.recipient_user_id === sharerId)
      throw invalidField('recipient_user_id', 'You cannot share with yourself.');
    const found = await findRecipientWithShare(ctx.db.kysely, target, { userId: input.recipient_user_id });
    if (!found) throw invalidField('recipient_user_id', 'No such user.');
    if (input.recipient_user_id === ownerId) {
      throw invalidField('recipient_user_id', 'That user owns the target already.');
    }
    return found;
  }
  if (input.recipient_type === 'group' && input.recipient_group_id !== undefined) {
    const found = await findRecipientWithShare(ctx.db.kysely, target, { groupId: input.recipient_group_id });
    if (!found) throw invalidField('recipient_group_id', 'No such group.');
    return found;
  }
  return { liveShareId: null, name: null };
}

/** Unspecified permissions take the defaults, capped (for a reshare) by the parent's. */
function resolvePermissions(requested: PermissionsInput, parent: ShareRow | undefined): Permissions {
  const ceiling = parent ? permissionsOf(parent) : undefined;
  const resolved = { ...DEFAULT_PERMISSIONS };
  for (const name of PERMISSION_NAMES) {
    resolved[name] = requested[name] ?? (DEFAULT_PERMISSIONS[name] && (ceiling ? ceiling[name] : true));
  }
  return resolved;
}

function resolveExpiry(
  ctx: AppContext,
  input: CreateShareInput,
  parent: ShareRow | undefined,
): string | null {
  const now = ctx.clock.now();
  let expiresAt: string | null = parent?.expires_at ?? null;
  let field = 'expires_at';
  if (input.expires_at !== undefined) expiresAt = normalizeTime(input.expires_at, 'expires_at');
  if (input.expires_in_hours !== undefined) {
    expiresAt = new Date(now.getTime() + input.expires_in_hours * HOUR_MS).toISOString();
    field = 'expires_in_hours';
  }
  checkExpiry(expiresAt, now, parent, field);
  return expiresAt;
}

const duplicate = (field: string) =>
  invalidField(field, 'This target is already shared with this recipient; update that share instead.');

/** Link secret: shown to its owner (sealed at rest), looked up by hash, never stored in the clear. */
function linkSecret(ctx: AppContext) {
  const token = randomToken(32);
  return { token_hash: sha256(token), token_sealed: seal(ctx.keys.seal, token) };
}

export interface CreatedShare {
  share: ShareRow;
  /** The names it is presented with, known from the checks (nothing to look up again). */
  names: ShareNames;
}

/**
 * Creates a share of a target the actor owns, or reshares one shared with them (can_reshare),
 * logs `created` and tells the recipients once the share is committed.
 */
export async function createShare(
  ctx: AppContext,
  actor: ShareActor,
  input: CreateShareInput,
): Promise<CreatedShare> {
  checkShape(input);
  const sharerId = actor.principal.userId;
  const target = await shareableTarget(ctx, actor.principal, input.target_type, input.target_id);
  const { ownerId, parent } = target;
  const recipient = await checkRecipient(ctx, input, sharerId, ownerId);
  const { liveShareId } = recipient;

  const requested = input.permissions ?? {};
  if (parent) checkWithinParent(requested, input.inherit_to_children, parent);
  const permissions = resolvePermissions(requested, parent);
  checkPermissions(permissions, input.recipient_type);
  const expiresAt = resolveExpiry(ctx, input, parent);

  const duplicateField = input.recipient_user_id ? 'recipient_user_id' : 'recipient_group_id';
  if (liveShareId !== null) throw duplicate(duplicateField);

  const isLink = input.recipient_type === 'public_link';
  const now = ctx.clock.now().toISOString();
  const row: ShareRow = {
    id: newId(),
    owner_id: sharerId,
    target_type: input.target_type,
    target_id: input.target_id,
    recipient_type: input.recipient_type,
    recipient_user_id: input.recipient_user_id ?? null,
    recipient_group_id: input.recipient_group_id ?? null,
    ...(isLink ? linkSecret(ctx) : { token_hash: null, token_sealed: null }),
    password_hash: isLink && input.password !== undefined ? await hashPassword(input.password) : null,
    ...permissionColumns(permissions),
    note: input.note ?? null,
    expires_at: expiresAt,
    max_access_count: isLink ? (input.max_access_count ?? null) : null,
    access_count: 0,
    last_accessed_at: null,
    inherit_to_children:
      (input.inherit_to_children ?? (parent ? parent.inherit_to_children === 1 : true)) ? 1 : 0,
    parent_share_id: parent?.id ?? null,
    state_version: 1,
    revoked_at: null,
    expired_logged_at: null,
    access_notified_at: null,
    created_at: now,
    updated_at: now,
  };

  const entry = activityEntry(
    row.id,
    actor,
    'created',
    {
      recipient_type: row.recipient_type,
      permissions: PERMISSION_NAMES.filter((name) => permissions[name]),
      has_password: row.password_hash !== null,
      expires_at: row.expires_at,
      max_access_count: row.max_access_count,
      parent_share_id: row.parent_share_id,
    },
    now,
  );
  try {
    if (!parent) {
      await insertShareWithEntry(ctx.db.kysely, ctx.db.dialect, row, entry);
    } else {
      await ctx.db.kysely.transaction().execute(async (trx) => {
        // The parent may have been narrowed or revoked since it was read: check it again, locked.
        const current = await lockLiveShare(trx, ctx.db.dialect, parent.id);
        if (!current || current.can_reshare !== 1 || capWithin(row, current) !== null) {
          throw invalidField('target_id', 'The share you reshare from has changed; try again.');
        }
        await insertShare(trx, row satisfies NewShare);
        await insertActivity(trx, [entry]);
      });
    }
  } catch (error) {
    // Two requests raced past the check above: the partial unique index keeps one live share.
    if (isUniqueViolation(error)) throw duplicate(duplicateField);
    throw error;
  }
  const ownerUsername = actor.principal.username;
  await afterCommit(ctx, [
    { share: row, type: 'new_share', names: { ownerUsername, targetName: target.name } },
  ]);
  return {
    share: row,
    names: {
      targetName: target.name,
      ownerUsername,
      recipientUsername: row.recipient_type === 'user' ? recipient.name : null,
      recipientGroupName: row.recipient_type === 'group' ? recipient.name : null,
    },
  };
}
