import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { createCollection, fetchCollections, keys } from '../api/library';
import type { Collection } from '../api/types';
import { EmptyState, ErrorState } from '../components/Feedback';
import { Icon } from '../components/Icon';
import { CoverImage } from '../components/media/CoverImage';
import { NameDialog } from '../components/NameDialog';
import { ShareDialog } from '../components/share/ShareDialog';
import { formatDate, pluralize } from '../lib/format';
import { toast } from '../lib/toast-store';

export function CollectionsPage() {
  const collections = useQuery({ queryKey: keys.collections, queryFn: fetchCollections });
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const [sharing, setSharing] = useState<Collection | null>(null);
  const create = useMutation({
    mutationFn: ({ name, description }: { name: string; description: string }) =>
      createCollection(name, description || null),
    meta: { silent: true },
    onSuccess: (collection) => {
      void queryClient.invalidateQueries({ queryKey: keys.collections });
      setCreating(false);
      toast.success(`Created “${collection.name}”.`);
      void navigate(`/collections/${collection.id}`);
    },
  });

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Collections</h1>
          <p className="subtitle">
            {collections.data ? pluralize(collections.data.length, 'collection') : '\u00a0'}
          </p>
        </div>
        <div className="actions">
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            <Icon name="plus" size={18} /> New collection
          </button>
        </div>
      </div>
      {collections.isPending ? (
        <ul className="album-grid" aria-hidden="true">
          {Array.from({ length: 6 }, (_, index) => (
            <li key={index} className="album">
              <div className="cover skeleton" />
            </li>
          ))}
        </ul>
      ) : null}
      {collections.isError ? (
        <ErrorState error={collections.error} onRetry={() => void collections.refetch()} />
      ) : null}
      {collections.data?.length === 0 ? (
        <EmptyState
          icon="collection"
          title="No collections yet"
          action={
            <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
              New collection
            </button>
          }
        >
          Group items into albums and share a whole collection at once.
        </EmptyState>
      ) : null}
      {collections.data && collections.data.length > 0 ? (
        <ul className="album-grid" aria-label="Collections">
          {collections.data.map((collection) => (
            <li key={collection.id} className="album">
              <Link to={`/collections/${collection.id}`} className="album-link">
                <CoverImage mediaId={collection.cover_media_id} icon="collection" />
                <span className="album-name truncate">{collection.name}</span>
                <span className="faint small truncate">
                  {pluralize(collection.media_count, 'item')}
                  {collection.description
                    ? ` · ${collection.description}`
                    : ` · ${formatDate(collection.created_at)}`}
                </span>
              </Link>
              <button
                type="button"
                className="btn btn-icon btn-sm album-share"
                aria-label={`Share ${collection.name}`}
                onClick={() => setSharing(collection)}
              >
                <Icon name="shareOut" size={16} />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <NameDialog
        open={creating}
        title="New collection"
        label="Name"
        descriptionLabel="Description (optional)"
        submitLabel="Create"
        busy={create.isPending}
        error={create.error}
        onSubmit={(name, description) => create.mutate({ name, description })}
        onClose={() => setCreating(false)}
      />
      {sharing ? (
        <ShareDialog
          open
          target={{ type: 'collection', id: sharing.id, name: sharing.name }}
          onClose={() => setSharing(null)}
        />
      ) : null}
    </>
  );
}
