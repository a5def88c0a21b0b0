import { isIPv4, isIPv6 } from 'node:net';
import type { Clock } from '../lib/clock.js';
import { FailureThrottle } from '../lib/throttle.js';

/** Wrong passwords allowed per link and address before the address must wait. */
export const PASSWORD_FAILURE_LIMIT = 5;
export const PASSWORD_FAILURE_WINDOW_MS = 15 * 60 * 1000;
/** Unknown tokens one address may try before it must wait (guessing links is pointless, but cheap to stop). */
export const UNKNOWN_LINK_LIMIT = 30;
export const UNKNOWN_LINK_WINDOW_MS = 10 * 60 * 1000;

/** Expands an IPv6 address to its eight 16-bit groups (handles `::` and a trailing IPv4 part). */
function ipv6Groups(address: string): number[] {
  let text = address.split('%')[0] ?? address;
  const embedded = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (embedded?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = embedded[1].split('.').map(Number);
    text = `${text.slice(0, -embedded[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::', 2) as [string, string | undefined];
  const parse = (part: string) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const missing = 8 - left.length - right.length;
  return [...left, ...new Array<number>(Math.max(0, missing)).fill(0), ...right];
}

/**
 * The key a client is throttled by. IPv4 addresses stand alone; an IPv6 client usually owns
 * a whole /64, so its addresses are bucketed by that prefix (one host cannot rotate past the
 * limit). IPv4-mapped IPv6 addresses count as their IPv4 address.
 */
export function clientAddressKey(address: string): string {
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return address;
  const groups = ipv6Groups(address);
  const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  if (mapped) {
    const [high = 0, low = 0] = groups.slice(6);
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

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
