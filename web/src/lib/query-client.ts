import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError, describeError } from '../api/errors';
import { FILE_QUERY_ROOT } from '../hooks/use-file-url';
import { toast } from './toast-store';

declare module '@tanstack/react-query' {
  interface Register {
    queryMeta: { silent?: boolean };
    mutationMeta: { silent?: boolean };
  }
}

/** Retry network trouble and 5xx a couple of times; a 4xx answer will not change. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && (error.isClientError || error.status === 0)) return false;
  return failureCount < 2;
}

export function createQueryClient(): QueryClient {
  const client = new QueryClient({
    // Failed background refetches of data already on screen still tell the person.
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (query.meta?.silent || query.state.data === undefined) return;
        toast.error(describeError(error));
      },
    }),
    // Every failed change is said out loud unless the caller shows it in place.
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (mutation.meta?.silent) return;
        toast.error(describeError(error));
      },
    }),
    defaultOptions: {
      queries: { staleTime: 30_000, retry: shouldRetry, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
  // File object URLs hold memory until revoked: let go when the cache drops them.
  client.getQueryCache().subscribe((event) => {
    if (event.type !== 'removed') return;
    const root = (event.query.queryKey as readonly unknown[])[0];
    const url: unknown = event.query.state.data;
    if (root !== FILE_QUERY_ROOT) return;
    if (typeof url === 'string') URL.revokeObjectURL(url);
  });
  return client;
}
