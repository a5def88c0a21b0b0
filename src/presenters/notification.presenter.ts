import type { NotificationRow, ShareTargetType } from '../db/schema.js';

export interface NotificationShareSummary {
  target_type: ShareTargetType;
  target_name: string;
  owner_username: string;
}

/** The contract's ShareNotification. */
export function presentNotification(row: NotificationRow, share: NotificationShareSummary | null) {
  return {
    id: row.id,
    share_id: row.share_id,
    notification_type: row.notification_type,
    message: row.message,
    is_read: row.is_read === 1,
    created_at: row.created_at,
    share,
  };
}

export type ShareNotification = ReturnType<typeof presentNotification>;
