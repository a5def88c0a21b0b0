import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { fetchAllOutgoing } from '../../api/shares';
import type { Share, ShareTargetType } from '../../api/types';
import { accessSummary, permissionSummary, recipientLabel, shareStatus } from '../../lib/permissions';
import { formatDateTime } from '../../lib/format';
import { InlineError, Spinner } from '../Feedback';
import { Icon } from '../Icon';
import { copyText } from './copy';
import { EditShareDialog } from './EditShareDialog';
import { RevokeDialog } from './RevokeDialog';

/** Who already has this target, with copy, edit and revoke close at hand. */
export function ExistingShares({ target }: { target: { type: ShareTargetType; id: string } }) {
  const outgoing = useQuery({
    queryKey: ['shares', 'outgoing', 'all'],
    queryFn: fetchAllOutgoing,
    meta: { silent: true },
  });
  const [editing, setEditing] = useState<Share | null>(null);
  const [revoking, setRevoking] = useState<Share | null>(null);
  const shares = (outgoing.data ?? []).filter(
    (share) => share.target_type === target.type && share.target_id === target.id,
  );

  return (
    <section className="existing-shares" aria-labelledby="existing-shares-title">
      <h3 id="existing-shares-title">Already shared</h3>
      {outgoing.isPending ? <Spinner /> : null}
      {outgoing.isError ? <InlineError error={outgoing.error} /> : null}
      {outgoing.isSuccess && shares.length === 0 ? <p className="muted">Not shared yet.</p> : null}
      {shares.length > 0 ? (
        <ul className="share-list">
          {shares.map((share) => {
            const status = shareStatus(share);
            return (
              <li key={share.id} className="share-list-item">
                <Icon
                  name={
                    share.recipient_type === 'public_link'
                      ? 'link'
                      : share.recipient_type === 'group'
                        ? 'users'
                        : 'user'
                  }
                  size={18}
                />
                <div className="share-list-main">
                  <div className="row wrap">
                    <strong>{recipientLabel(share)}</strong>
                    <span className={`badge ${status.tone}`}>{status.label}</span>
                    {share.has_password ? (
                      <span className="badge">
                        <Icon name="lock" size={12} /> Password
                      </span>
                    ) : null}
                  </div>
                  <p className="faint small">
                    {permissionSummary(share.permissions)} · {accessSummary(share)}
                    {share.expires_at ? ` · ends ${formatDateTime(share.expires_at)}` : ''}
                  </p>
                </div>
                <div className="row">
                  {share.public_url ? (
                    <button
                      type="button"
                      className="btn btn-ghost btn-icon btn-sm"
                      aria-label={`Copy link for ${recipientLabel(share)}`}
                      onClick={() => void copyText(share.public_url ?? '')}
                    >
                      <Icon name="copy" size={16} />
                    </button>
                  ) : null}
                  <button
                    type="button"
                    className="btn btn-ghost btn-icon btn-sm"
                    aria-label={`Edit share with ${recipientLabel(share)}`}
                    onClick={() => setEditing(share)}
                  >
                    <Icon name="edit" size={16} />
                  </button>
                  <button
                    type="button"
                    className="btn btn-ghost btn-icon btn-sm"
                    aria-label={`Revoke share with ${recipientLabel(share)}`}
                    onClick={() => setRevoking(share)}
                  >
                    <Icon name="trash" size={16} />
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      ) : null}
      {editing ? <EditShareDialog share={editing} open onClose={() => setEditing(null)} /> : null}
      {revoking ? <RevokeDialog shares={[revoking]} open onClose={() => setRevoking(null)} /> : null}
    </section>
  );
}
