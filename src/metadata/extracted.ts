/** What metadata extraction learns about a file. */
export interface ExtractedMedia {
  width: number | null;
  height: number | null;
  duration_secs: number | null;
  /** A title embedded in the file (ID3, PDF Info), preferred over the file name. */
  title?: string | undefined;
  /** JSON-safe facts shown with the item and indexed for search; snake_case keys. */
  metadata: Record<string, string | number | boolean>;
  /** Leading text of a text document, for full-text search. */
  content?: string | undefined;
}

export const emptyExtraction = (): ExtractedMedia => ({
  width: null,
  height: null,
  duration_secs: null,
  metadata: {},
});

const MAX_STRING = 1000;

/** Keeps a value only when it is a usable scalar; trims and caps strings, drops NaN and Infinity. */
export function cleanValue(value: unknown): string | number | boolean | undefined {
  if (typeof value === 'string') {
    // eslint-disable-next-line no-control-regex
    const text = value.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
    return text ? text.slice(0, MAX_STRING) : undefined;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return value;
  return undefined;
}

/** Copies the usable values into `target` under their keys. */
export function putValues(
  target: Record<string, string | number | boolean>,
  values: Record<string, unknown>,
): void {
  for (const [key, value] of Object.entries(values)) {
    const clean = cleanValue(value);
    if (clean !== undefined) target[key] = clean;
  }
}

export const positiveInteger = (value: unknown): number | null =>
  typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null;

export const positiveNumber = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
