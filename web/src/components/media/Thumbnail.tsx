import type { MediaSource } from '../../api/media-files';
import type { MediaItem } from '../../api/types';
import { useMediaSrc } from '../../hooks/use-media-src';
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
  const file = useMediaSrc(source, item.id, 'thumbnail', { enabled: wanted });
  if (!wanted || file.failure) {
    return (
      <div className={`thumb-fallback type-${item.media_type}`}>
        <Icon name={MEDIA_TYPE_ICONS[item.media_type] ?? 'file'} size={34} />
        <span className="thumb-ext">{extension(item.file_name)}</span>
      </div>
    );
  }
  if (!file.src) return <div className="thumb-loading skeleton" />;
  return (
    <img
      src={file.src}
      alt=""
      loading={eager ? 'eager' : 'lazy'}
      decoding="async"
      draggable={false}
      onError={file.handlers.onError}
      onLoad={file.handlers.onLoad}
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
