import type { AppContext } from '../context.js';
import type { JobRow } from '../db/schema.js';
import { forbidden, notFound } from '../errors.js';
import type { Principal } from '../plugins/auth.js';
import { findJobById } from '../repositories/jobs.repository.js';

/** Editors and admins own and add media; viewers only see what is shared with them. */
export function canAddMedia(principal: Pick<Principal, 'role'>): boolean {
  return principal.role === 'editor' || principal.role === 'admin';
}

export function requireUploader(principal: Principal): void {
  if (!canAddMedia(principal))
    throw forbidden('Viewers cannot add media; ask an administrator for the editor role.');
}

/** Building a library of one's own (collections of one's media) takes the same role as owning media. */
export function requireLibraryOwner(principal: Principal, what: string): void {
  if (!canAddMedia(principal)) throw forbidden(`Viewers cannot create ${what}.`);
}

/** A background job is visible to the user who started it and to administrators; to others it does not exist. */
export async function requireJob(ctx: AppContext, principal: Principal, jobId: string): Promise<JobRow> {
  const job = await findJobById(ctx.db.kysely, jobId);
  if (!job || (job.owner_id !== principal.userId && principal.role !== 'admin')) throw notFound('Job');
  return job;
}
