import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { tempRoot } from './content-store.js';

/*
 * A content file is renamed into the store before its media row commits. A crash between the
 * two would leave a file nothing refers to, so a marker names the hash (and the writing process)
 * for that moment; at start, markers of dead processes are checked against the database.
 * Only markers are read, never the whole store, so start-up cost does not grow with the library.
 */
const MARKER_PREFIX = 'pending-';

/** Records that `hash` is being added by this process; returns the marker to clear afterwards. */
export async function markPendingContent(dataDir: string, hash: string): Promise<string> {
  const dir = tempRoot(dataDir);
  await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
  const marker = path.join(
    dir,
    `${MARKER_PREFIX}${process.pid}-${hash}-${crypto.randomBytes(4).toString('hex')}`,
  );
  await fs.promises.writeFile(marker, '', { mode: 0o600 });
  return marker;
}

export async function clearPendingMarker(marker: string): Promise<void> {
  await fs.promises.rm(marker, { force: true });
}

function processIsAlive(pid: number): boolean {
  if (pid === process.pid) return false; // At start this process has nothing in flight yet.
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Markers left by processes that are gone: `{marker, hash}` for each. */
export async function abandonedPendingContent(
  dataDir: string,
): Promise<Array<{ marker: string; hash: string }>> {
  let names: string[];
  try {
    names = await fs.promises.readdir(tempRoot(dataDir));
  } catch {
    return [];
  }
  const abandoned: Array<{ marker: string; hash: string }> = [];
  for (const name of names) {
    const match = /^pending-(\d+)-([0-9a-f]{64})-[0-9a-f]+$/.exec(name);
    if (!match || processIsAlive(Number(match[1]))) continue;
    abandoned.push({ marker: path.join(tempRoot(dataDir), name), hash: match[2] as string });
  }
  return abandoned;
}
