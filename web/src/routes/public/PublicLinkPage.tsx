import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { ApiError } from '../../api/errors';
import { openSharedLink } from '../../api/shares';
import { ErrorState, Spinner } from '../../components/Feedback';
import { DeadLink } from './DeadLink';
import { PasswordPrompt } from './PasswordPrompt';
import { SharedContentView } from './SharedContentView';

const PAGE = 100;

/**
 * /s/{token}: what a link shares. Every successful GET /shared/{token} counts one access,
 * so the content is fetched once per password attempt and never refetched in the background.
 */
export function PublicLinkPage() {
  const { token = '' } = useParams();
  // The attempt number makes a retried (even identical) password a new request.
  const [attempt, setAttempt] = useState<{ password: string | null; n: number }>({ password: null, n: 0 });
  const password = attempt.password;
  const query = useInfiniteQuery({
    queryKey: ['shared-link', token, password, attempt.n],
    queryFn: ({ pageParam }) => openSharedLink(token, password, pageParam, PAGE),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const loaded = pages.reduce((sum, page) => sum + (page.items?.length ?? 0), 0);
      return last.items && last.items.length > 0 && loaded < last.total ? loaded : undefined;
    },
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    refetchOnMount: false,
    meta: { silent: true },
  });
  const items = useMemo(() => query.data?.pages.flatMap((page) => page.items ?? []) ?? [], [query.data]);

  const error = query.error;
  if (error instanceof ApiError && error.status === 404) return <DeadLink />;
  if (
    error instanceof ApiError &&
    (error.code === 'password_required' ||
      error.code === 'invalid_password' ||
      // Too many wrong passwords: the prompt stays, saying when to try again.
      (error.status === 429 && password !== null))
  ) {
    return (
      <PasswordPrompt
        error={error}
        busy={query.isFetching}
        onSubmit={(next) => setAttempt((current) => ({ password: next, n: current.n + 1 }))}
      />
    );
  }
  if (query.isPending && attempt.n > 0) {
    return <PasswordPrompt error={null} busy onSubmit={() => undefined} />;
  }
  if (query.isPending) {
    return (
      <main className="center-page">
        <Spinner label="Opening the link" />
      </main>
    );
  }
  if (query.isError) {
    return (
      <main className="center-page">
        <div className="narrow-page">
          <ErrorState
            error={error}
            title="The link could not be opened"
            onRetry={() => void query.refetch()}
          />
        </div>
      </main>
    );
  }
  const first = query.data.pages[0];
  if (!first) return <DeadLink />;
  const latest = query.data.pages.at(-1) ?? first;
  return (
    <SharedContentView
      token={token}
      content={first}
      accessToken={latest.access_token}
      accessTokenExpiresAt={latest.access_token_expires_at}
      items={items}
      hasMore={query.hasNextPage}
      loadingMore={query.isFetchingNextPage}
      onLoadMore={() => void query.fetchNextPage()}
      onReload={() => void query.refetch()}
    />
  );
}
