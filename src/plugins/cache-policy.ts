import type { FastifyInstance } from 'fastify';
import { API_PREFIX } from '../routes/prefix.js';

/** What an API answer is by default: for this client only, never kept by any cache. */
export const API_CACHE_CONTROL = 'private, no-store';

/**
 * Every API response that does not say otherwise carries `Cache-Control: private, no-store`:
 * its body may hold a link token, a share's recipients or a user's library, and a shared cache
 * (a proxy, a CDN) must never serve it to someone else. Routes that know better (files with
 * validators, the web app's hashed assets) set their own header and keep it.
 */
export function installCachePolicy(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (!reply.hasHeader('cache-control') && request.url.startsWith(`${API_PREFIX}/`)) {
      reply.header('cache-control', API_CACHE_CONTROL);
    }
    return payload;
  });
}
