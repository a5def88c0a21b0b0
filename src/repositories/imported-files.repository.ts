import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface ImportedFileKey {
  ownerId: string;
  sourcePath: string;
  sizeBytes: number;
  modifiedAt: string;
}

/** True when this owner already imported this path with this size and modification time. */
export async function wasImported(db: Executor, key: ImportedFileKey): Promise<boolean> {
  const row = await db
    .selectFrom('imported_files')
    .select('media_id')
    .where('owner_id', '=', key.ownerId)
    .where('source_path', '=', key.sourcePath)
    .where('size_bytes', '=', key.sizeBytes)
    .where('modified_at', '=', key.modifiedAt)
    .executeTakeFirst();
  return row !== undefined;
}

/** Remembers that a path became (or matched) a media item, replacing an older record of it. */
export async function recordImportedFile(db: Executor, key: ImportedFileKey, mediaId: string): Promise<void> {
  await db
    .insertInto('imported_files')
    .values({
      owner_id: key.ownerId,
      source_path: key.sourcePath,
      size_bytes: key.sizeBytes,
      modified_at: key.modifiedAt,
      media_id: mediaId,
    })
    .onConflict((conflict) =>
      conflict.columns(['owner_id', 'source_path']).doUpdateSet({
        size_bytes: key.sizeBytes,
        modified_at: key.modifiedAt,
        media_id: mediaId,
      }),
    )
    .execute();
}
