/**
 * The one error type services throw. The error handler turns it into the
 * contract's `{error, message, details?}` body; anything else becomes a 500
 * `internal_error` whose cause is logged, never sent.
 */
export const ERROR_CODES = {
  bad_request: 400,
  unauthorized: 401,
  password_required: 401,
  invalid_password: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
  insufficient_storage: 507,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorDetail {
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly statusCode: number;
  /** Extra response headers, e.g. `Retry-After` on 429. */
  readonly headers: Record<string, string>;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.statusCode = ERROR_CODES[code];
    this.headers = headers;
  }
}

export const badRequest = (message: string, details?: ErrorDetail[]) =>
  new AppError('bad_request', message, details);
/** One field is wrong: a 400 whose details name it. */
export const invalidField = (field: string, message: string) =>
  new AppError('bad_request', message, [{ field, message }]);
export const unauthorized = (message = 'Authentication is required.') =>
  new AppError('unauthorized', message);
export const forbidden = (message = 'You may not do that.') => new AppError('forbidden', message);
export const notFound = (what = 'Resource') => new AppError('not_found', `${what} not found.`);
export const rateLimited = (retryAfterSeconds: number, message = 'Too many attempts.') =>
  new AppError('rate_limited', message, undefined, {
    'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))),
  });
