import { Link } from 'react-router';
import { fetchIncoming, shareKeys } from '../api/shares';
import { EmptyState, ErrorState, LoadMore } from '../components/Feedback';
import { Icon } from '../components/Icon';
import { TargetCell } from '../components/share/TargetCell';
import { usePagedList } from '../hooks/use-paged-list';
import { formatDateTime, formatRelative, pluralize } from '../lib/format';
import { permissionSummary } from '../lib/permissions';

/** What others share with me (directly or through a group), opening straight into it. */
export function SharedWithMePage() {
  const list = usePagedList(shareKeys.incoming, (offset) => fetchIncoming(offset, 50));
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Shared with me</h1>
          <p className="subtitle">{list.isSuccess ? pluralize(list.total, 'share') : '\u00a0'}</p>
        </div>
      </div>
      {list.isPending ? (
        <ul className="card-grid" aria-hidden="true">
          {Array.from({ length: 4 }, (_, index) => (
            <li key={index} className="card skeleton" style={{ height: 132 }} />
          ))}
        </ul>
      ) : null}
      {list.isError ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.isSuccess && list.items.length === 0 ? (
        <EmptyState icon="shareIn" title="Nothing shared with you yet">
          When someone shares an item, a collection, a tag or a search with you, it appears here — and the
          bell tells you.
        </EmptyState>
      ) : null}
      {list.items.length > 0 ? (
        <ul className="card-grid wide" aria-label="Shares to you">
          {list.items.map((share) => (
            <li key={share.id} className="card incoming-card">
              <Link to={`/shared/with-me/${share.id}`} className="incoming-link">
                <TargetCell share={share} />
                <p className="small">
                  From <strong>{share.owner_username}</strong>
                  {share.recipient_group_name ? ` · via group ${share.recipient_group_name}` : ''} ·{' '}
                  {formatRelative(share.created_at)}
                </p>
                <p className="faint small">
                  {permissionSummary(share.permissions)}
                  {share.expires_at ? ` · until ${formatDateTime(share.expires_at)}` : ''}
                </p>
                {share.note ? <p className="note small">“{share.note}”</p> : null}
                <span className="incoming-open">
                  Open <Icon name="chevronRight" size={16} />
                </span>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      <LoadMore list={list} />
    </>
  );
}
