import type { FastifyInstance } from 'fastify';
import cors from '@fastify/cors';

/**
 * Cross-origin access, off unless PINAKES_CORS_ORIGINS names origins. The app itself is
 * same-origin and needs none. Allowed origins are matched exactly (never `*`), and no
 * credentials mode is offered: the API authenticates with bearer tokens, not cookies, so a
 * foreign page can never ride a visitor's session.
 */
export async function installCors(app: FastifyInstance, allowedOrigins: readonly string[]): Promise<void> {
  if (allowedOrigins.length === 0) return;
  await app.register(cors, {
    origin: [...allowedOrigins],
    credentials: false,
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'PUT', 'DELETE'],
    allowedHeaders: [
      'authorization',
      'content-type',
      'range',
      'if-none-match',
      'if-modified-since',
      'if-range',
      'x-share-password',
      'x-share-access',
    ],
    exposedHeaders: [
      'x-total-count',
      'x-next-cursor',
      'retry-after',
      'content-range',
      'content-disposition',
      'etag',
    ],
    maxAge: 600,
    strictPreflight: true,
  });
}
