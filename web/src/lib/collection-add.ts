import { ApiError, describeError } from '../api/errors';

/** At most this many ids per request (the server's limit). */
export const ADD_BATCH_LIMIT = 500;

/**
 * The server's refusal of an addition, in words: its field details name items by position
 * (`media_ids.3`), which are turned back into the names the person picked.
 */
export function describeAddError(
  error: unknown,
  picked: ReadonlyArray<{ id: string; name: string }>,
): string {
  if (!(error instanceof ApiError) || error.details.length === 0) return describeError(error);
  const named: string[] = [];
  for (const detail of error.details) {
    const match = /^media_ids\.(\d+)$/.exec(detail.field);
    const item = match ? picked[Number(match[1])] : undefined;
    if (!item) return describeError(error);
    named.push(`“${item.name}” ${detail.message}.`);
  }
  return [error.message, ...named].join(' ');
}
