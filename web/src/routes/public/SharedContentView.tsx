import { useEffect, useState } from 'react';
import type { MediaSource } from '../../api/media-files';
import type { MediaItem, SharedContent } from '../../api/types';
import { Icon } from '../../components/Icon';
import { MediaGrid } from '../../components/media/MediaGrid';
import { MediaStage } from '../../components/media/MediaStage';
import { MediaDetails } from '../../components/media/MetadataList';
import { ViewerFrame } from '../../components/media/ViewerFrame';
import { ThemeToggle } from '../../components/ThemeToggle';
import { formatDateTime, pluralize } from '../../lib/format';
import { TARGET_LABELS } from '../../lib/permissions';
import { linkFileUrl } from '../../api/media-files';

interface SharedContentViewProps {
  token: string;
  content: SharedContent;
  accessToken: string;
  accessTokenExpiresAt: string;
  items: MediaItem[];
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onReload: () => void;
}

function DownloadLink({
  href,
  fileName,
  label = 'Download',
}: {
  href: string;
  fileName: string;
  label?: string;
}) {
  return (
    <a className="btn btn-primary" href={href} download={fileName} rel="noopener">
      <Icon name="download" size={18} />
      <span className="btn-label">{label}</span>
    </a>
  );
}

/** The public page of a live link: who shared what, the note, the expiry, the content. */
export function SharedContentView({
  token,
  content,
  accessToken,
  accessTokenExpiresAt,
  items,
  hasMore,
  loadingMore,
  onLoadMore,
  onReload,
}: SharedContentViewProps) {
  const { share } = content;
  const source: MediaSource = { kind: 'link', token, accessToken };
  const [openIndex, setOpenIndex] = useState<number | null>(null);
  const canDownload = share.permissions.can_download;
  // File URLs carry a short-lived token: say so when it lapses (a reload fetches a new one).
  const [stale, setStale] = useState(false);
  useEffect(() => {
    const remaining = Date.parse(accessTokenExpiresAt) - Date.now();
    setStale(remaining <= 0);
    if (remaining <= 0) return;
    const timer = setTimeout(() => setStale(true), Math.min(remaining, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [accessTokenExpiresAt]);
  const download = (item: MediaItem) =>
    canDownload ? (
      <DownloadLink href={linkFileUrl(token, accessToken, item.id, 'download')} fileName={item.file_name} />
    ) : null;

  const open = openIndex !== null ? items[openIndex] : undefined;
  if (open && openIndex !== null) {
    return (
      <ViewerFrame
        item={open}
        source={source}
        onClose={() => setOpenIndex(null)}
        closeLabel="Back to the gallery"
        onPrevious={openIndex > 0 ? () => setOpenIndex(openIndex - 1) : undefined}
        onNext={openIndex < items.length - 1 ? () => setOpenIndex(openIndex + 1) : undefined}
        position={{ index: openIndex, count: items.length }}
        actions={download(open)}
        info={
          <>
            <section className="info-section">
              <h2 className="viewer-info-title">{open.title || open.file_name}</h2>
              {open.description ? <p className="pre-line">{open.description}</p> : null}
            </section>
            <section className="info-section">
              <h3>Details</h3>
              <MediaDetails item={open} />
            </section>
          </>
        }
      />
    );
  }

  const single = content.media;
  return (
    <div className="public-page">
      <header className="public-header">
        <a className="public-brand" href="/" aria-label="Pinakes">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>Pinakes</span>
        </a>
        <ThemeToggle />
      </header>
      <main className="public-main" id="main">
        <section className="public-intro" aria-labelledby="shared-title">
          <div className="public-heading">
            <div>
              <p className="faint small">
                {TARGET_LABELS[share.target_type]} shared by <strong>{share.owner_username}</strong>
              </p>
              <h1 id="shared-title">{share.target_name ?? 'Shared with you'}</h1>
              <p className="muted small">
                {share.expires_at ? (
                  <>
                    <Icon name="clock" size={14} /> Available until{' '}
                    <time dateTime={share.expires_at}>{formatDateTime(share.expires_at)}</time>
                  </>
                ) : (
                  'No expiry'
                )}
                {!single ? ` · ${pluralize(content.total, 'item')}` : ''}
                {canDownload ? '' : ' · View only'}
              </p>
            </div>
            {single ? download(single) : null}
          </div>
          {share.note ? (
            <blockquote className="note-block">
              <Icon name="info" size={16} /> <span className="pre-line">{share.note}</span>
            </blockquote>
          ) : null}
          {stale ? (
            <p className="alert warn" role="status">
              This page has been open for a while and its access has lapsed.{' '}
              <button type="button" className="btn btn-sm" onClick={onReload}>
                Reload
              </button>
            </p>
          ) : null}
        </section>

        {single ? (
          <section className="public-single" aria-label={single.title || single.file_name}>
            <div className="public-stage">
              <MediaStage item={single} source={source} />
            </div>
            {single.description ? <p className="pre-line">{single.description}</p> : null}
            <details className="public-details">
              <summary>Details</summary>
              <MediaDetails item={single} />
            </details>
          </section>
        ) : items.length === 0 ? (
          <p className="muted">There is nothing in it right now.</p>
        ) : (
          <MediaGrid
            items={items}
            source={source}
            label="Shared items"
            onOpen={(item) => setOpenIndex(items.findIndex((candidate) => candidate.id === item.id))}
            hasMore={hasMore}
            loadingMore={loadingMore}
            onLoadMore={onLoadMore}
          />
        )}
      </main>
    </div>
  );
}
