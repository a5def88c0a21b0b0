import type { AppContext } from '../context.js';
import { LinkAccessCounter } from './public-link-access-count.js';
import { LinkActivityBuffer } from './public-link-activity.js';
import { VerifiedPasswordCache } from './public-link-password-cache.js';
import { PublicLinkThrottles } from './public-link-throttles.js';
import { LinkTokenMemo } from './link-token-memo.js';
import { SameTurnReads } from './same-turn-reads.js';
import {
  findLinkByTokenHash,
  findLinkForVisit,
  type LinkRow,
  type LinkVisitRow,
} from '../repositories/public-links.repository.js';

/**
 * What link access keeps in memory for one running app: throttles, verified passwords, the
 * activity buffer, the access counter that groups visits of one link into one statement, and
 * the lookups by token hash that visits arriving together share.
 */
export interface PublicLinkState {
  throttles: PublicLinkThrottles;
  passwords: VerifiedPasswordCache;
  activity: LinkActivityBuffer;
  accesses: LinkAccessCounter;
  /** A visit's link with its media item and tags (see findLinkForVisit). */
  visits: SameTurnReads<LinkVisitRow | undefined>;
  /** A link alone, for its file routes (see findLinkByTokenHash). */
  links: SameTurnReads<LinkRow | undefined>;
  tokens: LinkTokenMemo;
}

const states = new WeakMap<AppContext, PublicLinkState>();

/** The app's link state, made on first use; its activity buffer is flushed when the app shuts down. */
export function publicLinkState(ctx: AppContext): PublicLinkState {
  let state = states.get(ctx);
  if (!state) {
    const activity = new LinkActivityBuffer(ctx);
    state = {
      throttles: new PublicLinkThrottles(ctx.clock),
      passwords: new VerifiedPasswordCache(),
      activity,
      accesses: new LinkAccessCounter(ctx),
      visits: new SameTurnReads((tokenHash) => findLinkForVisit(ctx.db.kysely, tokenHash)),
      links: new SameTurnReads((tokenHash) => findLinkByTokenHash(ctx.db.kysely, tokenHash)),
      tokens: new LinkTokenMemo(),
    };
    states.set(ctx, state);
    ctx.onShutdown(() => activity.close());
  }
  return state;
}

/** Writes buffered link activity now (shutdown does this too; tests and the CLI call it directly). */
export async function flushLinkActivity(ctx: AppContext): Promise<void> {
  await states.get(ctx)?.activity.flush();
}
