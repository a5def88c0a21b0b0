import type { FastifyRequest } from 'fastify';

const SECRET_HEADERS = ['authorization', 'cookie', '"x-share-password"', '"x-share-access"'];

/**
 * Headers that carry secrets; pino replaces their values in every log line: on the request,
 * and wherever a plugin logs a copy of the headers one or two levels down (the multipart
 * parser logs its busboy options, headers included, at trace level).
 */
export const REDACTED_LOG_PATHS = SECRET_HEADERS.flatMap((header) => {
  const key = header.startsWith('"') ? `[${header}]` : `.${header}`;
  return [`req.headers${key}`, `headers${key}`, `*.headers${key}`, `*.*.headers${key}`];
});

const SECRET_QUERY_PARAMS = ['password', 'access_token', 'token', 'refresh_token'];

/** The URL as logged: secret query parameters replaced, and link tokens in paths cut short. */
export function redactUrl(url: string): string {
  const [path = '', query] = url.split('?', 2) as [string, string | undefined];
  const safePath = path.replace(/\/(shared|s)\/([^/]{6})[^/]*/, '/$1/$2…');
  if (!query) return safePath;
  const params = new URLSearchParams(query);
  for (const name of SECRET_QUERY_PARAMS) if (params.has(name)) params.set(name, '[redacted]');
  return `${safePath}?${params.toString()}`;
}

export function requestLogSerializer(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    remoteAddress: request.ip,
  };
}
