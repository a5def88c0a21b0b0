import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { addTagsToMedia, createTag, fetchTags, keys, removeTagFromMedia } from '../../api/library';
import type { MediaItem } from '../../api/types';
import { Icon } from '../Icon';

/** The item's tags as chips; with edit rights, add (existing or new) and remove them. */
export function TagEditor({ item, canEdit }: { item: MediaItem; canEdit: boolean }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const tags = useQuery({
    queryKey: keys.tags,
    queryFn: fetchTags,
    enabled: canEdit,
    meta: { silent: true },
  });

  const settle = (updated: unknown) => {
    if (updated && typeof updated === 'object' && 'id' in updated)
      queryClient.setQueryData(keys.media(item.id), updated);
    void queryClient.invalidateQueries({ queryKey: ['media'] });
  };
  const add = useMutation({
    mutationFn: async (tagName: string) => {
      const existing = tags.data?.find((tag) => tag.name.toLowerCase() === tagName.toLowerCase());
      const tag = existing ?? (await createTag(tagName));
      if (!existing) void queryClient.invalidateQueries({ queryKey: keys.tags });
      return addTagsToMedia(item.id, [tag.id]);
    },
    onSuccess: (updated) => {
      setName('');
      settle(updated);
    },
  });
  const remove = useMutation({
    mutationFn: (tagId: string) => removeTagFromMedia(item.id, tagId),
    onSuccess: settle,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed || item.tags.some((tag) => tag.name.toLowerCase() === trimmed.toLowerCase())) return;
    add.mutate(trimmed);
  };

  return (
    <div className="stack" style={{ gap: 8 }}>
      {item.tags.length === 0 ? <p className="muted">No tags.</p> : null}
      <ul className="row wrap tag-chips" aria-label="Tags">
        {item.tags.map((tag) => (
          <li key={tag.id} className={`chip${canEdit ? '' : ' plain'}`}>
            {tag.name}
            {canEdit ? (
              <button
                type="button"
                aria-label={`Remove tag ${tag.name}`}
                onClick={() => remove.mutate(tag.id)}
                disabled={remove.isPending}
              >
                <Icon name="close" size={14} />
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {canEdit ? (
        <form className="row" onSubmit={submit}>
          <label htmlFor={id} className="visually-hidden">
            Add a tag
          </label>
          <input
            id={id}
            className="input"
            list={`${id}-list`}
            placeholder="Add a tag"
            value={name}
            maxLength={100}
            onChange={(event) => setName(event.target.value)}
          />
          <datalist id={`${id}-list`}>
            {(tags.data ?? []).map((tag) => (
              <option key={tag.id} value={tag.name} />
            ))}
          </datalist>
          <button type="submit" className="btn" disabled={add.isPending || !name.trim()}>
            Add
          </button>
        </form>
      ) : null}
    </div>
  );
}
