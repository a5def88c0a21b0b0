import createClient from 'openapi-fetch';
import { apiErrorFrom, networkError } from './errors';
import type { paths } from './schema';
import { authFetch } from './session';

const origin = globalThis.location?.origin ?? 'http://localhost';

/** The signed-in client: bearer token, one shared refresh on 401. */
export const api = createClient<paths>({ baseUrl: origin, fetch: authFetch });

/** For anonymous pages (setup, login, public links): never sends a bearer. */
export const publicApi = createClient<paths>({
  baseUrl: origin,
  fetch: async (request) => {
    try {
      return await fetch(request);
    } catch {
      throw networkError();
    }
  },
});

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The body of a successful call; an ApiError carrying the server's message otherwise. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw apiErrorFrom(response, error);
  return data as T;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/** A list and its total (`X-Total-Count`). */
export async function unwrapPage<T>(call: Promise<FetchResult<T[]>>): Promise<Page<T>> {
  const { data, error, response } = await call;
  if (!response.ok) throw apiErrorFrom(response, error);
  const items = data ?? [];
  const header = Number(response.headers.get('x-total-count'));
  return { items, total: Number.isFinite(header) && header >= items.length ? header : items.length };
}
