import type { AppContext } from '../context.js';
import type { JobRow } from '../db/schema.js';
import { AppError } from '../errors.js';
import { isoNow } from '../lib/clock.js';
import {
  findJobById,
  jobsWithStatus,
  saveJobProgress,
  transitionJob,
} from '../repositories/jobs.repository.js';

/*
 * Background jobs kept in the `jobs` table. A job runs in this process; its progress is
 * saved every few items, so the API can show it and a restart can pick it up again:
 * - on shutdown, running jobs stop after their current item and stay `running`;
 * - on start, `running` and `queued` jobs are resumed from their saved progress;
 * - cancelling marks the job `cancelled` and stops it; a failed or cancelled job may be resumed.
 */

export interface JobProgress {
  total: number;
  done: number;
  result: Record<string, number>;
}

export interface JobContext {
  job: JobRow;
  /** Aborted on cancel or shutdown: stop after the current item. */
  signal: AbortSignal;
  /** Reports progress; saved to the database every few calls (and always at the end). */
  report: (progress: JobProgress) => Promise<void>;
}

export type JobHandler = (ctx: AppContext, job: JobContext) => Promise<JobProgress>;

const handlers = new Map<string, JobHandler>();

export function registerJobKind(kind: string, handler: JobHandler): void {
  handlers.set(kind, handler);
}

const SAVE_EVERY_ITEMS = 25;
const SAVE_EVERY_MS = 1000;

/** A reason for stopping that is not the job's failure. */
class Stopped extends Error {}

class JobRunner {
  private readonly active = new Map<string, { controller: AbortController; finished: Promise<void> }>();
  private closing = false;

  constructor(private readonly ctx: AppContext) {
    ctx.onShutdown(() => this.shutdown());
  }

  isActive(jobId: string): boolean {
    return this.active.has(jobId);
  }

  /** Runs a job already marked `running` in the database. */
  run(job: JobRow): void {
    if (this.closing || this.active.has(job.id)) return;
    const handler = handlers.get(job.kind);
    const controller = new AbortController();
    const finished = (
      handler
        ? this.execute(job, handler, controller.signal)
        : this.fail(job.id, `unknown job kind ${job.kind}`)
    )
      .catch((error: unknown) => this.ctx.log.error({ err: error, jobId: job.id }, 'job bookkeeping failed'))
      .finally(() => this.active.delete(job.id));
    this.active.set(job.id, { controller, finished });
  }

  /** Stops a job running here (after its current item). */
  stop(jobId: string): void {
    this.active.get(jobId)?.controller.abort(new Stopped('cancelled'));
  }

  /** Waits for a job running here to stop (tests, shutdown). */
  async settled(jobId: string): Promise<void> {
    await this.active.get(jobId)?.finished;
  }

  async shutdown(): Promise<void> {
    this.closing = true;
    for (const { controller } of this.active.values()) controller.abort(new Stopped('shutdown'));
    await Promise.all([...this.active.values()].map((entry) => entry.finished));
  }

  private async execute(job: JobRow, handler: JobHandler, signal: AbortSignal): Promise<void> {
    const db = this.ctx.db.kysely;
    let unsaved = 0;
    let lastSave = performance.now();
    let latest: JobProgress | undefined;
    const save = async (progress: JobProgress) => {
      unsaved = 0;
      lastSave = performance.now();
      await saveJobProgress(
        db,
        job.id,
        {
          progress_total: progress.total,
          progress_done: progress.done,
          result: JSON.stringify(progress.result),
        },
        isoNow(this.ctx.clock),
      );
    };
    const context: JobContext = {
      job,
      signal,
      report: async (progress) => {
        latest = progress;
        unsaved += 1;
        if (unsaved < SAVE_EVERY_ITEMS && performance.now() - lastSave < SAVE_EVERY_MS) return;
        await save(progress);
        // Cancelled elsewhere (another process, or the API while this item ran): stop here too.
        const current = await findJobById(db, job.id);
        if (current?.status !== 'running') this.stop(job.id);
      },
    };
    try {
      const final = await handler(this.ctx, context);
      await save(final);
      if (signal.aborted) return;
      await transitionJob(db, job.id, ['running'], 'completed', isoNow(this.ctx.clock), { error: null });
    } catch (error) {
      if (latest) await save(latest);
      if (signal.aborted) return;
      const message =
        error instanceof AppError ? error.message : 'The job failed; the server log has the cause.';
      this.ctx.log.error({ err: error, jobId: job.id, kind: job.kind }, 'job failed');
      await this.fail(job.id, message);
    }
  }

  private async fail(jobId: string, message: string): Promise<void> {
    await transitionJob(this.ctx.db.kysely, jobId, ['running', 'queued'], 'failed', isoNow(this.ctx.clock), {
      error: message,
    });
  }
}

const runners = new WeakMap<AppContext, JobRunner>();

/** The job runner of an app (one per context, stopped with the app). */
export function jobRunner(ctx: AppContext): JobRunner {
  let runner = runners.get(ctx);
  if (!runner) {
    runner = new JobRunner(ctx);
    runners.set(ctx, runner);
  }
  return runner;
}

/** Starts a queued job: claims it (queued → running) so no one else starts it too. */
export async function startJob(ctx: AppContext, jobId: string): Promise<void> {
  if (!(await transitionJob(ctx.db.kysely, jobId, ['queued'], 'running', isoNow(ctx.clock)))) return;
  const job = await findJobById(ctx.db.kysely, jobId);
  if (job) jobRunner(ctx).run(job);
}

/** At start: jobs a previous process left running or queued carry on from their saved progress. */
export async function resumeInterruptedJobs(ctx: AppContext): Promise<number> {
  const jobs = await jobsWithStatus(ctx.db.kysely, ['running', 'queued']);
  for (const job of jobs) {
    if (job.status === 'queued') await startJob(ctx, job.id);
    else jobRunner(ctx).run(job);
  }
  return jobs.length;
}
