import type { AppContext } from '../context.js';
import { LinkAccessCounter } from './public-link-access-count.js';
import { LinkActivityBuffer } from './public-link-activity.js';
import { VerifiedPasswordCache } from './public-link-password-cache.js';
import { PublicLinkThrottles } from './public-link-throttles.js';

/**
 * What link access keeps in memory for one running app: throttles, verified passwords, the
 * activity buffer and the access counter that groups visits of one link into one statement.
 */
export interface PublicLinkState {
  throttles: PublicLinkThrottles;
  passwords: VerifiedPasswordCache;
  activity: LinkActivityBuffer;
  accesses: LinkAccessCounter;
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
