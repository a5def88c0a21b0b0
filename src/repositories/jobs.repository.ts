import type { Kysely, Transaction } from 'kysely';
import type { Database, JobRow, JobStatus } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export function findJobById(db: Executor, id: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertJob(db: Executor, job: JobRow): Promise<void> {
  await db.insertInto('jobs').values(job).execute();
}

/**
 * Moves a job to `to` only if it is in one of `from` (a compare-and-set, so two callers
 * cannot both start or both cancel it). True when this call made the change.
 */
export async function transitionJob(
  db: Executor,
  id: string,
  from: readonly JobStatus[],
  to: JobStatus,
  now: string,
  extra: { error?: string | null } = {},
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ status: to, updated_at: now, ...extra })
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Saves a job's progress; its status is left alone (a cancelled job keeps how far it got). */
export async function saveJobProgress(
  db: Executor,
  id: string,
  progress: { progress_total: number; progress_done: number; result: string },
  now: string,
): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ ...progress, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export function jobsWithStatus(db: Executor, statuses: readonly JobStatus[]): Promise<JobRow[]> {
  return db
    .selectFrom('jobs')
    .selectAll()
    .where('status', 'in', [...statuses])
    .orderBy('created_at')
    .execute();
}

/** One page of the jobs a user started, newest first, with the total. */
export async function listJobsOf(
  db: Executor,
  ownerId: string,
  page: { offset: number; limit: number },
): Promise<{ items: JobRow[]; total: number }> {
  const base = db.selectFrom('jobs').where('owner_id', '=', ownerId);
  const [items, count] = await Promise.all([
    base
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.total) };
}
