import type { Kysely, Transaction } from 'kysely';
import type { Database, ShareRow } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export type ExpiringShare = Pick<
  ShareRow,
  | 'id'
  | 'owner_id'
  | 'target_type'
  | 'target_id'
  | 'recipient_type'
  | 'recipient_user_id'
  | 'recipient_group_id'
  | 'expires_at'
>;

/** Live user and group shares whose expiry falls in (from, to]: the ones to warn about. */
export function sharesExpiringBetween(db: Executor, from: string, to: string): Promise<ExpiringShare[]> {
  return db
    .selectFrom('shares')
    .select([
      'id',
      'owner_id',
      'target_type',
      'target_id',
      'recipient_type',
      'recipient_user_id',
      'recipient_group_id',
      'expires_at',
    ])
    .where('revoked_at', 'is', null)
    .where('recipient_type', 'in', ['user', 'group'])
    .where('expires_at', '>', from)
    .where('expires_at', '<=', to)
    .orderBy('expires_at')
    .execute();
}

/** Which of these dedupe keys already name a notification. */
export async function existingDedupeKeys(db: Executor, keys: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let start = 0; start < keys.length; start += 500) {
    const rows = await db
      .selectFrom('notifications')
      .select('dedupe_key')
      .where('dedupe_key', 'in', keys.slice(start, start + 500))
      .execute();
    for (const row of rows) if (row.dedupe_key !== null) found.add(row.dedupe_key);
  }
  return found;
}

/**
 * Claims up to `limit` live shares that have expired and whose expiry is not logged yet,
 * marking them logged. The mark is conditional, so two processes never claim the same share.
 */
export function claimExpiredShares(
  db: Executor,
  now: string,
  limit: number,
): Promise<Array<Pick<ShareRow, 'id' | 'expires_at'>>> {
  return db
    .updateTable('shares')
    .set({ expired_logged_at: now })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('shares')
        .select('id')
        .where('revoked_at', 'is', null)
        .where('expires_at', '<=', now)
        .where('expired_logged_at', 'is', null)
        .limit(limit),
    )
    .where('expired_logged_at', 'is', null)
    .returning(['id', 'expires_at'])
    .execute();
}

/** Deletes refresh tokens spent before `before` (their family lives on through the newer ones). */
export async function deleteSpentRefreshTokens(db: Executor, before: string): Promise<number> {
  const result = await db
    .deleteFrom('refresh_tokens')
    .where('used_at', 'is not', null)
    .where('used_at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes sessions past their expiry (their refresh tokens go with them). */
export async function deleteExpiredSessions(db: Executor, now: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
