/** A failed API call, with the server's own words: `{error, message, details}`. */
export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldProblem[] = [],
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** A 401/403/404 etc. worth no automatic retry. */
  get isClientError(): boolean {
    return this.status >= 400 && this.status < 500;
  }
}

const NETWORK_MESSAGE = 'Could not reach the server. Check your connection and try again.';

function isErrorBody(value: unknown): value is { error: string; message: string; details?: unknown } {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Record<string, unknown>;
  return typeof body.error === 'string' && typeof body.message === 'string';
}

function detailsOf(value: unknown): FieldProblem[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (item): item is FieldProblem =>
      typeof item === 'object' &&
      item !== null &&
      typeof (item as FieldProblem).field === 'string' &&
      typeof (item as FieldProblem).message === 'string',
  );
}

function retryAfter(response: Response): number | null {
  const header = response.headers.get('retry-after');
  if (!header) return null;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : null;
}

/** Builds an ApiError from an error response and its (already parsed, if any) body. */
export function apiErrorFrom(response: Response, body: unknown): ApiError {
  if (isErrorBody(body)) {
    return new ApiError(
      response.status,
      body.error,
      body.message,
      detailsOf(body.details),
      retryAfter(response),
    );
  }
  const fallback =
    response.status === 413
      ? 'The file is too large for this server.'
      : response.status >= 500
        ? 'The server ran into a problem. Try again in a moment.'
        : `The request failed (${response.status} ${response.statusText}).`;
  return new ApiError(
    response.status,
    response.status >= 500 ? 'internal_error' : 'bad_request',
    fallback,
    [],
    retryAfter(response),
  );
}

export function networkError(): ApiError {
  return new ApiError(0, 'network_error', NETWORK_MESSAGE);
}

const FIELD_NAMES: Record<string, string> = {
  expires_at: 'Expiry',
  expires_in_hours: 'Expiry',
  max_access_count: 'Use limit',
  recipient_user_id: 'Recipient',
  recipient_group_id: 'Group',
  share_ids: 'Selection',
};

function fieldLabel(field: string): string {
  const known = FIELD_NAMES[field];
  if (known) return known;
  const leaf = field.split('.').pop() ?? field;
  const words = leaf.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** One sentence (or a few) a person can read, for any thrown value. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const parts = error.details.map((detail) => `${fieldLabel(detail.field)}: ${detail.message}.`);
    const base = error.message.trim();
    const retry =
      error.retryAfterSeconds !== null
        ? ` Try again in ${error.retryAfterSeconds < 60 ? `${error.retryAfterSeconds} s` : `${Math.ceil(error.retryAfterSeconds / 60)} min`}.`
        : '';
    return [base + retry, ...parts].join(' ').trim();
  }
  if (error instanceof TypeError) return NETWORK_MESSAGE;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}
