import type { FastifyRequest } from 'fastify';
import type { LinkVisitor } from '../../services/public-links.service.js';

/** Nothing served through a link may be stored by a cache or leak the link through a Referer. */
export const LINK_CACHE_CONTROL = 'private, no-store';

export const visitorOf = (request: FastifyRequest): LinkVisitor => ({
  ip: request.ip,
  userAgent: request.headers['user-agent'],
  actorId: request.auth?.userId ?? null,
});

/** A header value as one string (a repeated header arrives as an array: the first one counts). */
export const headerValue = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

/** The link access token of a file request: the header first, else the query. */
export const accessTokenOf = (
  headers: FastifyRequest['headers'],
  query: { access_token?: string },
): string | undefined => headerValue(headers['x-share-access']) ?? query.access_token;
