import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { createSearch, fetchMediaPage, fetchTags, keys, type MediaFilter } from '../api/library';
import { LIBRARY } from '../api/media-files';
import type { MediaType } from '../api/types';
import { EmptyState, ErrorState } from '../components/Feedback';
import { Icon } from '../components/Icon';
import { MediaGrid, MediaGridSkeleton } from '../components/media/MediaGrid';
import { SelectionBar } from '../components/media/SelectionBar';
import { NameDialog } from '../components/NameDialog';
import { ShareDialog } from '../components/share/ShareDialog';
import { UploadButton } from '../components/upload/UploadButton';
import { usePagedList } from '../hooks/use-paged-list';
import { useCurrentUser } from '../hooks/use-session';
import { useSelection } from '../hooks/use-selection';
import { pluralize } from '../lib/format';
import { toast } from '../lib/toast-store';
import type { ViewerState } from './MediaPage';

const TYPES: Array<{ value: MediaType | ''; label: string }> = [
  { value: '', label: 'All kinds' },
  { value: 'image', label: 'Images' },
  { value: 'video', label: 'Videos' },
  { value: 'audio', label: 'Audio' },
  { value: 'document', label: 'Documents' },
  { value: 'text', label: 'Text' },
  { value: 'other', label: 'Other' },
];

/** Everything the signed-in person owns: search, filter by kind and tag, select, share. */
export function LibraryPage() {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useCurrentUser();
  const filter = useMemo<MediaFilter>(() => {
    const result: MediaFilter = {};
    const q = params.get('q')?.trim();
    const type = params.get('type') as MediaType | null;
    const tag = params.get('tag');
    if (q) result.q = q;
    if (type && TYPES.some((option) => option.value === type)) result.type = type;
    if (tag) result.tag = tag;
    return result;
  }, [params]);
  const list = usePagedList(keys.mediaList(filter), (offset) => fetchMediaPage(filter, offset));
  const tags = useQuery({ queryKey: keys.tags, queryFn: fetchTags, meta: { silent: true } });
  const selection = useSelection();
  const [saving, setSaving] = useState(false);
  const [sharingTag, setSharingTag] = useState(false);
  const saveSearch = useMutation({
    mutationFn: ({ name }: { name: string }) => createSearch(name, filter.q ?? ''),
    meta: { silent: true },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: keys.searches });
      setSaving(false);
      toast.success(`Saved the search “${saved.name}”.`, {
        label: 'Open',
        run: () => void navigate(`/searches/${saved.id}`),
      });
    },
  });

  const setFilter = (name: 'type' | 'tag' | 'q', value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    selection.clear();
    setParams(next);
  };

  const activeTag = tags.data?.find((tag) => tag.id === filter.tag);
  const filtered = Boolean(filter.q || filter.type || filter.tag);
  const viewerState: ViewerState = {
    ids: list.items.map((item) => item.id),
    back: `${location.pathname}${location.search}`,
  };
  const selected = list.items.filter((item) => selection.ids.has(item.id));
  const title = filter.q ? `Results for “${filter.q}”` : activeTag ? `Tagged “${activeTag.name}”` : 'Library';

  return (
    <>
      <div className="page-header">
        <div>
          <h1>{title}</h1>
          <p className="subtitle" aria-live="polite">
            {list.isSuccess ? pluralize(list.total, 'item') : '\u00a0'}
          </p>
        </div>
        <div className="actions">
          {filter.q ? (
            <button type="button" className="btn" onClick={() => setSaving(true)}>
              <Icon name="saved" size={18} /> Save search
            </button>
          ) : null}
          {activeTag ? (
            <button type="button" className="btn" onClick={() => setSharingTag(true)}>
              <Icon name="shareOut" size={18} /> Share tag
            </button>
          ) : null}
        </div>
      </div>

      <div
        className="toolbar"
        role="group"
        aria-label="Filters"
        hidden={list.isSuccess && list.total === 0 && !filtered}
      >
        <label className="visually-hidden" htmlFor="filter-type">
          Kind
        </label>
        <select
          id="filter-type"
          className="select auto"
          value={filter.type ?? ''}
          onChange={(event) => setFilter('type', event.target.value)}
        >
          {TYPES.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        <label className="visually-hidden" htmlFor="filter-tag">
          Tag
        </label>
        <select
          id="filter-tag"
          className="select auto"
          value={filter.tag ?? ''}
          onChange={(event) => setFilter('tag', event.target.value)}
        >
          <option value="">All tags</option>
          {(tags.data ?? []).map((tag) => (
            <option key={tag.id} value={tag.id}>
              {tag.name}
            </option>
          ))}
        </select>
        {filtered ? (
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            onClick={() => setParams(new URLSearchParams())}
          >
            <Icon name="close" size={16} /> Clear filters
          </button>
        ) : null}
      </div>

      <SelectionBar selected={selected} onClear={selection.clear} />

      {list.isPending ? <MediaGridSkeleton /> : null}
      {list.isError ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.isSuccess && list.items.length === 0 ? (
        filtered ? (
          <EmptyState
            icon="search"
            title="Nothing matches"
            action={
              <Link to="/" className="btn">
                Show everything
              </Link>
            }
          >
            Try other words, or clear the filters.
          </EmptyState>
        ) : me.role === 'viewer' ? (
          <EmptyState
            icon="shareIn"
            title="Nothing of your own"
            action={
              <Link to="/shared/with-me" className="btn btn-primary">
                Shared with me
              </Link>
            }
          >
            Your account can look at what others share with you.
          </EmptyState>
        ) : (
          <EmptyState icon="upload" title="Your library is empty" action={<UploadButton />}>
            Upload photos, videos, music and documents — or drop files anywhere on this page.
          </EmptyState>
        )
      ) : null}
      {list.items.length > 0 ? (
        <MediaGrid
          items={list.items}
          source={LIBRARY}
          label={title}
          hrefFor={(item) => `/media/${item.id}`}
          linkState={viewerState}
          hasMore={list.hasNextPage}
          loadingMore={list.isFetchingNextPage}
          onLoadMore={() => void list.fetchNextPage()}
          selection={selection.ids}
          onToggleSelect={(item) => selection.toggle(item.id)}
        />
      ) : null}

      <NameDialog
        open={saving}
        title="Save this search"
        label="Name"
        submitLabel="Save"
        initialName={filter.q ?? ''}
        busy={saveSearch.isPending}
        error={saveSearch.error}
        onSubmit={(name) => saveSearch.mutate({ name })}
        onClose={() => setSaving(false)}
      />
      {sharingTag && activeTag ? (
        <ShareDialog
          open
          target={{ type: 'tag', id: activeTag.id, name: activeTag.name }}
          onClose={() => setSharingTag(false)}
        />
      ) : null}
    </>
  );
}
