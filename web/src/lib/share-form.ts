import type {
  NewShare,
  Permissions,
  Share,
  ShareRecipientType,
  ShareTargetType,
  ShareUpdate,
} from '../api/types';
import { DEFAULT_PERMISSIONS, permissionAvailability } from './permissions';
import { toDateTimeLocal } from './format';

/** Limits from the contract, checked here so people see them before sending. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;
export const NOTE_MAX = 2000;
export const MAX_EXPIRY_HOURS = 87_600;

export type ExpiryChoice = 'never' | '1' | '24' | '168' | '720' | 'custom';

export const EXPIRY_OPTIONS: ReadonlyArray<{ value: ExpiryChoice; label: string }> = [
  { value: 'never', label: 'Never' },
  { value: '1', label: 'In 1 hour' },
  { value: '24', label: 'In 1 day' },
  { value: '168', label: 'In 7 days' },
  { value: '720', label: 'In 30 days' },
  { value: 'custom', label: 'On a date…' },
];

export interface Recipient {
  id: string;
  name: string;
}

export interface ShareFormState {
  recipientType: ShareRecipientType;
  recipient: Recipient | null;
  permissions: Permissions;
  /** Editing a share that already has a password: keep it unless a new one is typed. */
  passwordEnabled: boolean;
  password: string;
  expiry: ExpiryChoice;
  /** `<input type="datetime-local">` value, local time. */
  expiryDate: string;
  limitUses: boolean;
  maxUses: string;
  note: string;
}

export type ShareFormField = 'recipient' | 'password' | 'expiry' | 'maxUses' | 'note' | 'permissions';
export type ShareFormErrors = Partial<Record<ShareFormField, string>>;

export function emptyShareForm(recipientType: ShareRecipientType = 'public_link'): ShareFormState {
  return {
    recipientType,
    recipient: null,
    permissions: { ...DEFAULT_PERMISSIONS },
    passwordEnabled: false,
    password: '',
    expiry: 'never',
    expiryDate: '',
    limitUses: false,
    maxUses: '',
    note: '',
  };
}

/** The form as it stands for an existing share (password never known: kept unless replaced). */
export function shareFormFrom(share: Share): ShareFormState {
  return {
    recipientType: share.recipient_type,
    recipient: null,
    permissions: { ...share.permissions },
    passwordEnabled: share.has_password,
    password: '',
    expiry: share.expires_at ? 'custom' : 'never',
    expiryDate: share.expires_at ? toDateTimeLocal(new Date(share.expires_at)) : '',
    limitUses: share.max_access_count !== null,
    maxUses: share.max_access_count !== null ? String(share.max_access_count) : '',
    note: share.note ?? '',
  };
}

/** Drops permissions this kind of share cannot carry, so switching tabs never sends them. */
export function effectivePermissions(form: ShareFormState, targetType: ShareTargetType): Permissions {
  const result = { ...form.permissions, can_view: true };
  for (const name of Object.keys(result) as Array<keyof Permissions>) {
    if (name !== 'can_view' && !permissionAvailability(name, form.recipientType, targetType).available) {
      result[name] = false;
    }
  }
  return result;
}

interface Checked {
  errors: ShareFormErrors;
  expiresAt: string | null | undefined;
  expiresInHours: number | undefined;
  maxUses: number | null;
  password: string | null | undefined;
  note: string;
}

function check(form: ShareFormState, now: Date, existing: Share | null): Checked {
  const errors: ShareFormErrors = {};
  const isLink = form.recipientType === 'public_link';

  if (!existing && !isLink && !form.recipient) {
    errors.recipient =
      form.recipientType === 'user' ? 'Choose a person to share with.' : 'Choose a group to share with.';
  }

  let password: string | null | undefined;
  if (isLink && form.passwordEnabled) {
    if (form.password.length > 0 || !existing?.has_password) {
      if (form.password.length < PASSWORD_MIN)
        errors.password = `The password needs at least ${PASSWORD_MIN} characters.`;
      else if (form.password.length > PASSWORD_MAX)
        errors.password = `The password may have at most ${PASSWORD_MAX} characters.`;
      else password = form.password;
    }
  } else if (existing?.has_password) {
    password = null;
  }

  let expiresAt: string | null | undefined;
  let expiresInHours: number | undefined;
  if (form.expiry === 'custom') {
    const when = form.expiryDate ? new Date(form.expiryDate) : null;
    if (!when || Number.isNaN(when.getTime())) errors.expiry = 'Pick the date and time the share ends.';
    else if (when.getTime() <= now.getTime()) errors.expiry = 'The end must be in the future.';
    else if (when.getTime() - now.getTime() > MAX_EXPIRY_HOURS * 3600_000)
      errors.expiry = 'The end may be at most ten years away.';
    else expiresAt = when.toISOString();
  } else if (form.expiry !== 'never') {
    const hours = Number(form.expiry);
    if (existing) expiresAt = new Date(now.getTime() + hours * 3600_000).toISOString();
    else expiresInHours = hours;
  } else if (existing?.expires_at) {
    expiresAt = null;
  }

  let maxUses: number | null = null;
  if (isLink && form.limitUses) {
    const trimmed = form.maxUses.trim();
    const parsed = Number(trimmed);
    if (!/^\d+$/.test(trimmed) || !Number.isSafeInteger(parsed) || parsed < 1) {
      errors.maxUses = 'The use limit is a whole number, at least 1.';
    } else if (existing && parsed < existing.access_count) {
      errors.maxUses = `The link was already used ${existing.access_count} times; a lower limit would end it now.`;
    } else {
      maxUses = parsed;
    }
  }

  const note = form.note.trim();
  if (note.length > NOTE_MAX)
    errors.note = `The note may have at most ${NOTE_MAX} characters (it has ${note.length}).`;

  return { errors, expiresAt, expiresInHours, maxUses, password, note };
}

export type Validated<T> = { ok: true; body: T } | { ok: false; errors: ShareFormErrors };

/** Checks the dialog and builds the `POST /shares` body. */
export function buildNewShare(
  form: ShareFormState,
  target: { type: ShareTargetType; id: string },
  now: Date = new Date(),
): Validated<NewShare> {
  const checked = check(form, now, null);
  if (Object.keys(checked.errors).length > 0) return { ok: false, errors: checked.errors };
  const body: NewShare = {
    target_type: target.type,
    target_id: target.id,
    recipient_type: form.recipientType,
    permissions: effectivePermissions(form, target.type),
  };
  if (form.recipientType === 'user' && form.recipient) body.recipient_user_id = form.recipient.id;
  if (form.recipientType === 'group' && form.recipient) body.recipient_group_id = form.recipient.id;
  if (typeof checked.password === 'string') body.password = checked.password;
  if (checked.expiresAt) body.expires_at = checked.expiresAt;
  if (checked.expiresInHours !== undefined) body.expires_in_hours = checked.expiresInHours;
  if (checked.maxUses !== null) body.max_access_count = checked.maxUses;
  if (checked.note) body.note = checked.note;
  return { ok: true, body };
}

/** Checks an edit and builds the `PATCH /shares/{id}` body with only what changed. */
export function buildShareUpdate(
  share: Share,
  form: ShareFormState,
  now: Date = new Date(),
): Validated<ShareUpdate> {
  const checked = check({ ...form, recipientType: share.recipient_type }, now, share);
  if (Object.keys(checked.errors).length > 0) return { ok: false, errors: checked.errors };
  const body: ShareUpdate = {};
  const permissions = effectivePermissions(
    { ...form, recipientType: share.recipient_type },
    share.target_type,
  );
  const changed = (Object.keys(permissions) as Array<keyof Permissions>).filter(
    (name) => permissions[name] !== share.permissions[name],
  );
  if (changed.length > 0)
    body.permissions = Object.fromEntries(changed.map((name) => [name, permissions[name]]));
  const note = checked.note || null;
  if (note !== (share.note ?? null)) body.note = note;
  if (checked.expiresAt !== undefined && checked.expiresAt !== share.expires_at) {
    const unchangedMinute =
      checked.expiresAt !== null &&
      share.expires_at !== null &&
      form.expiry === 'custom' &&
      form.expiryDate === toDateTimeLocal(new Date(share.expires_at));
    if (!unchangedMinute) body.expires_at = checked.expiresAt;
  }
  if (checked.password !== undefined) body.password = checked.password;
  if (share.recipient_type === 'public_link' && checked.maxUses !== share.max_access_count) {
    body.max_access_count = checked.maxUses;
  }
  return { ok: true, body };
}
