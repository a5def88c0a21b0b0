import { useState } from 'react';
import { formatBytes } from '../../lib/format';
import { Icon } from '../Icon';
import { useUploads, type UploadEntry } from './UploadProvider';

function percent(entry: UploadEntry): number {
  if (entry.status === 'done') return 100;
  if (entry.total === 0) return 0;
  return Math.min(100, Math.round((entry.loaded / entry.total) * 100));
}

const STATUS_TEXT: Record<UploadEntry['status'], string> = {
  queued: 'Waiting',
  uploading: 'Uploading',
  done: 'Uploaded',
  error: 'Failed',
  cancelled: 'Cancelled',
};

/** Per-file progress bars for the uploads of this page session. */
export function UploadPanel() {
  const { entries, cancel, clearFinished } = useUploads();
  const [collapsed, setCollapsed] = useState(false);
  if (entries.length === 0) return null;
  const active = entries.filter((entry) => entry.status === 'queued' || entry.status === 'uploading').length;
  const title = active > 0 ? `Uploading ${active} of ${entries.length}` : `Uploads finished`;

  return (
    <section className="upload-panel" aria-label="Uploads">
      <header>
        <Icon name="upload" size={18} />
        <strong className="spacer">{title}</strong>
        <button
          type="button"
          className="btn btn-ghost btn-icon btn-sm"
          aria-expanded={!collapsed}
          aria-label={collapsed ? 'Show uploads' : 'Hide uploads'}
          onClick={() => setCollapsed((value) => !value)}
        >
          <Icon
            name="chevronDown"
            size={16}
            style={{ transform: collapsed ? 'rotate(180deg)' : undefined }}
          />
        </button>
        {active === 0 ? (
          <button
            type="button"
            className="btn btn-ghost btn-icon btn-sm"
            aria-label="Close uploads"
            onClick={clearFinished}
          >
            <Icon name="close" size={16} />
          </button>
        ) : null}
      </header>
      {collapsed ? null : (
        <ul>
          {entries.map((entry) => {
            const value = percent(entry);
            const tone = entry.status === 'error' ? ' error' : entry.status === 'done' ? ' done' : '';
            return (
              <li key={entry.id} className="upload-row" data-status={entry.status}>
                <div className="row">
                  <span className="truncate" title={entry.file.name}>
                    {entry.file.name}
                  </span>
                  <span className="faint">{formatBytes(entry.file.size)}</span>
                </div>
                <div
                  className={`progress${tone}`}
                  role="progressbar"
                  aria-label={`Upload of ${entry.file.name}`}
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={value}
                  aria-valuetext={`${STATUS_TEXT[entry.status]}, ${value}%`}
                >
                  <span style={{ width: `${value}%` }} />
                </div>
                <div className="row">
                  <span className={entry.status === 'error' ? 'field-error' : 'faint'}>
                    {entry.status === 'error'
                      ? entry.error
                      : `${STATUS_TEXT[entry.status]}${entry.status === 'uploading' ? ` · ${value}%` : ''}`}
                  </span>
                  {entry.status === 'queued' || entry.status === 'uploading' ? (
                    <button type="button" className="btn btn-ghost btn-sm" onClick={() => cancel(entry.id)}>
                      Cancel
                    </button>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
