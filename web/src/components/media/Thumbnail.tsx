import { useState } from 'react';
import type { MediaSource } from '../../api/media-files';
import type { MediaItem } from '../../api/types';
import { useFileUrl } from '../../hooks/use-file-url';
import { Icon, MEDIA_TYPE_ICONS } from '../Icon';

/** Raster images and videos have thumbnails; everything else (or a failed one) shows its kind. */
const hasThumbnail = (item: MediaItem) =>
  (item.media_type === 'image' && item.mime_type !== 'image/svg+xml') || item.media_type === 'video';

export function Thumbnail({
  item,
  source,
  eager = false,
}: {
  item: MediaItem;
  source: MediaSource;
  eager?: boolean;
}) {
  const wanted = hasThumbnail(item);
  const file = useFileUrl(source, item.id, 'thumbnail', { enabled: wanted, version: item.updated_at });
  const [failed, setFailed] = useState(false);
  if (!wanted || failed || file.error) {
    return (
      <div className={`thumb-fallback type-${item.media_type}`}>
        <Icon name={MEDIA_TYPE_ICONS[item.media_type] ?? 'file'} size={34} />
        <span className="thumb-ext">{extension(item.file_name)}</span>
      </div>
    );
  }
  if (!file.url) return <div className="thumb-loading skeleton" />;
  return (
    <img
      src={file.url}
      alt=""
      loading={eager ? 'eager' : 'lazy'}
      decoding="async"
      draggable={false}
      onError={() => setFailed(true)}
    />
  );
}

function extension(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0
    ? fileName
        .slice(dot + 1)
        .toUpperCase()
        .slice(0, 5)
    : '';
}
