import fs from 'node:fs';
import path from 'node:path';

/*
 * The files an import takes from a directory tree: regular files only, in a stable (sorted)
 * order so a resumed import can skip what it already counted. Symbolic links are never
 * followed (so nothing outside the tree is reached), hidden entries (".name") are skipped,
 * and so is the data directory itself should the tree contain it.
 */

const MAX_DEPTH = 64;

export interface WalkOptions {
  signal?: AbortSignal | undefined;
  /** Absolute paths never to enter (the data directory). */
  exclude?: readonly string[];
  onUnreadableDirectory?: (dir: string, error: unknown) => void;
}

async function entriesOf(dir: string): Promise<fs.Dirent[]> {
  const entries = await fs.promises.readdir(dir, { withFileTypes: true });
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export async function* walkFiles(root: string, options: WalkOptions = {}, depth = 0): AsyncGenerator<string> {
  let entries: fs.Dirent[];
  try {
    entries = await entriesOf(root);
  } catch (error) {
    if (depth === 0) throw error;
    options.onUnreadableDirectory?.(root, error);
    return;
  }
  for (const entry of entries) {
    if (options.signal?.aborted) return;
    if (entry.name.startsWith('.')) continue;
    const full = path.join(root, entry.name);
    if (options.exclude?.includes(full)) continue;
    if (entry.isDirectory()) {
      if (depth < MAX_DEPTH) yield* walkFiles(full, options, depth + 1);
    } else if (entry.isFile()) {
      yield full;
    }
  }
}

export async function countFiles(root: string, options: WalkOptions = {}): Promise<number> {
  let count = 0;
  for await (const file of walkFiles(root, options)) {
    void file;
    count += 1;
  }
  return count;
}

/** True when `candidate` is `root` or inside it (both real, absolute paths). */
export function isWithin(root: string, candidate: string): boolean {
  if (candidate === root) return true;
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  return candidate.startsWith(prefix);
}
