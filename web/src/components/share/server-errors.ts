import { ApiError } from '../../api/errors';
import type { ShareFormErrors, ShareFormField } from '../../lib/share-form';

const FIELD_OF: Record<string, ShareFormField> = {
  password: 'password',
  expires_at: 'expiry',
  expires_in_hours: 'expiry',
  max_access_count: 'maxUses',
  note: 'note',
  recipient_user_id: 'recipient',
  recipient_group_id: 'recipient',
  permissions: 'permissions',
};

/** Puts a 400's field details next to the fields they are about; the rest stays a general message. */
export function splitServerErrors(error: unknown): { fields: ShareFormErrors; general: ApiError | null } {
  if (!(error instanceof ApiError)) return { fields: {}, general: null };
  const fields: ShareFormErrors = {};
  let unplaced = false;
  for (const detail of error.details) {
    const [head] = detail.field.split('.');
    const field = head ? FIELD_OF[head] : undefined;
    if (field) fields[field] = `${detail.message.charAt(0).toUpperCase()}${detail.message.slice(1)}.`;
    else unplaced = true;
  }
  return { fields, general: unplaced || error.details.length === 0 ? error : null };
}
