import { useId } from 'react';
import type { Share } from '../../api/types';
import { formatDateTime } from '../../lib/format';
import { permissionSummary } from '../../lib/permissions';
import { Icon } from '../Icon';
import { copyText } from './copy';
import { QrCode } from './QrCode';

/** A public link, ready to hand out: the URL, copy, QR code and what the link allows. */
export function LinkResult({ share }: { share: Share }) {
  const inputId = useId();
  if (!share.public_url) return null;
  return (
    <div className="link-result">
      <div className="field">
        <label htmlFor={inputId}>Link</label>
        <div className="row">
          <input
            id={inputId}
            className="input mono"
            readOnly
            value={share.public_url}
            onFocus={(event) => event.target.select()}
            data-testid="share-link-url"
          />
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => void copyText(share.public_url ?? '')}
          >
            <Icon name="copy" size={18} />
            Copy
          </button>
        </div>
      </div>
      <div className="link-result-body">
        <QrCode
          value={share.public_url}
          label={`QR code for the link to ${share.target_name ?? 'the shared item'}`}
        />
        <ul className="link-facts">
          <li>
            <Icon name="eye" size={16} />
            {permissionSummary(share.permissions)}
          </li>
          <li>
            <Icon name="lock" size={16} />
            {share.has_password ? 'Needs the password' : 'No password'}
          </li>
          <li>
            <Icon name="clock" size={16} />
            {share.expires_at ? `Ends ${formatDateTime(share.expires_at)}` : 'Never ends'}
          </li>
          {share.max_access_count !== null ? (
            <li>
              <Icon name="activity" size={16} />
              {`Works ${share.max_access_count} ${share.max_access_count === 1 ? 'time' : 'times'}`}
            </li>
          ) : null}
        </ul>
      </div>
    </div>
  );
}
