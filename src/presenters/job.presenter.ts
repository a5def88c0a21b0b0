import type { JobRow } from '../db/schema.js';

function counts(json: string): { imported: number; skipped: number; failed: number } {
  let value: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(json);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      value = parsed as Record<string, unknown>;
  } catch {
    // An unreadable result shows as zeros.
  }
  const count = (key: string) => {
    const found = value[key];
    return typeof found === 'number' && Number.isSafeInteger(found) ? found : 0;
  };
  return { imported: count('imported'), skipped: count('skipped'), failed: count('failed') };
}

/** A background job as the API shows it. Its parameters (server paths) stay on the server. */
export function presentJob(job: JobRow) {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    progress_total: Number(job.progress_total),
    progress_done: Number(job.progress_done),
    result: counts(job.result),
    error: job.error,
    created_at: job.created_at,
    updated_at: job.updated_at,
  };
}
