/** Where the API lives. `/api/...` is an alias of `/api/v1/...`, rewritten before routing. */
export const API_PREFIX = '/api/v1';
export const API_ALIAS_PREFIX = '/api';

/** Paths under /api that are not aliases of /api/v1 routes. */
const NOT_ALIASED = ['/api/docs'];

export function rewriteApiAlias(url: string): string {
  if (!url.startsWith(`${API_ALIAS_PREFIX}/`) || url.startsWith(`${API_PREFIX}/`)) return url;
  if (NOT_ALIASED.some((prefix) => url === prefix || url.startsWith(`${prefix}/`))) return url;
  return API_PREFIX + url.slice(API_ALIAS_PREFIX.length);
}
