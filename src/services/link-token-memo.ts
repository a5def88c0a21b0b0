import type { AppContext } from '../context.js';
import { signToken } from './tokens.service.js';

/** Links remembered at most; past this the memo starts again (it only saves work). */
const MAX_LINKS = 10_000;

/**
 * The access token of a link version, signed once a second. A link token holds nothing but the
 * link, its version and the second it was issued in (and its expiry, counted from that second),
 * so every visitor of one second gets the very token a fresh signature would give them.
 */
export class LinkTokenMemo {
  private readonly signed = new Map<string, { second: number; token: string; expiresAt: Date }>();

  async sign(
    ctx: Pick<AppContext, 'keys' | 'clock'>,
    link: { id: string; state_version: number },
    ttlSeconds: number,
  ): Promise<{ token: string; expiresAt: Date }> {
    const second = Math.floor(ctx.clock.now().getTime() / 1000);
    const key = `${link.id}:${link.state_version}:${ttlSeconds}`;
    const known = this.signed.get(key);
    if (known?.second === second) return known;
    const fresh = await signToken(ctx, 'pinakes:link', link.id, ttlSeconds, { v: link.state_version });
    if (this.signed.size >= MAX_LINKS) this.signed.clear();
    this.signed.set(key, { second, ...fresh });
    return fresh;
  }
}
