import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { deleteMedia } from '../../api/library';
import type { MediaItem } from '../../api/types';
import { pluralize } from '../../lib/format';
import { toast } from '../../lib/toast-store';
import { ConfirmDialog } from '../ConfirmDialog';
import { Icon } from '../Icon';
import { ShareDialog } from '../share/ShareDialog';
import { AddToCollectionDialog } from './AddToCollectionDialog';

/** Actions on the selected items: share (one), add to a collection, delete. */
export function SelectionBar({
  selected,
  onClear,
  extra,
}: {
  selected: MediaItem[];
  onClear: () => void;
  extra?: ReactNode;
}) {
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<'share' | 'collect' | 'delete' | null>(null);
  const remove = useMutation({
    mutationFn: async () => {
      const results = await Promise.allSettled(selected.map((item) => deleteMedia(item.id)));
      const failed = results.filter((result) => result.status === 'rejected');
      if (failed.length > 0) {
        const first = failed[0] as PromiseRejectedResult;
        throw first.reason instanceof Error
          ? new Error(`${failed.length} of ${selected.length} could not be deleted: ${first.reason.message}`)
          : new Error(`${failed.length} of ${selected.length} could not be deleted.`);
      }
      return results.length;
    },
    onSuccess: (count) => {
      toast.success(`${pluralize(count, 'item')} deleted.`);
      onClear();
      setDialog(null);
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['media'] });
      void queryClient.invalidateQueries({ queryKey: ['collections'] });
    },
  });
  if (selected.length === 0) return null;
  const only = selected.length === 1 ? selected[0] : undefined;

  return (
    <div className="selection-bar" role="toolbar" aria-label="Selected items">
      <strong>{pluralize(selected.length, 'item')} selected</strong>
      <span className="spacer" />
      {only ? (
        <button type="button" className="btn btn-sm btn-primary" onClick={() => setDialog('share')}>
          <Icon name="shareOut" size={16} /> Share
        </button>
      ) : null}
      <button type="button" className="btn btn-sm" onClick={() => setDialog('collect')}>
        <Icon name="collection" size={16} /> Add to collection
      </button>
      {extra}
      <button type="button" className="btn btn-sm btn-danger" onClick={() => setDialog('delete')}>
        <Icon name="trash" size={16} /> Delete
      </button>
      <button type="button" className="btn btn-sm btn-ghost" onClick={onClear}>
        Clear selection
      </button>
      {dialog === 'share' && only ? (
        <ShareDialog
          open
          target={{ type: 'media', id: only.id, name: only.title || only.file_name }}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog === 'collect' ? (
        <AddToCollectionDialog
          open
          mediaIds={selected.map((item) => item.id)}
          onClose={() => setDialog(null)}
          onDone={onClear}
        />
      ) : null}
      <ConfirmDialog
        open={dialog === 'delete'}
        title={`Delete ${pluralize(selected.length, 'item')}?`}
        confirmLabel="Delete"
        danger
        busy={remove.isPending}
        onConfirm={() => remove.mutate()}
        onClose={() => setDialog(null)}
      >
        <p>They are deleted for good, with every share of them.</p>
      </ConfirmDialog>
    </div>
  );
}
