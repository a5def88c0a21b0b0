import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode, type ErrorDetail } from '../errors.js';

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

function detailsFrom(issues: AjvIssue[], context: string | undefined): ErrorDetail[] {
  return issues.map((issue) => {
    let field = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    let message = issue.message ?? 'is invalid';
    if (issue.keyword === 'required') field = join(field, String(issue.params.missingProperty));
    if (issue.keyword === 'additionalProperties') {
      field = join(field, String(issue.params.additionalProperty));
      message = 'is not a known field';
    }
    return { field: field || (context ?? 'body'), message };
  });
}

const join = (base: string, leaf: string) => (base ? `${base}.${leaf}` : leaf);

function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 413) return 'payload_too_large';
  if (status === 429) return 'rate_limited';
  if (status === 503) return 'service_unavailable';
  return status >= 500 ? 'internal_error' : 'bad_request';
}

function send(
  reply: FastifyReply,
  status: number,
  code: ErrorCode,
  message: string,
  details?: ErrorDetail[],
) {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send(details ? { error: code, message, details } : { error: code, message });
}

/**
 * The one error handler: every failure leaves as `{error, message, details?}`.
 * Causes of 5xx are logged here and never reach the client.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request: FastifyRequest, reply) => {
    if (error instanceof AppError) {
      reply.headers(error.headers);
      return send(reply, error.statusCode, error.code, error.message, error.details);
    }
    if (error.validation) {
      // A malformed id in a path names nothing: the same 404 as an unknown one.
      if (error.validationContext === 'params') return send(reply, 404, 'not_found', 'Not found.');
      const details = detailsFrom(error.validation, error.validationContext);
      return send(reply, 400, 'bad_request', 'The request is invalid.', details);
    }
    const status = error.statusCode ?? 500;
    if (status >= 500 || status < 400) {
      request.log.error({ err: error }, 'request failed');
      if (isDatabaseUnavailable(error)) {
        reply.header('retry-after', '5');
        return send(reply, 503, 'service_unavailable', 'The database is unavailable; try again shortly.');
      }
      return send(reply, 500, 'internal_error', 'Something went wrong on our side.');
    }
    const code = codeForStatus(status);
    const message =
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
        ? 'The body is not valid JSON.'
        : code === 'payload_too_large'
          ? 'The request body is too large.'
          : publicMessage(error.message);
    return send(reply, status, code, message);
  });

  app.setNotFoundHandler((request, reply) =>
    send(
      reply,
      404,
      'not_found',
      `No route for ${request.method} ${publicMessage(request.url.split('?')[0] ?? '')}.`,
    ),
  );
}

const BARE_ERROR_HEADERS = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/**
 * Errors the router raises before any route runs (a malformed percent-encoding, a path segment
 * longer than any id): Fastify would answer them itself, in its own shape and echoing the path.
 * A path that cannot be decoded or is too long names nothing: the contract's 404.
 */
export function frameworkErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  // No route and so no hooks ran: the headers every response carries are set here.
  reply.headers(BARE_ERROR_HEADERS);
  if (error.code !== 'FST_ERR_BAD_URL' && error.code !== 'FST_ERR_MAX_PARAM_LENGTH') {
    request.log.error({ err: error }, 'routing failed');
    void send(reply, 500, 'internal_error', 'Something went wrong on our side.');
    return;
  }
  void send(reply, 404, 'not_found', 'Not found.');
}

// Fastify's own 4xx messages are safe and useful ("Body cannot be empty when content-type is
// set to 'application/json'"); cap them so nothing unexpected is echoed at length.
const publicMessage = (message: string) => message.slice(0, 200);

const UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', 'ETIMEDOUT']);

function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE.has(code)) return true;
  return /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Query read timeout/i.test(
    String((error as Error).message),
  );
}
