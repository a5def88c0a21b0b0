import type { ShareActivityWithActor } from '../repositories/share-activity.repository.js';

function parseDetails(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** The contract's ShareActivity. */
export function presentShareActivity(row: ShareActivityWithActor) {
  return {
    id: row.id,
    share_id: row.share_id,
    actor_id: row.actor_id,
    actor_username: row.actor_username,
    actor_ip: row.actor_ip,
    action: row.action,
    details: parseDetails(row.details),
    timestamp: row.created_at,
  };
}

export type ShareActivity = ReturnType<typeof presentShareActivity>;
