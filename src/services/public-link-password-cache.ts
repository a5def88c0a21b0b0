import crypto from 'node:crypto';

/**
 * Remembers, per link and link version, a keyed digest of the password that last proved
 * right, so a visitor who re-sends the same password does not cost another Argon2 run.
 * The digest is an HMAC under a key that lives only in this process (a memory dump gives
 * no fast way to test guesses offline). Bounded: the least recently used entries go first.
 * Any change to a link bumps its version, so a changed password never matches a stale entry.
 */
export class VerifiedPasswordCache {
  private readonly key = crypto.randomBytes(32);
  private readonly entries = new Map<string, Buffer>();

  constructor(private readonly maxEntries = 10_000) {}

  private digest(password: string): Buffer {
    return crypto.createHmac('sha256', this.key).update(password, 'utf8').digest();
  }

  private static slot(shareId: string, stateVersion: number): string {
    return `${shareId}:${stateVersion}`;
  }

  /** True when this password was verified for this link version before. Constant-time compare. */
  has(shareId: string, stateVersion: number, password: string): boolean {
    const slot = VerifiedPasswordCache.slot(shareId, stateVersion);
    const known = this.entries.get(slot);
    if (!known) return false;
    const matches = crypto.timingSafeEqual(known, this.digest(password));
    if (matches) {
      // Touch: move to the most recently used end.
      this.entries.delete(slot);
      this.entries.set(slot, known);
    }
    return matches;
  }

  remember(shareId: string, stateVersion: number, password: string): void {
    const slot = VerifiedPasswordCache.slot(shareId, stateVersion);
    this.entries.delete(slot);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(slot, this.digest(password));
  }
}
