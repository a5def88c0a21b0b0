import type { Insertable } from 'kysely';
import type { AppContext } from '../context.js';
import type { ShareActivityTable } from '../db/schema.js';
import { insertActivity } from '../repositories/share-activity.repository.js';

type ActivityRow = Insertable<ShareActivityTable>;

const FLUSH_EVERY_MS = 1000;
/** Flush early when this many entries wait, so a burst never builds a huge statement queue. */
const FLUSH_AT = 500;
/** Beyond this many unwritten entries (the database is down), the oldest are dropped and counted. */
const MAX_PENDING = 50_000;

/**
 * Write-behind log of link activity: link opens append here and return at once; the entries
 * reach the database in batches every second, and on shutdown. One flush runs at a time.
 */
export class LinkActivityBuffer {
  private pending: ActivityRow[] = [];
  private flushing: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;
  private dropped = 0;

  constructor(private readonly ctx: Pick<AppContext, 'db' | 'log'>) {
    this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  add(row: ActivityRow): void {
    this.pending.push(row);
    if (this.pending.length > MAX_PENDING) {
      const excess = this.pending.length - MAX_PENDING;
      this.pending.splice(0, excess);
      this.dropped += excess;
    }
    if (this.pending.length >= FLUSH_AT) void this.flush();
  }

  /** Writes everything buffered so far (waits for a flush already running, then writes the rest). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.flushing = this.write(batch).finally(() => {
      this.flushing = undefined;
    });
    await this.flushing;
  }

  private async write(batch: ActivityRow[]): Promise<void> {
    try {
      await insertActivity(this.ctx.db.kysely, batch);
    } catch (error) {
      // Keep the entries for the next flush; the bound above stops unbounded growth.
      this.pending = batch.concat(this.pending);
      this.ctx.log.error({ err: error, entries: batch.length }, 'could not write link activity');
    }
    if (this.dropped > 0) {
      this.ctx.log.error(
        { dropped: this.dropped },
        'link activity dropped while the database was unavailable',
      );
      this.dropped = 0;
    }
  }

  /** Stops the timer and writes what is left. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
