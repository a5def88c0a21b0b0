import { clearPendingMarker, markPendingContent } from '../storage/pending-content.js';
import type { Readable } from 'node:stream';
import type { AppContext } from '../context.js';
import type { MediaRow, NewMedia } from '../db/schema.js';
import { isoNow } from '../lib/clock.js';
import { sanitizeFileName, titleFromFileName } from '../lib/file-names.js';
import { newId } from '../lib/ids.js';
import { extractMetadata } from '../metadata/extract.js';
import { sniffFile } from '../metadata/sniff.js';
import { findOwnerMediaByHashes, insertMediaUnlessDuplicate } from '../repositories/media.repository.js';
import { buildSearchText } from '../repositories/search.repository.js';
import { withContentLocks } from '../storage/content-lock.js';
import { commitContent } from '../storage/content-store.js';
import { isOutOfSpace, outOfSpace, writeHashed } from '../storage/hashing-writer.js';
import { discardTemp, newTempPath } from '../storage/temp-files.js';
import { removeUnreferencedContent } from './media-files.service.js';

/*
 * The one way bytes enter the library, for uploads and imports alike:
 * 1. stage: stream into a temp file in the data dir, hashing as it goes (nothing in the DB);
 * 2. store: sniff the type, extract metadata, move the file into content-addressed storage
 *    and insert the rows in one transaction. An owner's second copy of the same bytes is the
 *    existing item. If anything fails, temp files go and stored files nobody references go.
 */

export interface StagedFile {
  tempPath: string;
  hash: string;
  size: number;
}

export interface IncomingFile {
  staged: StagedFile;
  /** The client's name for it: cleaned before use, only ever displayed. */
  fileName: string | undefined;
  title?: string | undefined;
  description?: string | null | undefined;
}

export interface StoredFile {
  media: MediaRow;
  /** False when the owner already had these bytes and the existing item is returned. */
  created: boolean;
}

/** Streams a file into a temp file, hashing it; the temp file is removed if anything fails. */
export async function stageStream(ctx: AppContext, source: Readable, maxBytes: number): Promise<StagedFile> {
  let tempPath: string | undefined;
  try {
    tempPath = await newTempPath(ctx.config.dataDir);
    const written = await writeHashed(source, tempPath, maxBytes);
    return { tempPath, ...written };
  } catch (error) {
    source.destroy();
    await discardTemp(tempPath).catch(() => {});
    if (isOutOfSpace(error)) throw outOfSpace();
    throw error;
  }
}

export async function discardStaged(files: readonly { staged: StagedFile }[]): Promise<void> {
  await Promise.all(files.map((file) => discardTemp(file.staged.tempPath).catch(() => {})));
}

async function describe(
  ctx: AppContext,
  ownerId: string,
  file: IncomingFile,
  now: string,
): Promise<NewMedia> {
  const fileName = sanitizeFileName(file.fileName);
  const sniffed = await sniffFile(file.staged.tempPath, fileName);
  const extracted = await extractMetadata(file.staged.tempPath, sniffed, ctx.log);
  const title = file.title ?? extracted.title ?? titleFromFileName(fileName);
  const description = file.description ?? null;
  return {
    id: newId(),
    owner_id: ownerId,
    title,
    description,
    file_name: fileName,
    media_type: sniffed.mediaType,
    mime_type: sniffed.mimeType,
    size_bytes: file.staged.size,
    content_hash: file.staged.hash,
    width: extracted.width,
    height: extracted.height,
    duration_secs: extracted.duration_secs,
    metadata: JSON.stringify(extracted.metadata),
    search_text: buildSearchText({
      title,
      file_name: fileName,
      description,
      tags: [],
      metadata: extracted.metadata,
      content: extracted.content,
    }),
    created_at: now,
    updated_at: now,
  };
}

/**
 * Turns staged files into media items of `ownerId`, all or nothing. Consumes the temp files
 * whatever happens. Returns one entry per input, in order.
 */
export async function storeStaged(
  ctx: AppContext,
  ownerId: string,
  files: readonly IncomingFile[],
): Promise<StoredFile[]> {
  const hashes = files.map((file) => file.staged.hash);
  const createdFiles: string[] = [];
  const markers: string[] = [];
  try {
    return await withContentLocks(hashes, async () => {
      const existing = await findOwnerMediaByHashes(ctx.db.kysely, ownerId, hashes);
      const now = isoNow(ctx.clock);
      const fresh = new Map<string, NewMedia>();
      for (const file of files) {
        const hash = file.staged.hash;
        if (existing.has(hash) || fresh.has(hash)) continue;
        fresh.set(hash, await describe(ctx, ownerId, file, now));
        markers.push(await markPendingContent(ctx.config.dataDir, hash));
        if (await commitContent(ctx.config.dataDir, file.staged.tempPath, hash).catch(failStoring)) {
          createdFiles.push(hash);
        }
      }
      const inserted = new Set<string>();
      const rows = await ctx.db.kysely.transaction().execute(async (trx) => {
        for (const [hash, media] of fresh) {
          if (await insertMediaUnlessDuplicate(trx, media)) inserted.add(hash);
        }
        return findOwnerMediaByHashes(trx, ownerId, hashes);
      });
      return files.map((file) => {
        const media = rows.get(file.staged.hash);
        if (!media) throw new Error('stored media row vanished');
        return {
          media,
          created: inserted.has(file.staged.hash) && fresh.get(file.staged.hash)?.id === media.id,
        };
      });
    });
  } catch (error) {
    // New files whose rows were never written must not stay behind.
    await removeUnreferencedContent(ctx, createdFiles).catch((cause: unknown) =>
      ctx.log.error({ err: cause }, 'could not remove unreferenced content after a failed store'),
    );
    throw error;
  } finally {
    await discardStaged(files);
    await Promise.all(markers.map(clearPendingMarker));
  }
}

function failStoring(error: unknown): never {
  if (isOutOfSpace(error)) throw outOfSpace();
  throw error;
}
