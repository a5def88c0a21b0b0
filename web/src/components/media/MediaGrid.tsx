import { Link } from 'react-router';
import type { MediaSource } from '../../api/media-files';
import type { MediaItem } from '../../api/types';
import { useInfiniteScroll } from '../../hooks/use-infinite-scroll';
import { formatDuration } from '../../lib/format';
import { Spinner } from '../Feedback';
import { Icon } from '../Icon';
import { Thumbnail } from './Thumbnail';

interface MediaGridProps {
  items: MediaItem[];
  source: MediaSource;
  /** Where a tile leads; omitted: `onOpen` is called instead. */
  hrefFor?: (item: MediaItem) => string;
  onOpen?: (item: MediaItem) => void;
  linkState?: unknown;
  hasMore?: boolean;
  loadingMore?: boolean;
  onLoadMore?: () => void;
  selection?: ReadonlySet<string>;
  onToggleSelect?: (item: MediaItem) => void;
  label?: string;
}

export function MediaGrid({
  items,
  source,
  hrefFor,
  onOpen,
  linkState,
  hasMore = false,
  loadingMore = false,
  onLoadMore,
  selection,
  onToggleSelect,
  label = 'Media',
}: MediaGridProps) {
  const sentinel = useInfiniteScroll(() => {
    if (hasMore && !loadingMore) onLoadMore?.();
  }, hasMore);
  const selecting = (selection?.size ?? 0) > 0;

  return (
    <>
      <ul className={`media-grid${selecting ? ' selecting' : ''}`} aria-label={label}>
        {items.map((item, index) => {
          const selected = selection?.has(item.id) ?? false;
          const name = item.title || item.file_name;
          const content = (
            <>
              <div className="tile-thumb">
                <Thumbnail item={item} source={source} eager={index < 12} />
                {item.media_type === 'video' || item.media_type === 'audio' ? (
                  <span className="tile-badge">
                    <Icon name={item.media_type === 'video' ? 'play' : 'audio'} size={12} />
                    {item.duration_secs ? formatDuration(item.duration_secs) : null}
                  </span>
                ) : null}
              </div>
              <span className="tile-title truncate">{name}</span>
            </>
          );
          return (
            <li key={item.id} className={`tile${selected ? ' selected' : ''}`}>
              {onToggleSelect ? (
                <label className="tile-check">
                  <input
                    type="checkbox"
                    checked={selected}
                    onChange={() => onToggleSelect(item)}
                    aria-label={`Select ${name}`}
                  />
                </label>
              ) : null}
              {selecting && onToggleSelect ? (
                <button
                  type="button"
                  className="tile-link"
                  onClick={() => onToggleSelect(item)}
                  aria-pressed={selected}
                >
                  {content}
                </button>
              ) : hrefFor ? (
                <Link className="tile-link" to={hrefFor(item)} state={linkState} aria-label={name}>
                  {content}
                </Link>
              ) : (
                <button type="button" className="tile-link" onClick={() => onOpen?.(item)} aria-label={name}>
                  {content}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {hasMore ? (
        <div ref={sentinel} className="grid-more">
          {loadingMore ? (
            <Spinner label="Loading more" />
          ) : (
            <button type="button" className="btn btn-sm" onClick={onLoadMore}>
              Load more
            </button>
          )}
        </div>
      ) : null}
    </>
  );
}

export function MediaGridSkeleton({ count = 18 }: { count?: number }) {
  return (
    <ul className="media-grid" aria-hidden="true">
      {Array.from({ length: count }, (_, index) => (
        <li key={index} className="tile">
          <div className="tile-thumb skeleton" />
          <span className="skeleton" style={{ height: 12, width: '70%', marginTop: 8 }} />
        </li>
      ))}
    </ul>
  );
}
