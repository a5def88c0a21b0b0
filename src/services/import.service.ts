import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../context.js';
import { canAddMedia } from '../access/library.access.js';
import type { JobRow } from '../db/schema.js';
import { AppError, badRequest, invalidField } from '../errors.js';
import { isoNow } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import { startJob } from '../jobs/job-runner.js';
import type { Principal } from '../plugins/auth.js';
import { recordImportedFile, wasImported } from '../repositories/imported-files.repository.js';
import { findJobById, insertJob } from '../repositories/jobs.repository.js';
import { findUserById } from '../repositories/users.repository.js';
import { countFiles, isWithin, walkFiles } from './import-walk.js';
import { stageStream, storeStaged } from './media-ingest.service.js';

export const IMPORT_JOB_KIND = 'import';

export interface ImportCounts {
  imported: number;
  skipped: number;
  failed: number;
}

export interface ImportParams {
  /** Real path of the directory. */
  path: string;
  owner_id: string;
}

const realDataDir = (ctx: AppContext) =>
  fs.promises.realpath(ctx.config.dataDir).catch(() => path.resolve(ctx.config.dataDir));

async function realDirectory(candidate: string): Promise<string | undefined> {
  try {
    const real = await fs.promises.realpath(candidate);
    return (await fs.promises.stat(real)).isDirectory() ? real : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The directory an HTTP import may read: an absolute path that, with every symbolic link
 * and `..` resolved, lies inside one of the configured import roots. Anything else is a 400
 * (and a path outside the roots is refused before its existence is looked at).
 */
export async function resolveImportDirectory(ctx: AppContext, raw: string): Promise<string> {
  if (ctx.config.importRoots.length === 0) throw badRequest('import is disabled; set PINAKES_IMPORT_ROOTS');
  if (raw.includes('\0')) throw invalidField('path', 'must not contain NUL characters');
  if (!path.isAbsolute(raw)) throw invalidField('path', 'must be an absolute path on the server');
  const roots = (await Promise.all(ctx.config.importRoots.map(realDirectory))).filter(
    (root): root is string => root !== undefined,
  );
  const outside = () => invalidField('path', 'is outside the import roots (PINAKES_IMPORT_ROOTS)');
  const lexical = path.resolve(raw);
  if (
    !roots.some((root) => isWithin(root, lexical)) &&
    !ctx.config.importRoots.some((root) => isWithin(root, lexical))
  ) {
    throw outside();
  }
  const real = await realDirectory(lexical);
  if (!real) throw invalidField('path', 'is not a readable directory');
  if (!roots.some((root) => isWithin(root, real))) throw outside();
  if (isWithin(await realDataDir(ctx), real)) throw invalidField('path', 'is inside the data directory');
  return real;
}

/** An import's owner must exist and be allowed to own media. */
async function importOwner(ctx: AppContext, ownerId: string): Promise<string> {
  const owner = await findUserById(ctx.db.kysely, ownerId);
  if (!owner || owner.disabled) throw invalidField('owner_id', 'is not a known user');
  if (!canAddMedia(owner)) throw invalidField('owner_id', 'is a viewer, and viewers do not own media');
  return owner.id;
}

/** Queues an import of a server directory as a background job (admins only; checked by the route). */
export async function startImportJob(
  ctx: AppContext,
  principal: Principal,
  input: { path: string; owner_id?: string | undefined },
): Promise<JobRow> {
  const directory = await resolveImportDirectory(ctx, input.path);
  const ownerId = await importOwner(ctx, input.owner_id ?? principal.userId);
  const now = isoNow(ctx.clock);
  const params: ImportParams = { path: directory, owner_id: ownerId };
  const job: JobRow = {
    id: newId(),
    kind: IMPORT_JOB_KIND,
    owner_id: principal.userId,
    status: 'queued',
    progress_total: 0,
    progress_done: 0,
    params: JSON.stringify(params),
    result: JSON.stringify({ imported: 0, skipped: 0, failed: 0 } satisfies ImportCounts),
    error: null,
    created_at: now,
    updated_at: now,
  };
  await insertJob(ctx.db.kysely, job);
  await startJob(ctx, job.id);
  return (await findJobById(ctx.db.kysely, job.id)) ?? job;
}

export interface ImportProgress extends ImportCounts {
  total: number;
  done: number;
}

export interface ImportOptions {
  directory: string;
  ownerId: string;
  signal?: AbortSignal | undefined;
  /** Files already counted by an earlier run of the same job: walked past without work. */
  skipFirst?: number;
  counts?: ImportCounts;
  onProgress?: (progress: ImportProgress, file: string) => Promise<void> | void;
}

type Outcome = 'imported' | 'skipped';

/** Copies one file into the library unless this owner already has it (by path and stamp, or by hash). */
async function importFile(ctx: AppContext, ownerId: string, file: string): Promise<Outcome> {
  const stat = await fs.promises.lstat(file);
  if (!stat.isFile()) return 'skipped';
  const key = { ownerId, sourcePath: file, sizeBytes: stat.size, modifiedAt: stat.mtime.toISOString() };
  if (await wasImported(ctx.db.kysely, key)) return 'skipped';
  // O_NOFOLLOW: a file swapped for a symbolic link since the walk is refused, not followed.
  const handle = await fs.promises.open(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  const staged = await stageStream(ctx, handle.createReadStream(), Number.MAX_SAFE_INTEGER);
  const [stored] = await storeStaged(ctx, ownerId, [{ staged, fileName: path.basename(file) }]);
  if (!stored) throw new Error('import stored nothing');
  await recordImportedFile(ctx.db.kysely, key, stored.media.id);
  return stored.created ? 'imported' : 'skipped';
}

/**
 * Imports every regular file under `directory` for `ownerId`. Files already imported (same
 * path, size and modification time) or whose bytes the owner already has are skipped; a
 * file that cannot be read counts as failed and the import goes on; a full disk stops it.
 * Stops early, between files, when `signal` aborts.
 */
export async function importDirectory(ctx: AppContext, options: ImportOptions): Promise<ImportProgress> {
  const dataDir = await realDataDir(ctx);
  // Importing the library's own storage would copy it into itself.
  if (isWithin(dataDir, options.directory)) throw badRequest('The data directory cannot be imported.');
  const walk = {
    signal: options.signal,
    exclude: [dataDir],
    onUnreadableDirectory: (dir: string, error: unknown) =>
      ctx.log.warn({ err: error, dir }, 'import skipped an unreadable directory'),
  };
  const total = await countFiles(options.directory, walk);
  const skipFirst = options.skipFirst ?? 0;
  const progress: ImportProgress = {
    total,
    done: Math.min(skipFirst, total),
    imported: 0,
    skipped: 0,
    failed: 0,
    ...options.counts,
  };
  let index = 0;
  for await (const file of walkFiles(options.directory, walk)) {
    if (options.signal?.aborted) break;
    index += 1;
    if (index <= skipFirst) continue;
    try {
      progress[await importFile(ctx, options.ownerId, file)] += 1;
    } catch (error) {
      if (error instanceof AppError && error.code === 'insufficient_storage') throw error;
      progress.failed += 1;
      ctx.log.warn({ err: error, file }, 'import could not take a file');
    }
    progress.done = Math.max(index, progress.done);
    progress.total = Math.max(progress.total, progress.done);
    await options.onProgress?.({ ...progress }, file);
  }
  return progress;
}
