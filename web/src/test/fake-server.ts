import { vi } from 'vitest';

/** One recorded request of a fake API: method, path, query, JSON body. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export type Route = (request: SeenRequest) => Response | undefined;

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

/** Stubs fetch with `route`; anything it does not answer is a 404. Returns what was asked. */
export function fakeServer(route: Route): SeenRequest[] {
  const seen: SeenRequest[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const request =
        input instanceof Request ? input : new Request(new URL(String(input), location.href), init);
      const url = new URL(request.url, location.href);
      const text = await request.text();
      const entry: SeenRequest = {
        method: request.method,
        path: url.pathname,
        query: url.searchParams,
        body: text ? (JSON.parse(text) as unknown) : undefined,
      };
      seen.push(entry);
      return route(entry) ?? json(404, { error: 'not_found', message: 'No such route.' });
    }),
  );
  return seen;
}

export const session = (role: 'admin' | 'editor' | 'viewer' = 'editor', expiresIn = 900) => ({
  access_token: 'access',
  refresh_token: 'refresh',
  token_type: 'Bearer' as const,
  expires_in: expiresIn,
  user: { id: '0190a1b2-c3d4-7e5f-8a9b-000000000fff', username: 'ada', role },
});
