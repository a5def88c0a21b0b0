import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { addToCollection, createCollection, fetchCollections, keys } from '../../api/library';
import { pluralize } from '../../lib/format';
import { toast } from '../../lib/toast-store';
import { Dialog } from '../Dialog';
import { InlineError, Spinner } from '../Feedback';

const NEW = '__new__';

/** Adds items to an existing collection or to a new one made on the spot. */
export function AddToCollectionDialog({
  mediaIds,
  open,
  onClose,
  onDone,
}: {
  mediaIds: string[];
  open: boolean;
  onClose: () => void;
  onDone?: () => void;
}) {
  const formId = useId();
  const queryClient = useQueryClient();
  const collections = useQuery({
    queryKey: keys.collections,
    queryFn: fetchCollections,
    enabled: open,
    meta: { silent: true },
  });
  const [choice, setChoice] = useState('');
  const [newName, setNewName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (open) {
      setChoice('');
      setNewName('');
      setProblem(null);
    }
  }, [open]);
  useEffect(() => {
    if (open && collections.isSuccess && !choice) setChoice(collections.data[0]?.id ?? NEW);
  }, [open, collections.isSuccess, collections.data, choice]);

  const add = useMutation({
    mutationFn: async () => {
      const collection =
        choice === NEW
          ? await createCollection(newName.trim(), null)
          : collections.data?.find((item) => item.id === choice);
      if (!collection) throw new Error('Choose a collection.');
      await addToCollection(collection.id, mediaIds);
      return collection;
    },
    onSuccess: (collection) => {
      void queryClient.invalidateQueries({ queryKey: ['collections'] });
      toast.success(`Added ${pluralize(mediaIds.length, 'item')} to “${collection.name}”.`);
      onDone?.();
      onClose();
    },
    meta: { silent: true },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (choice === NEW && !newName.trim()) return setProblem('Name the new collection.');
    setProblem(null);
    add.mutate();
  };

  return (
    <Dialog
      open={open}
      title={`Add ${pluralize(mediaIds.length, 'item')} to a collection`}
      onClose={onClose}
      size="sm"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            form={formId}
            className="btn btn-primary"
            disabled={add.isPending || collections.isPending}
          >
            {add.isPending ? 'Adding…' : 'Add'}
          </button>
        </>
      }
    >
      <form id={formId} className="stack" onSubmit={submit} noValidate>
        {collections.isPending ? <Spinner /> : null}
        {collections.isError ? <InlineError error={collections.error} /> : null}
        <fieldset className="fieldset choice-list">
          <legend className="visually-hidden">Collection</legend>
          {(collections.data ?? []).map((collection) => (
            <label key={collection.id} className="check">
              <input
                type="radio"
                name="collection"
                value={collection.id}
                checked={choice === collection.id}
                onChange={() => setChoice(collection.id)}
              />
              <span className="check-label">{collection.name}</span>
            </label>
          ))}
          <label className="check">
            <input
              type="radio"
              name="collection"
              value={NEW}
              checked={choice === NEW}
              onChange={() => setChoice(NEW)}
            />
            <span className="check-label">A new collection</span>
          </label>
        </fieldset>
        {choice === NEW ? (
          <div className="field">
            <label htmlFor={`${formId}-name`}>Name of the new collection</label>
            <input
              id={`${formId}-name`}
              className="input"
              value={newName}
              maxLength={200}
              onChange={(event) => setNewName(event.target.value)}
            />
          </div>
        ) : null}
        {problem ? <p className="field-error">{problem}</p> : null}
        <InlineError error={add.error} />
      </form>
    </Dialog>
  );
}
