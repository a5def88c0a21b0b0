import type { AppContext } from '../context.js';
import {
  IMPORT_JOB_KIND,
  importDirectory,
  type ImportCounts,
  type ImportParams,
} from '../services/import.service.js';
import { registerJobKind, type JobContext, type JobProgress } from './job-runner.js';

function parse<T>(json: string, fallback: T): T {
  try {
    return JSON.parse(json) as T;
  } catch {
    return fallback;
  }
}

/** Runs (or resumes, from its saved progress) an import job. */
async function runImportJob(ctx: AppContext, { job, signal, report }: JobContext): Promise<JobProgress> {
  const params = parse<Partial<ImportParams>>(job.params, {});
  if (typeof params.path !== 'string' || typeof params.owner_id !== 'string') {
    throw new Error('import job without path or owner');
  }
  const saved = parse<Partial<ImportCounts>>(job.result, {});
  const counts: ImportCounts = {
    imported: Number(saved.imported ?? 0),
    skipped: Number(saved.skipped ?? 0),
    failed: Number(saved.failed ?? 0),
  };
  const toJob = (progress: { total: number; done: number } & ImportCounts): JobProgress => ({
    total: progress.total,
    done: progress.done,
    result: { imported: progress.imported, skipped: progress.skipped, failed: progress.failed },
  });
  const final = await importDirectory(ctx, {
    directory: params.path,
    ownerId: params.owner_id,
    signal,
    skipFirst: job.progress_done,
    counts,
    onProgress: (progress) => report(toJob(progress)),
  });
  return toJob(final);
}

registerJobKind(IMPORT_JOB_KIND, runImportJob);
