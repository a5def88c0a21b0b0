import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Navigate, useLocation, useParams } from 'react-router';
import { fetchShare, fetchShareItems, shareKeys } from '../api/shares';
import { LIBRARY } from '../api/media-files';
import { EmptyState, ErrorState, Spinner } from '../components/Feedback';
import { Icon } from '../components/Icon';
import { AddFromLibraryDialog } from '../components/media/AddFromLibraryDialog';
import { MediaGrid, MediaGridSkeleton } from '../components/media/MediaGrid';
import { ShareDialog } from '../components/share/ShareDialog';
import { usePagedList } from '../hooks/use-paged-list';
import { useCurrentUser } from '../hooks/use-session';
import { formatDateTime, pluralize } from '../lib/format';
import { grantedPermissions, TARGET_LABELS } from '../lib/permissions';
import type { ViewerState } from './MediaPage';

/** A share to me, opened: its items in a grid, each opening in the viewer with the share's rights. */
export function IncomingSharePage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const share = useQuery({ queryKey: shareKeys.share(id), queryFn: () => fetchShare(id) });
  const items = usePagedList(shareKeys.items(id), (offset) => fetchShareItems(id, offset, 60), {
    enabled: share.isSuccess,
  });
  const [resharing, setResharing] = useState(false);
  const [adding, setAdding] = useState(false);
  const queryClient = useQueryClient();
  const me = useCurrentUser();

  if (share.isPending) return <Spinner />;
  if (share.isError) {
    return (
      <>
        <ErrorState error={share.error} title="This share is no longer available" />
        <Link to="/shared/with-me">Back to what is shared with you</Link>
      </>
    );
  }
  const data = share.data;
  // One item shared: straight into the viewer, with the share's rights.
  if (data.target_type === 'media') {
    return (
      <Navigate
        to={`/media/${data.target_id}?via=${encodeURIComponent(data.id)}`}
        replace
        state={{ back: '/shared/with-me' }}
      />
    );
  }
  // A collection shared with `can_add`: the recipient may put items of their own into it
  // (viewers own no library to add from).
  const canAdd = data.target_type === 'collection' && data.permissions.can_add && me.role !== 'viewer';
  const viewerState: ViewerState = {
    ids: items.items.map((item) => item.id),
    back: `${location.pathname}${location.search}`,
  };

  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link to="/shared/with-me">Shared with me</Link>
      </nav>
      <div className="page-header">
        <div className="stack" style={{ gap: 6 }}>
          <h1>{data.target_name ?? 'Shared'}</h1>
          <p className="small muted">
            {TARGET_LABELS[data.target_type]} shared by <strong>{data.owner_username}</strong>
            {data.expires_at ? ` · until ${formatDateTime(data.expires_at)}` : ''}
            {items.isSuccess ? ` · ${pluralize(items.total, 'item')}` : ''}
          </p>
          <div className="row wrap">
            {grantedPermissions(data.permissions).map((permission) => (
              <span key={permission.name} className="badge primary">
                {permission.label}
              </span>
            ))}
          </div>
        </div>
        {canAdd || data.permissions.can_reshare ? (
          <div className="actions">
            {canAdd ? (
              <button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>
                <Icon name="plus" size={18} /> Add from my library
              </button>
            ) : null}
            {data.permissions.can_reshare ? (
              <button type="button" className="btn" onClick={() => setResharing(true)}>
                <Icon name="shareOut" size={18} /> Share on
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
      {data.note ? (
        <blockquote className="note-block">
          <Icon name="info" size={16} /> {data.note}
        </blockquote>
      ) : null}
      {items.isPending ? <MediaGridSkeleton count={12} /> : null}
      {items.isError ? <ErrorState error={items.error} onRetry={() => void items.refetch()} /> : null}
      {items.isSuccess && items.items.length === 0 ? (
        <EmptyState
          icon="image"
          title="Nothing in it right now"
          action={
            canAdd ? (
              <button type="button" className="btn" onClick={() => setAdding(true)}>
                Add from my library
              </button>
            ) : undefined
          }
        />
      ) : null}
      {items.items.length > 0 ? (
        <MediaGrid
          items={items.items}
          source={LIBRARY}
          label={data.target_name ?? 'Shared items'}
          hrefFor={(item) => `/media/${item.id}?via=${encodeURIComponent(data.id)}`}
          linkState={viewerState}
          hasMore={items.hasNextPage}
          loadingMore={items.isFetchingNextPage}
          onLoadMore={() => void items.fetchNextPage()}
        />
      ) : null}
      {canAdd ? (
        <AddFromLibraryDialog
          open={adding}
          collection={{ id: data.target_id, name: data.target_name ?? 'the collection' }}
          onClose={() => setAdding(false)}
          onAdded={() => void queryClient.invalidateQueries({ queryKey: shareKeys.items(id) })}
        />
      ) : null}
      {resharing ? (
        <ShareDialog
          open
          target={{ type: data.target_type, id: data.target_id, name: data.target_name ?? 'Shared' }}
          onClose={() => setResharing(false)}
        />
      ) : null}
    </>
  );
}
