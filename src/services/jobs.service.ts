import type { AppContext } from '../context.js';
import type { JobRow } from '../db/schema.js';
import { requireJob } from '../access/library.access.js';
import { AppError } from '../errors.js';
import { isoNow } from '../lib/clock.js';
import { jobRunner, startJob } from '../jobs/index.js';
import type { Principal } from '../plugins/auth.js';
import { findJobById, listJobsOf, transitionJob } from '../repositories/jobs.repository.js';

const conflict = (message: string) => new AppError('conflict', message);

export async function getJob(ctx: AppContext, principal: Principal, id: string): Promise<JobRow> {
  return requireJob(ctx, principal, id);
}

export function listMyJobs(ctx: AppContext, principal: Principal, page: { offset: number; limit: number }) {
  return listJobsOf(ctx.db.kysely, principal.userId, page);
}

async function reload(ctx: AppContext, job: JobRow): Promise<JobRow> {
  return (await findJobById(ctx.db.kysely, job.id)) ?? job;
}

/** Stops a queued or running job after its current item; what it did so far stays. */
export async function cancelJob(ctx: AppContext, principal: Principal, id: string): Promise<JobRow> {
  const job = await requireJob(ctx, principal, id);
  if (!(await transitionJob(ctx.db.kysely, id, ['queued', 'running'], 'cancelled', isoNow(ctx.clock)))) {
    throw conflict(`The job is ${job.status}; only queued or running jobs can be cancelled.`);
  }
  jobRunner(ctx).stop(id);
  return reload(ctx, job);
}

/** Starts a failed or cancelled job again from where it stopped. */
export async function resumeJob(ctx: AppContext, principal: Principal, id: string): Promise<JobRow> {
  const job = await requireJob(ctx, principal, id);
  if (jobRunner(ctx).isActive(id)) throw conflict('The job is still stopping; try again in a moment.');
  if (
    !(await transitionJob(ctx.db.kysely, id, ['failed', 'cancelled'], 'queued', isoNow(ctx.clock), {
      error: null,
    }))
  ) {
    throw conflict(`The job is ${job.status}; only failed or cancelled jobs can be resumed.`);
  }
  await startJob(ctx, id);
  return reload(ctx, job);
}
