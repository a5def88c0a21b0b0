import { clientAddressKey } from '../lib/client-address.js';
import type { Clock } from '../lib/clock.js';
import { FailureThrottle } from '../lib/throttle.js';

/** Wrong passwords allowed per link and address before the address must wait. */
export const PASSWORD_FAILURE_LIMIT = 5;
export const PASSWORD_FAILURE_WINDOW_MS = 15 * 60 * 1000;
/** Unknown tokens one address may try before it must wait (guessing links is pointless, but cheap to stop). */
export const UNKNOWN_LINK_LIMIT = 30;
export const UNKNOWN_LINK_WINDOW_MS = 10 * 60 * 1000;

/** The per-process throttles of link access. */
export class PublicLinkThrottles {
  private readonly passwords: FailureThrottle;
  private readonly unknownLinks: FailureThrottle;

  constructor(clock: Clock) {
    this.passwords = new FailureThrottle(clock, PASSWORD_FAILURE_LIMIT, PASSWORD_FAILURE_WINDOW_MS);
    this.unknownLinks = new FailureThrottle(clock, UNKNOWN_LINK_LIMIT, UNKNOWN_LINK_WINDOW_MS);
  }

  /** Keyed by link and address: a stranger failing cannot lock the link for everyone else. */
  private passwordKey(shareId: string, address: string): string {
    return `${shareId}|${clientAddressKey(address)}`;
  }

  passwordRetryAfter(shareId: string, address: string): number {
    return this.passwords.retryAfterSeconds(this.passwordKey(shareId, address));
  }

  passwordFailed(shareId: string, address: string): void {
    this.passwords.fail(this.passwordKey(shareId, address));
  }

  passwordSucceeded(shareId: string, address: string): void {
    this.passwords.reset(this.passwordKey(shareId, address));
  }

  unknownLinkRetryAfter(address: string): number {
    return this.unknownLinks.retryAfterSeconds(clientAddressKey(address));
  }

  unknownLink(address: string): void {
    this.unknownLinks.fail(clientAddressKey(address));
  }
}
