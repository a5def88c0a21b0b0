import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { tempRoot } from './content-store.js';

const TEMP_PREFIX = 'incoming-';

/** A fresh, unguessable path in the data dir's temp folder (created when missing). */
export async function newTempPath(dataDir: string): Promise<string> {
  const dir = tempRoot(dataDir);
  await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
  return path.join(dir, `${TEMP_PREFIX}${crypto.randomBytes(16).toString('hex')}`);
}

/** Deletes a temp file, ignoring one that is already gone. */
export async function discardTemp(file: string | undefined): Promise<void> {
  if (file) await fs.promises.rm(file, { force: true });
}

/**
 * Removes temp files left behind by a crash. Only files untouched for `maxAgeMs` go, so a
 * file another process (an import from the CLI) is still writing survives.
 */
export async function sweepStaleTempFiles(dataDir: string, now: Date, maxAgeMs: number): Promise<number> {
  const dir = tempRoot(dataDir);
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const file = path.join(dir, name);
    try {
      const stat = await fs.promises.lstat(file);
      if (stat.isFile() && now.getTime() - stat.mtimeMs >= maxAgeMs) {
        await fs.promises.rm(file, { force: true });
        removed += 1;
      }
    } catch {
      // Gone meanwhile: nothing to sweep.
    }
  }
  return removed;
}
