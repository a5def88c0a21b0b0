import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { fetchSearches, fetchSearchResults, keys } from '../api/library';
import { LIBRARY } from '../api/media-files';
import { EmptyState, ErrorState } from '../components/Feedback';
import { Icon } from '../components/Icon';
import { MediaGrid, MediaGridSkeleton } from '../components/media/MediaGrid';
import { ShareDialog } from '../components/share/ShareDialog';
import { usePagedList } from '../hooks/use-paged-list';
import { pluralize } from '../lib/format';
import type { ViewerState } from './MediaPage';

export function SavedSearchPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const searches = useQuery({ queryKey: keys.searches, queryFn: fetchSearches, meta: { silent: true } });
  const search = searches.data?.find((item) => item.id === id);
  const results = usePagedList(keys.searchResults(id), (offset) => fetchSearchResults(id, offset));
  const [sharing, setSharing] = useState(false);
  const viewerState: ViewerState = {
    ids: results.items.map((item) => item.id),
    back: `${location.pathname}${location.search}`,
  };

  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link to="/searches">Saved searches</Link>
      </nav>
      <div className="page-header">
        <div>
          <h1>{search?.name ?? 'Saved search'}</h1>
          <p className="subtitle">
            {search ? (
              <>
                <span className="mono">{search.query}</span> ·{' '}
              </>
            ) : null}
            {results.isSuccess ? pluralize(results.total, 'match', 'matches') : ''}
          </p>
        </div>
        {search ? (
          <div className="actions">
            <button type="button" className="btn btn-primary" onClick={() => setSharing(true)}>
              <Icon name="shareOut" size={18} /> Share
            </button>
          </div>
        ) : null}
      </div>
      {results.isPending ? <MediaGridSkeleton count={12} /> : null}
      {results.isError ? <ErrorState error={results.error} onRetry={() => void results.refetch()} /> : null}
      {results.isSuccess && results.items.length === 0 ? (
        <EmptyState icon="search" title="Nothing matches yet">
          Items that match will appear here as you add them.
        </EmptyState>
      ) : null}
      {results.items.length > 0 ? (
        <MediaGrid
          items={results.items}
          source={LIBRARY}
          label="Matches"
          hrefFor={(item) => `/media/${item.id}`}
          linkState={viewerState}
          hasMore={results.hasNextPage}
          loadingMore={results.isFetchingNextPage}
          onLoadMore={() => void results.fetchNextPage()}
        />
      ) : null}
      {sharing && search ? (
        <ShareDialog
          open
          target={{ type: 'saved_search', id: search.id, name: search.name }}
          onClose={() => setSharing(false)}
        />
      ) : null}
    </>
  );
}
