import type { Kysely, Transaction } from 'kysely';
import type { Database, ShareTargetType } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * When a media item, collection, tag or saved search is deleted, every share of it ends
 * (reshares included: they point at the same target). Call inside the deleting transaction.
 */
export async function revokeSharesOfTargets(
  db: Executor,
  targetType: ShareTargetType,
  targetIds: readonly string[],
  now: string,
): Promise<void> {
  if (targetIds.length === 0) return;
  await db
    .updateTable('shares')
    .set({ revoked_at: now, updated_at: now })
    .where('target_type', '=', targetType)
    .where('target_id', 'in', [...targetIds])
    .where('revoked_at', 'is', null)
    .execute();
}
