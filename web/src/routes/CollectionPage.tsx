import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import {
  deleteCollection,
  fetchCollection,
  fetchCollectionMembers,
  keys,
  removeFromCollection,
  updateCollection,
} from '../api/library';
import { LIBRARY } from '../api/media-files';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { EmptyState, ErrorState } from '../components/Feedback';
import { Icon } from '../components/Icon';
import { MediaGrid, MediaGridSkeleton } from '../components/media/MediaGrid';
import { NameDialog } from '../components/NameDialog';
import { ShareDialog } from '../components/share/ShareDialog';
import { usePagedList } from '../hooks/use-paged-list';
import { useSelection } from '../hooks/use-selection';
import { useCurrentUser } from '../hooks/use-session';
import { pluralize } from '../lib/format';
import { toast } from '../lib/toast-store';
import type { ViewerState } from './MediaPage';

export function CollectionPage() {
  const { id = '' } = useParams();
  const me = useCurrentUser();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const collection = useQuery({ queryKey: keys.collection(id), queryFn: () => fetchCollection(id) });
  const members = usePagedList(keys.collectionMembers(id), (offset) => fetchCollectionMembers(id, offset));
  const selection = useSelection();
  const [dialog, setDialog] = useState<'share' | 'rename' | 'delete' | 'remove' | null>(null);

  const rename = useMutation({
    mutationFn: ({ name, description }: { name: string; description: string }) =>
      updateCollection(id, { name, description: description || null }),
    meta: { silent: true },
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.collection(id), updated);
      void queryClient.invalidateQueries({ queryKey: keys.collections });
      setDialog(null);
      toast.success('Collection updated.');
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteCollection(id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['collections'] });
      toast.success('Collection deleted. Its items stay in the library.');
      void navigate('/collections');
    },
  });
  const removeMembers = useMutation({
    mutationFn: async (ids: string[]) => {
      for (const mediaId of ids) await removeFromCollection(id, mediaId);
      return ids.length;
    },
    onSuccess: (count) => {
      toast.success(`${pluralize(count, 'item')} removed from the collection.`);
      selection.clear();
      setDialog(null);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.collectionMembers(id) }),
  });

  if (collection.isError) {
    return (
      <>
        <ErrorState error={collection.error} title="This collection cannot be opened" />
        <Link to="/collections">Back to collections</Link>
      </>
    );
  }
  const data = collection.data;
  const isOwner = data ? data.owner_id === me.id : false;
  const viewerState: ViewerState = {
    ids: members.items.map((item) => item.id),
    back: `${location.pathname}${location.search}`,
  };

  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link to="/collections">Collections</Link>
      </nav>
      <div className="page-header">
        <div>
          <h1>{data?.name ?? '\u00a0'}</h1>
          <p className="subtitle">
            {data?.description ? `${data.description} · ` : ''}
            {members.isSuccess ? pluralize(members.total, 'item') : ''}
          </p>
        </div>
        {data && isOwner ? (
          <div className="actions">
            <button type="button" className="btn btn-primary" onClick={() => setDialog('share')}>
              <Icon name="shareOut" size={18} /> Share
            </button>
            <button type="button" className="btn" onClick={() => setDialog('rename')}>
              <Icon name="edit" size={18} /> Rename
            </button>
            <button type="button" className="btn btn-danger" onClick={() => setDialog('delete')}>
              <Icon name="trash" size={18} /> Delete
            </button>
          </div>
        ) : null}
      </div>
      {selection.ids.size > 0 && isOwner ? (
        <div className="selection-bar" role="toolbar" aria-label="Selected items">
          <strong>{pluralize(selection.ids.size, 'item')} selected</strong>
          <span className="spacer" />
          <button type="button" className="btn btn-sm btn-danger" onClick={() => setDialog('remove')}>
            Remove from collection
          </button>
          <button type="button" className="btn btn-sm btn-ghost" onClick={selection.clear}>
            Clear selection
          </button>
        </div>
      ) : null}
      {members.isPending ? <MediaGridSkeleton count={12} /> : null}
      {members.isError ? <ErrorState error={members.error} onRetry={() => void members.refetch()} /> : null}
      {members.isSuccess && members.items.length === 0 ? (
        <EmptyState
          icon="collection"
          title="This collection is empty"
          action={
            <Link className="btn" to="/">
              Go to the library
            </Link>
          }
        >
          Select items in the library and choose “Add to collection”.
        </EmptyState>
      ) : null}
      {members.items.length > 0 ? (
        <MediaGrid
          items={members.items}
          source={LIBRARY}
          label={data?.name ?? 'Collection'}
          hrefFor={(item) => `/media/${item.id}`}
          linkState={viewerState}
          hasMore={members.hasNextPage}
          loadingMore={members.isFetchingNextPage}
          onLoadMore={() => void members.fetchNextPage()}
          {...(isOwner
            ? { selection: selection.ids, onToggleSelect: (item) => selection.toggle(item.id) }
            : {})}
        />
      ) : null}
      {data && dialog === 'share' ? (
        <ShareDialog
          open
          target={{ type: 'collection', id: data.id, name: data.name }}
          onClose={() => setDialog(null)}
        />
      ) : null}
      <NameDialog
        open={dialog === 'rename'}
        title="Rename collection"
        label="Name"
        descriptionLabel="Description (optional)"
        submitLabel="Save"
        initialName={data?.name ?? ''}
        initialDescription={data?.description ?? ''}
        busy={rename.isPending}
        error={rename.error}
        onSubmit={(name, description) => rename.mutate({ name, description })}
        onClose={() => setDialog(null)}
      />
      <ConfirmDialog
        open={dialog === 'delete'}
        title="Delete this collection?"
        confirmLabel="Delete"
        danger
        busy={remove.isPending}
        onConfirm={() => remove.mutate()}
        onClose={() => setDialog(null)}
      >
        <p>The collection and its shares go away; the items themselves stay in your library.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'remove'}
        title={`Remove ${pluralize(selection.ids.size, 'item')}?`}
        confirmLabel="Remove"
        danger
        busy={removeMembers.isPending}
        onConfirm={() => removeMembers.mutate([...selection.ids])}
        onClose={() => setDialog(null)}
      >
        <p>They leave this collection but stay in your library.</p>
      </ConfirmDialog>
    </>
  );
}
