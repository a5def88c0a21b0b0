import fs from 'node:fs';
import path from 'node:path';

/*
 * Content-addressed storage: every stored file is named by the SHA-256 of its bytes,
 * `<dataDir>/media/ab/cd/<hash>`, so identical uploads share one file and a path can never
 * come from client input. Thumbnails live beside it in `<dataDir>/thumbnails`, and files in
 * flight in `<dataDir>/tmp` (the same filesystem, so a finished file is renamed into place
 * atomically).
 */

const HASH_PATTERN = /^[0-9a-f]{64}$/;

export function assertContentHash(hash: string): void {
  if (!HASH_PATTERN.test(hash)) throw new Error('not a SHA-256 content hash');
}

export const mediaRoot = (dataDir: string) => path.join(dataDir, 'media');
export const thumbnailRoot = (dataDir: string) => path.join(dataDir, 'thumbnails');
export const tempRoot = (dataDir: string) => path.join(dataDir, 'tmp');

/** Where the bytes with this hash live. */
export function contentPath(dataDir: string, hash: string): string {
  assertContentHash(hash);
  return path.join(mediaRoot(dataDir), hash.slice(0, 2), hash.slice(2, 4), hash);
}

/** Where the thumbnail of this content at this size lives. */
export function thumbnailPath(dataDir: string, hash: string, size: number): string {
  assertContentHash(hash);
  if (!Number.isSafeInteger(size) || size <= 0) throw new Error('invalid thumbnail size');
  return path.join(thumbnailRoot(dataDir), `${hash}-${size}.webp`);
}

/** Flushes a directory entry (a rename or a new file in it) to disk; best effort where unsupported. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(dir, 'r');
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on directories; the file itself is already synced.
  } finally {
    await handle?.close().catch(() => {});
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.promises.access(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Moves a finished, fsynced temp file into the store under its hash. When the content is
 * already stored the existing file is kept and the temp file dropped. Returns whether a new
 * file was created (the caller may have to remove it again if its database write fails).
 */
export async function commitContent(dataDir: string, tempPath: string, hash: string): Promise<boolean> {
  const target = contentPath(dataDir, hash);
  if (await exists(target)) {
    await fs.promises.rm(tempPath, { force: true });
    return false;
  }
  await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  await fs.promises.chmod(tempPath, 0o600);
  await fs.promises.rename(tempPath, target);
  await syncDirectory(path.dirname(target));
  return true;
}

/** Every thumbnail file of a content hash, whatever its size. */
async function thumbnailsOf(dataDir: string, hash: string): Promise<string[]> {
  assertContentHash(hash);
  try {
    const names = await fs.promises.readdir(thumbnailRoot(dataDir));
    return names
      .filter((name) => name.startsWith(`${hash}-`))
      .map((name) => path.join(thumbnailRoot(dataDir), name));
  } catch {
    return [];
  }
}

/** Removes stored bytes and their thumbnails. Missing files are not an error. */
export async function removeContent(dataDir: string, hash: string): Promise<void> {
  await fs.promises.rm(contentPath(dataDir, hash), { force: true });
  for (const thumbnail of await thumbnailsOf(dataDir, hash)) await fs.promises.rm(thumbnail, { force: true });
}
