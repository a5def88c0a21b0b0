/*
 * HTTP Range (RFC 9110 §14) for one representation of a known size. One range is served as
 * 206; a request for several ranges is answered with the whole file (200), which the RFC
 * allows and which every client handles, instead of multipart/byteranges.
 */

export type RangeOutcome =
  { kind: 'full' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

const RANGE_SPEC = /^(\d*)-(\d*)$/;

/** Reads a `Range` header against a size. Unknown units and malformed values mean "whole file". */
export function parseRange(header: string | undefined, size: number): RangeOutcome {
  if (!header) return { kind: 'full' };
  const match = /^\s*bytes\s*=\s*(.+)$/i.exec(header);
  if (!match?.[1]) return { kind: 'full' };
  const specs = match[1]
    .split(',')
    .map((spec) => spec.trim())
    .filter(Boolean);
  if (specs.length !== 1) return { kind: 'full' };
  const parts = RANGE_SPEC.exec(specs[0] as string);
  if (!parts) return { kind: 'full' };
  const [, first = '', last = ''] = parts;
  if (first === '' && last === '') return { kind: 'full' };
  if (first === '') {
    // Suffix: the last N bytes.
    const suffix = Number(last);
    if (!Number.isSafeInteger(suffix)) return { kind: 'full' };
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) return { kind: 'full' };
  if (last !== '' && end < start) return { kind: 'full' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end: Math.min(end, size - 1) };
}

/** The entity tags listed in an If-None-Match / If-Match header (`*` kept as is). */
export function entityTags(header: string): string[] {
  return header
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
}

const opaque = (tag: string) => tag.replace(/^W\//, '');

/** If-None-Match uses the weak comparison: `W/"x"` matches `"x"`. */
export function noneMatchHits(header: string, etag: string): boolean {
  return entityTags(header).some((tag) => tag === '*' || opaque(tag) === opaque(etag));
}

/** HTTP dates have one-second resolution. */
export const toHttpSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

export function parseHttpDate(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time);
}

/**
 * If-Range: the range applies only when the validator still describes the file: a strong
 * ETag equal to ours, or a date equal to our Last-Modified.
 */
export function ifRangeHolds(header: string | undefined, etag: string, lastModified: Date): boolean {
  if (!header) return true;
  const value = header.trim();
  if (value.startsWith('"') || value.startsWith('W/')) return value === etag;
  const date = parseHttpDate(value);
  return date !== undefined && toHttpSeconds(date) === toHttpSeconds(lastModified);
}
