import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { fetchOutgoing, shareKeys } from '../api/shares';
import type { Share } from '../api/types';
import { EmptyState, ErrorState, LoadMore } from '../components/Feedback';
import { Icon } from '../components/Icon';
import { copyText } from '../components/share/copy';
import { EditShareDialog } from '../components/share/EditShareDialog';
import { RevokeDialog } from '../components/share/RevokeDialog';
import { TargetCell } from '../components/share/TargetCell';
import { usePagedList } from '../hooks/use-paged-list';
import { formatDateTime, formatRelative, pluralize } from '../lib/format';
import { accessSummary, permissionSummary, recipientLabel, shareStatus } from '../lib/permissions';

type Filter = 'all' | 'links' | 'people';
const FILTERS: Array<{ value: Filter; label: string }> = [
  { value: 'all', label: 'All' },
  { value: 'links', label: 'Links' },
  { value: 'people', label: 'People & groups' },
];

/** Every outgoing share: who has what, whether it still works, how often it was opened. */
export function SharedByMePage() {
  const list = usePagedList(shareKeys.outgoing, (offset) => fetchOutgoing(offset, 50));
  const [filter, setFilter] = useState<Filter>('all');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [editing, setEditing] = useState<Share | null>(null);
  const [revoking, setRevoking] = useState<Share[] | null>(null);

  const shares = useMemo(
    () =>
      list.items.filter((share) =>
        filter === 'all'
          ? true
          : filter === 'links'
            ? share.recipient_type === 'public_link'
            : share.recipient_type !== 'public_link',
      ),
    [list.items, filter],
  );
  const selectedShares = list.items.filter((share) => selected.has(share.id));
  const allSelected = shares.length > 0 && shares.every((share) => selected.has(share.id));
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const toggleAll = () => setSelected(allSelected ? new Set() : new Set(shares.map((share) => share.id)));

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Shared by me</h1>
          <p className="subtitle">{list.isSuccess ? pluralize(list.total, 'share') : '\u00a0'}</p>
        </div>
      </div>
      <div className="toolbar">
        <div className="segmented" role="group" aria-label="Show">
          {FILTERS.map((option) => (
            <button
              key={option.value}
              type="button"
              aria-pressed={filter === option.value}
              onClick={() => setFilter(option.value)}
            >
              {option.label}
            </button>
          ))}
        </div>
      </div>
      {selectedShares.length > 0 ? (
        <div className="selection-bar" role="toolbar" aria-label="Selected shares">
          <strong>{pluralize(selectedShares.length, 'share')} selected</strong>
          <span className="spacer" />
          <button
            type="button"
            className="btn btn-sm btn-danger solid"
            onClick={() => setRevoking(selectedShares)}
          >
            <Icon name="trash" size={16} /> Revoke selected
          </button>
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => setSelected(new Set())}>
            Clear selection
          </button>
        </div>
      ) : null}
      {list.isPending ? <div className="skeleton" style={{ height: 240 }} aria-hidden="true" /> : null}
      {list.isError ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.isSuccess && shares.length === 0 ? (
        <EmptyState
          icon="shareOut"
          title={list.items.length === 0 ? 'You have not shared anything yet' : 'No shares of this kind'}
          action={
            <Link className="btn" to="/">
              Go to the library
            </Link>
          }
        >
          Open an item, a collection, a tag or a saved search and choose Share.
        </EmptyState>
      ) : null}
      {shares.length > 0 ? (
        <div className="table-wrap">
          <table className="data-table shares-table">
            <caption className="visually-hidden">Your shares</caption>
            <thead>
              <tr>
                <th scope="col" className="col-check">
                  <input
                    type="checkbox"
                    checked={allSelected}
                    onChange={toggleAll}
                    aria-label="Select every share shown"
                  />
                </th>
                <th scope="col">Shared</th>
                <th scope="col">With</th>
                <th scope="col">Status</th>
                <th scope="col">Accesses</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shares.map((share) => {
                const status = shareStatus(share);
                return (
                  <tr key={share.id} className={selected.has(share.id) ? 'selected' : undefined}>
                    <td className="col-check">
                      <input
                        type="checkbox"
                        checked={selected.has(share.id)}
                        onChange={() => toggle(share.id)}
                        aria-label={`Select share of ${share.target_name ?? 'deleted'} with ${recipientLabel(share)}`}
                      />
                    </td>
                    <td data-label="Shared">
                      <Link to={`/shared/by-me/${share.id}`} className="plain-link">
                        <TargetCell share={share} />
                      </Link>
                    </td>
                    <td data-label="With">
                      <span className="row">
                        <Icon
                          name={
                            share.recipient_type === 'public_link'
                              ? 'link'
                              : share.recipient_type === 'group'
                                ? 'users'
                                : 'user'
                          }
                          size={16}
                        />
                        <span>{recipientLabel(share)}</span>
                      </span>
                      <span className="faint small">{permissionSummary(share.permissions)}</span>
                    </td>
                    <td data-label="Status">
                      <span className={`badge ${status.tone}`}>{status.label}</span>
                      {share.has_password ? (
                        <span className="badge" title="Needs a password">
                          <Icon name="lock" size={12} label="Password" />
                        </span>
                      ) : null}
                    </td>
                    <td data-label="Accesses">
                      {accessSummary(share)}
                      {share.last_accessed_at ? (
                        <span className="faint small block">
                          last {formatRelative(share.last_accessed_at)}
                        </span>
                      ) : null}
                    </td>
                    <td data-label="Expires">
                      {share.expires_at ? (
                        <time dateTime={share.expires_at}>{formatDateTime(share.expires_at)}</time>
                      ) : (
                        <span className="faint">Never</span>
                      )}
                    </td>
                    <td className="col-actions">
                      {share.public_url ? (
                        <button
                          type="button"
                          className="btn btn-ghost btn-icon btn-sm"
                          aria-label={`Copy link to ${share.target_name ?? 'deleted'}`}
                          onClick={() => void copyText(share.public_url ?? '')}
                        >
                          <Icon name="copy" size={16} />
                        </button>
                      ) : null}
                      <Link
                        className="btn btn-ghost btn-icon btn-sm"
                        to={`/shared/by-me/${share.id}`}
                        aria-label={`Activity of the share of ${share.target_name ?? 'deleted'}`}
                      >
                        <Icon name="activity" size={16} />
                      </Link>
                      <button
                        type="button"
                        className="btn btn-ghost btn-icon btn-sm"
                        aria-label={`Edit share of ${share.target_name ?? 'deleted'} with ${recipientLabel(share)}`}
                        onClick={() => setEditing(share)}
                      >
                        <Icon name="edit" size={16} />
                      </button>
                      <button
                        type="button"
                        className="btn btn-ghost btn-icon btn-sm"
                        aria-label={`Revoke share of ${share.target_name ?? 'deleted'} with ${recipientLabel(share)}`}
                        onClick={() => setRevoking([share])}
                      >
                        <Icon name="trash" size={16} />
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      <LoadMore list={list} />
      {editing ? <EditShareDialog share={editing} open onClose={() => setEditing(null)} /> : null}
      {revoking ? (
        <RevokeDialog
          shares={revoking}
          open
          onClose={() => setRevoking(null)}
          onRevoked={() =>
            setSelected(
              (current) => new Set([...current].filter((id) => !revoking.some((share) => share.id === id))),
            )
          }
        />
      ) : null}
    </>
  );
}
