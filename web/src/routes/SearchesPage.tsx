import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { createSearch, fetchSearches, keys } from '../api/library';
import type { SavedSearch } from '../api/types';
import { EmptyState, ErrorState, InlineError } from '../components/Feedback';
import { Icon } from '../components/Icon';
import { ShareDialog } from '../components/share/ShareDialog';
import { Dialog } from '../components/Dialog';
import { pluralize } from '../lib/format';
import { toast } from '../lib/toast-store';

export function SearchesPage() {
  const searches = useQuery({ queryKey: keys.searches, queryFn: fetchSearches });
  const [sharing, setSharing] = useState<SavedSearch | null>(null);
  const [creating, setCreating] = useState(false);

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Saved searches</h1>
          <p className="subtitle">
            {searches.data ? pluralize(searches.data.length, 'search', 'searches') : '\u00a0'}
          </p>
        </div>
        <div className="actions">
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            <Icon name="plus" size={18} /> New saved search
          </button>
        </div>
      </div>
      {searches.isPending ? <div className="skeleton" style={{ height: 120 }} aria-hidden="true" /> : null}
      {searches.isError ? (
        <ErrorState error={searches.error} onRetry={() => void searches.refetch()} />
      ) : null}
      {searches.data?.length === 0 ? (
        <EmptyState icon="saved" title="No saved searches">
          Search from the top bar and choose “Save search”. Sharing a saved search shares whatever matches it,
          now and later.
        </EmptyState>
      ) : null}
      {searches.data && searches.data.length > 0 ? (
        <ul className="card-grid" aria-label="Saved searches">
          {searches.data.map((search) => (
            <li key={search.id} className="card entity-card">
              <Link to={`/searches/${search.id}`} className="entity-link">
                <span className="entity-icon" aria-hidden="true">
                  <Icon name="search" size={20} />
                </span>
                <span className="stack" style={{ gap: 2, minWidth: 0 }}>
                  <strong className="truncate">{search.name}</strong>
                  <span className="faint small mono truncate">{search.query}</span>
                </span>
              </Link>
              <button
                type="button"
                className="btn btn-ghost btn-icon btn-sm"
                aria-label={`Share ${search.name}`}
                onClick={() => setSharing(search)}
              >
                <Icon name="shareOut" size={16} />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {sharing ? (
        <ShareDialog
          open
          target={{ type: 'saved_search', id: sharing.id, name: sharing.name }}
          onClose={() => setSharing(null)}
        />
      ) : null}
      <NewSearchDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}

function NewSearchDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [query, setQuery] = useState('');
  const create = useMutation({
    mutationFn: () => createSearch(name.trim(), query.trim()),
    meta: { silent: true },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: keys.searches });
      toast.success(`Saved “${saved.name}”.`);
      setName('');
      setQuery('');
      onClose();
    },
  });
  return (
    <Dialog
      open={open}
      title="New saved search"
      onClose={onClose}
      size="sm"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            form="new-search-form"
            className="btn btn-primary"
            disabled={create.isPending || !name.trim() || !query.trim()}
          >
            Save
          </button>
        </>
      }
    >
      <form
        id="new-search-form"
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          if (name.trim() && query.trim()) create.mutate();
        }}
      >
        <div className="field">
          <label htmlFor="new-search-name">Name</label>
          <input
            id="new-search-name"
            className="input"
            value={name}
            maxLength={200}
            onChange={(event) => setName(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="new-search-query">Search words</label>
          <input
            id="new-search-query"
            className="input"
            value={query}
            maxLength={500}
            onChange={(event) => setQuery(event.target.value)}
          />
          <p className="field-hint">Matched against titles, file names, descriptions, tags and metadata.</p>
        </div>
        <InlineError error={create.error} />
      </form>
    </Dialog>
  );
}
