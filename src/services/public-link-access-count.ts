import type { AppContext } from '../context.js';
import { countLinkAccess, countUnlimitedLinkAccesses } from '../repositories/public-links.repository.js';

interface Batch {
  count: number;
  /** The latest visit time in the batch (it becomes last_accessed_at). */
  at: string;
  /** Settles once the batch is written: true when counted, false when each visit must count alone. */
  done: Promise<boolean>;
  settle(counted: boolean | Error): void;
}

function newBatch(at: string): Batch {
  let settle: Batch['settle'] = () => {};
  const done = new Promise<boolean>((resolve, reject) => {
    settle = (counted) => (counted instanceof Error ? reject(counted) : resolve(counted));
  });
  return { count: 0, at, done, settle };
}

/**
 * Counts visits to links without a use limit, many to one statement: while one `UPDATE ...
 * access_count + n` for a link is running, the visits that arrive join the next one. Every
 * visit still waits for its own count to be committed before it is answered (nothing is lost
 * in a crash), but 50 visitors of one link no longer queue on its row lock one commit each.
 * Links with a limit are counted one statement per visit (never past the limit).
 */
export class LinkAccessCounter {
  /** Per link: the batch being written, the one filling up behind it, and whether it is due. */
  private readonly links = new Map<string, { writing: Batch | null; next: Batch | null; due: boolean }>();

  constructor(private readonly ctx: Pick<AppContext, 'db'>) {}

  /**
   * Counts one visit to a link that had no use limit when it was looked up. False when the
   * link was revoked, expired or given a limit that is used up since: the visit is refused.
   */
  async countUnlimited(shareId: string, at: string): Promise<boolean> {
    let link = this.links.get(shareId);
    if (!link) {
      link = { writing: null, next: null, due: false };
      this.links.set(shareId, link);
    }
    const batch = (link.next ??= newBatch(at));
    batch.count += 1;
    if (at > batch.at) batch.at = at;
    if (!link.writing && !link.due) {
      // Written once this turn of the event loop has read every request that arrived with this
      // one (on SQLite a statement completes at once, so without this each visit is its own batch).
      link.due = true;
      setImmediate(() => this.writeNext(shareId));
    }
    if (await batch.done) return true;
    // The link changed under the batch: count this visit alone, under whatever rules it has now.
    return countLinkAccess(this.ctx.db.kysely, shareId, at);
  }

  private writeNext(shareId: string): void {
    const link = this.links.get(shareId);
    const batch = link?.next;
    if (!link || !batch) {
      this.links.delete(shareId);
      return;
    }
    link.due = false;
    link.writing = batch;
    link.next = null;
    countUnlimitedLinkAccesses(this.ctx.db.kysely, shareId, batch.count, batch.at).then(
      (counted) => this.finish(shareId, batch, counted),
      (error: unknown) =>
        this.finish(shareId, batch, error instanceof Error ? error : new Error(String(error))),
    );
  }

  private finish(shareId: string, batch: Batch, outcome: boolean | Error): void {
    const link = this.links.get(shareId);
    if (link) link.writing = null;
    batch.settle(outcome);
    this.writeNext(shareId);
  }
}
