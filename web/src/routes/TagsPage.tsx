import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { createTag, fetchTags, keys } from '../api/library';
import type { Tag } from '../api/types';
import { EmptyState, ErrorState } from '../components/Feedback';
import { Icon } from '../components/Icon';
import { NameDialog } from '../components/NameDialog';
import { ShareDialog } from '../components/share/ShareDialog';
import { pluralize } from '../lib/format';
import { toast } from '../lib/toast-store';

export function TagsPage() {
  const tags = useQuery({ queryKey: keys.tags, queryFn: fetchTags });
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [sharing, setSharing] = useState<Tag | null>(null);
  const create = useMutation({
    mutationFn: ({ name }: { name: string }) => createTag(name),
    meta: { silent: true },
    onSuccess: (tag) => {
      void queryClient.invalidateQueries({ queryKey: keys.tags });
      setCreating(false);
      toast.success(`Created the tag “${tag.name}”.`);
    },
  });
  const sorted = [...(tags.data ?? [])].sort((a, b) => a.name.localeCompare(b.name));

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Tags</h1>
          <p className="subtitle">{tags.data ? pluralize(tags.data.length, 'tag') : '\u00a0'}</p>
        </div>
        <div className="actions">
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            <Icon name="plus" size={18} /> New tag
          </button>
        </div>
      </div>
      {tags.isPending ? <div className="skeleton" style={{ height: 120 }} aria-hidden="true" /> : null}
      {tags.isError ? <ErrorState error={tags.error} onRetry={() => void tags.refetch()} /> : null}
      {tags.data?.length === 0 ? (
        <EmptyState icon="tag" title="No tags yet">
          Tag items from the viewer, then share everything with a tag at once.
        </EmptyState>
      ) : null}
      {sorted.length > 0 ? (
        <ul className="card-grid" aria-label="Tags">
          {sorted.map((tag) => (
            <li key={tag.id} className="card entity-card">
              <Link to={`/?tag=${encodeURIComponent(tag.id)}`} className="entity-link">
                <span className="entity-icon" aria-hidden="true">
                  <Icon name="tag" size={20} />
                </span>
                <span className="stack" style={{ gap: 0, minWidth: 0 }}>
                  <strong className="truncate">{tag.name}</strong>
                  <span className="faint small">{pluralize(tag.media_count, 'item')}</span>
                </span>
              </Link>
              <button
                type="button"
                className="btn btn-ghost btn-icon btn-sm"
                aria-label={`Share tag ${tag.name}`}
                onClick={() => setSharing(tag)}
              >
                <Icon name="shareOut" size={16} />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <NameDialog
        open={creating}
        title="New tag"
        label="Name"
        submitLabel="Create"
        maxLength={100}
        busy={create.isPending}
        error={create.error}
        onSubmit={(name) => create.mutate({ name })}
        onClose={() => setCreating(false)}
      />
      {sharing ? (
        <ShareDialog
          open
          target={{ type: 'tag', id: sharing.id, name: sharing.name }}
          onClose={() => setSharing(null)}
        />
      ) : null}
    </>
  );
}
