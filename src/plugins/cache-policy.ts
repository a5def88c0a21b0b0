import type { FastifyInstance } from 'fastify';
import { API_PREFIX } from '../routes/prefix.js';

/** What an API answer is by default: for this client only, never kept by any cache. */
export const API_CACHE_CONTROL = 'private, no-store';

const API_PATH_START = `${API_PREFIX}/`;

/**
 * Every API response that does not say otherwise carries `Cache-Control: private, no-store`:
 * its body may hold a link token, a share's recipients or a user's library, and a shared cache
 * (a proxy, a CDN) must never serve it to someone else. Set before the route runs, so routes
 * that know better (files with validators) replace it with their own.
 */
export function installCachePolicy(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    if (request.url.startsWith(API_PATH_START)) reply.header('cache-control', API_CACHE_CONTROL);
    done();
  });
}
