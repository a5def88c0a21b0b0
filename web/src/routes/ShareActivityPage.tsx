import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { fetchActivity, fetchShare, shareKeys } from '../api/shares';
import type { ShareActivity } from '../api/types';
import { ErrorState, LoadMore, Spinner } from '../components/Feedback';
import { Icon } from '../components/Icon';
import { EditShareDialog } from '../components/share/EditShareDialog';
import { LinkResult } from '../components/share/LinkResult';
import { RevokeDialog } from '../components/share/RevokeDialog';
import { TargetCell, targetHref } from '../components/share/TargetCell';
import { usePagedList } from '../hooks/use-paged-list';
import { formatDateTime, pluralize } from '../lib/format';
import { accessSummary, grantedPermissions, recipientLabel, shareStatus } from '../lib/permissions';

const ACTION_TEXT: Record<ShareActivity['action'], string> = {
  created: 'Created',
  updated: 'Changed',
  accessed: 'Opened',
  downloaded: 'Downloaded',
  revoked: 'Revoked',
  expired: 'Expired',
  password_failed: 'Wrong password',
};

function detailsText(details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(([, value]) => value !== null && value !== undefined && typeof value !== 'object')
    .map(([key, value]) => `${key.replace(/_/g, ' ')}: ${String(value)}`)
    .join(' · ');
}

/** One outgoing share: everything about it, its link, and its log. */
export function ShareActivityPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const share = useQuery({ queryKey: shareKeys.share(id), queryFn: () => fetchShare(id) });
  const activity = usePagedList(shareKeys.activity(id), (offset) => fetchActivity(id, offset, 50));
  const [dialog, setDialog] = useState<'edit' | 'revoke' | null>(null);

  if (share.isPending) return <Spinner />;
  if (share.isError) {
    return (
      <>
        <ErrorState error={share.error} title="This share cannot be shown" />
        <Link to="/shared/by-me">Back to your shares</Link>
      </>
    );
  }
  const data = share.data;
  const status = shareStatus(data);

  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link to="/shared/by-me">Shared by me</Link>
      </nav>
      <div className="page-header">
        <Link to={targetHref(data)} className="plain-link">
          <TargetCell share={data} />
        </Link>
        <div className="actions">
          <button type="button" className="btn" onClick={() => setDialog('edit')}>
            <Icon name="edit" size={18} /> Edit
          </button>
          <button type="button" className="btn btn-danger" onClick={() => setDialog('revoke')}>
            <Icon name="trash" size={18} /> Revoke
          </button>
        </div>
      </div>
      <div className="detail-grid">
        <section className="card pad stack" aria-label="About this share">
          <dl className="meta-list">
            <dt>With</dt>
            <dd>{recipientLabel(data)}</dd>
            <dt>Status</dt>
            <dd>
              <span className={`badge ${status.tone}`}>{status.label}</span>
            </dd>
            <dt>Allows</dt>
            <dd className="row wrap">
              {grantedPermissions(data.permissions).map((permission) => (
                <span key={permission.name} className="badge primary">
                  {permission.label}
                </span>
              ))}
            </dd>
            <dt>Accesses</dt>
            <dd>{accessSummary(data)}</dd>
            <dt>Last opened</dt>
            <dd>{data.last_accessed_at ? formatDateTime(data.last_accessed_at) : 'Never'}</dd>
            <dt>Expires</dt>
            <dd>{data.expires_at ? formatDateTime(data.expires_at) : 'Never'}</dd>
            <dt>Password</dt>
            <dd>{data.has_password ? 'Required' : 'None'}</dd>
            <dt>Created</dt>
            <dd>{formatDateTime(data.created_at)}</dd>
            {data.note ? (
              <>
                <dt>Note</dt>
                <dd className="pre-line">{data.note}</dd>
              </>
            ) : null}
          </dl>
        </section>
        {data.public_url ? (
          <section className="card pad" aria-label="Link">
            <LinkResult share={data} />
          </section>
        ) : null}
      </div>

      <h2 className="section-title">Activity</h2>
      {activity.isPending ? <Spinner /> : null}
      {activity.isError ? (
        <ErrorState error={activity.error} onRetry={() => void activity.refetch()} />
      ) : null}
      {activity.isSuccess && activity.items.length === 0 ? (
        <p className="muted">Nothing has happened yet.</p>
      ) : null}
      {activity.items.length > 0 ? (
        <div className="table-wrap">
          <table className="data-table activity-table">
            <caption className="visually-hidden">
              Activity, newest first ({pluralize(activity.total, 'entry', 'entries')})
            </caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Who</th>
                <th scope="col">Address</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {activity.items.map((entry) => (
                <tr key={entry.id}>
                  <td data-label="When">
                    <time dateTime={entry.timestamp}>{formatDateTime(entry.timestamp)}</time>
                  </td>
                  <td data-label="What">
                    <span
                      className={`badge ${entry.action === 'password_failed' || entry.action === 'revoked' ? 'danger' : entry.action === 'accessed' || entry.action === 'downloaded' ? 'primary' : ''}`}
                    >
                      {ACTION_TEXT[entry.action] ?? entry.action}
                    </span>
                  </td>
                  <td data-label="Who">{entry.actor_username ?? <span className="faint">Anonymous</span>}</td>
                  <td data-label="Address" className="mono">
                    {entry.actor_ip ?? '—'}
                  </td>
                  <td data-label="Details" className="small">
                    {detailsText(entry.details) || <span className="faint">—</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <LoadMore list={activity} label="Show older" />
      {dialog === 'edit' ? <EditShareDialog share={data} open onClose={() => setDialog(null)} /> : null}
      {dialog === 'revoke' ? (
        <RevokeDialog
          shares={[data]}
          open
          onClose={() => setDialog(null)}
          onRevoked={() => void navigate('/shared/by-me')}
        />
      ) : null}
    </>
  );
}
