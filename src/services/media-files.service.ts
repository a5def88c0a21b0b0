import { abandonedPendingContent, clearPendingMarker } from '../storage/pending-content.js';
import type { Transaction } from 'kysely';
import type { AppContext } from '../context.js';
import type { Database, MediaRow } from '../db/schema.js';
import { ownerMediaKeys, referencedHashes } from '../repositories/media.repository.js';
import { revokeSharesOfTargets } from '../repositories/share-targets.repository.js';
import { withContentLock } from '../storage/content-lock.js';
import { contentPath, removeContent } from '../storage/content-store.js';

/** The absolute path of an item's bytes in content-addressed storage. */
export function mediaFilePath(ctx: AppContext, media: Pick<MediaRow, 'content_hash'>): string {
  return contentPath(ctx.config.dataDir, media.content_hash);
}

/**
 * Removes the stored bytes (and thumbnails) of each hash that no media row references any
 * more. Call after the deleting transaction has committed. Each hash is checked and removed
 * under its lock, so an upload of the same bytes at that moment keeps its file.
 */
export async function removeUnreferencedContent(ctx: AppContext, hashes: readonly string[]): Promise<void> {
  for (const hash of new Set(hashes)) {
    await withContentLock(hash, async () => {
      const stillUsed = await referencedHashes(ctx.db.kysely, [hash]);
      if (!stillUsed.has(hash)) await removeContent(ctx.config.dataDir, hash);
    });
  }
}

/**
 * For deleting a user: call inside the transaction that deletes them. Ends every share of
 * their media (reshares by others included) and returns the content hashes to pass to
 * `removeUnreferencedContent` once the transaction has committed.
 */
export async function releaseOwnerMedia(
  trx: Transaction<Database>,
  ownerId: string,
  now: string,
): Promise<string[]> {
  const keys = await ownerMediaKeys(trx, ownerId);
  await revokeSharesOfTargets(
    trx,
    'media',
    keys.map((key) => key.id),
    now,
  );
  return keys.map((key) => key.content_hash);
}

/**
 * Deletes a user's media files around `deleteRows` (which deletes the user, and so their
 * media rows, in a transaction it is handed): shares of the media end in that transaction,
 * and the files nobody else references are removed after it commits.
 */
export async function deleteOwnerMediaFiles(
  ctx: AppContext,
  ownerId: string,
  deleteRows: (trx: Transaction<Database>) => Promise<void>,
): Promise<void> {
  const hashes = await ctx.db.kysely.transaction().execute(async (trx) => {
    const released = await releaseOwnerMedia(trx, ownerId, ctx.clock.now().toISOString());
    await deleteRows(trx);
    return released;
  });
  await removeUnreferencedContent(ctx, hashes);
}

/**
 * At start: content a crashed process renamed into the store but never recorded is removed
 * (unless a row refers to it after all), and its markers cleared.
 */
export async function recoverPendingContent(ctx: AppContext): Promise<number> {
  const abandoned = await abandonedPendingContent(ctx.config.dataDir);
  if (abandoned.length === 0) return 0;
  await removeUnreferencedContent(
    ctx,
    abandoned.map((entry) => entry.hash),
  );
  await Promise.all(abandoned.map((entry) => clearPendingMarker(entry.marker)));
  return abandoned.length;
}
