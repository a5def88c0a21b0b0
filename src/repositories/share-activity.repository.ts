import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database, ShareActivityRow, ShareActivityTable } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** An activity entry with the username of whoever acted (null for visitors and deleted users). */
export type ShareActivityWithActor = ShareActivityRow & { actor_username: string | null };

const CHUNK = 500;

/** Appends entries to share logs, in chunks so a cascade over many shares costs few statements. */
export async function insertActivity(db: Executor, rows: Insertable<ShareActivityTable>[]): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK) {
    await db
      .insertInto('share_activity')
      .values(rows.slice(start, start + CHUNK))
      .execute();
  }
}

/** One page of a share's log, newest first. */
export function listActivity(
  db: Executor,
  shareId: string,
  page: { offset: number; limit: number },
): Promise<ShareActivityWithActor[]> {
  return db
    .selectFrom('share_activity')
    .leftJoin('users', 'users.id', 'share_activity.actor_id')
    .selectAll('share_activity')
    .select('users.username as actor_username')
    .where('share_activity.share_id', '=', shareId)
    .orderBy('share_activity.created_at', 'desc')
    .orderBy('share_activity.id', 'desc')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
}

export async function countActivity(db: Executor, shareId: string): Promise<number> {
  const row = await db
    .selectFrom('share_activity')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .where('share_id', '=', shareId)
    .executeTakeFirstOrThrow();
  return Number(row.total);
}
