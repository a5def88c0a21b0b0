import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { keys, updateMedia } from '../../api/library';
import type { MediaItem } from '../../api/types';
import { toast } from '../../lib/toast-store';
import { InlineError } from '../Feedback';

/** Title and description, editable in place for those who may edit. */
export function DetailsEditor({ item, canEdit }: { item: MediaItem; canEdit: boolean }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(item.title);
  const [description, setDescription] = useState(item.description ?? '');
  const save = useMutation({
    mutationFn: () => updateMedia(item.id, { title: title.trim(), description: description.trim() || null }),
    meta: { silent: true },
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.media(item.id), updated);
      void queryClient.invalidateQueries({ queryKey: ['media', 'list'] });
      setEditing(false);
      toast.success('Details saved.');
    },
  });

  if (!editing) {
    return (
      <div className="stack" style={{ gap: 6 }}>
        <h2 className="viewer-info-title">{item.title || item.file_name}</h2>
        {item.description ? <p className="pre-line">{item.description}</p> : null}
        {canEdit ? (
          <button
            type="button"
            className="btn btn-sm align-start"
            onClick={() => {
              setTitle(item.title);
              setDescription(item.description ?? '');
              setEditing(true);
            }}
          >
            Edit details
          </button>
        ) : null}
      </div>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return;
    save.mutate();
  };
  return (
    <form className="stack" onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${id}-title`}>Title</label>
        <input
          id={`${id}-title`}
          className="input"
          value={title}
          maxLength={500}
          onChange={(event) => setTitle(event.target.value)}
          required
          autoFocus
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-description`}>Description</label>
        <textarea
          id={`${id}-description`}
          className="textarea"
          value={description}
          maxLength={10_000}
          onChange={(event) => setDescription(event.target.value)}
        />
      </div>
      <InlineError error={save.error} />
      <div className="row">
        <button type="submit" className="btn btn-primary btn-sm" disabled={save.isPending || !title.trim()}>
          {save.isPending ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="btn btn-sm" onClick={() => setEditing(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
