/*
 * Serialises work on one content hash within this process: storing new bytes plus inserting
 * the row that references them, against counting references plus deleting the bytes. Without
 * it a delete could remove a file that a concurrent upload of the same bytes has just decided
 * to reuse.
 */
const tails = new Map<string, Promise<void>>();

export async function withContentLock<T>(hash: string, work: () => Promise<T>): Promise<T> {
  const previous = tails.get(hash) ?? Promise.resolve();
  let release!: () => void;
  const current = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = previous.then(() => current);
  tails.set(hash, tail);
  await previous;
  try {
    return await work();
  } finally {
    release();
    if (tails.get(hash) === tail) tails.delete(hash);
  }
}

/** Takes the locks of several hashes in a fixed order (no deadlock between two callers). */
export async function withContentLocks<T>(hashes: readonly string[], work: () => Promise<T>): Promise<T> {
  const sorted = [...new Set(hashes)].sort();
  const run = (index: number): Promise<T> =>
    index >= sorted.length ? work() : withContentLock(sorted[index] as string, () => run(index + 1));
  return run(0);
}
