import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { addToCollection, fetchMediaPage, keys, type MediaFilter } from '../../api/library';
import { LIBRARY } from '../../api/media-files';
import type { MediaItem } from '../../api/types';
import { useDebounced } from '../../hooks/use-debounced';
import { usePagedList } from '../../hooks/use-paged-list';
import { ADD_BATCH_LIMIT, describeAddError } from '../../lib/collection-add';
import { pluralize } from '../../lib/format';
import { toast } from '../../lib/toast-store';
import { Dialog } from '../Dialog';
import { EmptyState, ErrorState } from '../Feedback';
import { Icon } from '../Icon';
import { MediaGrid, MediaGridSkeleton } from './MediaGrid';

interface AddFromLibraryDialogProps {
  open: boolean;
  collection: { id: string; name: string };
  onClose: () => void;
  /** After a successful addition (the caller refreshes what it shows). */
  onAdded?: () => void;
}

/** Picks items of one's own library to put into a collection (one's own, or one shared with `can_add`). */
export function AddFromLibraryDialog({ open, collection, onClose, onAdded }: AddFromLibraryDialogProps) {
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim().slice(0, 200), 250);
  const filter: MediaFilter = q ? { q } : {};
  const list = usePagedList(keys.mediaList(filter), (offset) => fetchMediaPage(filter, offset), {
    enabled: open,
  });
  // Kept by id with its name: a choice survives a new search, and errors can name it.
  const [picked, setPicked] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    if (!open) return;
    setText('');
    setPicked(new Map());
  }, [open]);

  const add = useMutation({
    mutationFn: (ids: string[]) => addToCollection(collection.id, ids),
    meta: { silent: true },
    onSuccess: ({ added }, ids) => {
      const already = ids.length - added;
      toast.success(
        `Added ${pluralize(added, 'item')} to “${collection.name}”.` +
          (already > 0 ? ` ${pluralize(already, 'item was', 'items were')} in it already.` : ''),
      );
      void queryClient.invalidateQueries({ queryKey: ['collections'] });
      onAdded?.();
      onClose();
    },
  });
  const { reset: forgetError } = add;
  useEffect(() => {
    if (open) forgetError();
  }, [open, forgetError]);

  const toggle = (item: MediaItem) =>
    setPicked((current) => {
      const next = new Map(current);
      if (next.has(item.id)) next.delete(item.id);
      else next.set(item.id, item.title || item.file_name);
      return next;
    });
  const pickedList = [...picked].map(([id, name]) => ({ id, name }));
  const tooMany = picked.size > ADD_BATCH_LIMIT;

  return (
    <Dialog
      open={open}
      title={`Add to “${collection.name}”`}
      description="Choose items of your own library. Everyone the collection is shared with will see them."
      onClose={onClose}
      size="lg"
      initialFocus="input[type=search]"
      footer={
        <>
          <span className="muted small spacer" aria-live="polite">
            {picked.size > 0 ? `${pluralize(picked.size, 'item')} chosen` : 'Nothing chosen yet'}
          </span>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={picked.size === 0 || tooMany || add.isPending}
            onClick={() => add.mutate(pickedList.map((item) => item.id))}
          >
            {add.isPending ? 'Adding…' : picked.size > 0 ? `Add ${pluralize(picked.size, 'item')}` : 'Add'}
          </button>
        </>
      }
    >
      <div className="search-box inline-search picker-search">
        <Icon name="search" size={18} />
        <label htmlFor="library-picker-search" className="visually-hidden">
          Search your library
        </label>
        <input
          id="library-picker-search"
          className="input"
          type="search"
          placeholder="Search your library"
          autoComplete="off"
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      </div>
      {add.isError ? (
        <p className="alert error" role="alert">
          {describeAddError(add.error, pickedList)}
        </p>
      ) : null}
      {tooMany ? (
        <p className="alert warn" role="alert">
          At most {ADD_BATCH_LIMIT} items can be added at once.
        </p>
      ) : null}
      {list.isPending ? <MediaGridSkeleton count={8} /> : null}
      {list.isError ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.isSuccess && list.items.length === 0 ? (
        <EmptyState icon={q ? 'search' : 'library'} title={q ? 'Nothing matches' : 'Nothing of your own yet'}>
          {q ? 'Try other words.' : 'Upload to your library first; then you can add from it here.'}
        </EmptyState>
      ) : null}
      {list.items.length > 0 ? (
        <div className="picker-grid">
          <MediaGrid
            items={list.items}
            source={LIBRARY}
            label="Your library"
            onOpen={toggle}
            selection={new Set(picked.keys())}
            onToggleSelect={toggle}
            hasMore={list.hasNextPage}
            loadingMore={list.isFetchingNextPage}
            onLoadMore={() => void list.fetchNextPage()}
          />
        </div>
      ) : null}
    </Dialog>
  );
}
