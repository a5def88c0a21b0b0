import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { MediaSource } from '../../api/media-files';
import type { MediaItem } from '../../api/types';
import { useViewerKeys } from '../../hooks/use-viewer-keys';
import { Icon } from '../Icon';
import { MediaStage } from './MediaStage';

interface ViewerFrameProps {
  item: MediaItem;
  source: MediaSource;
  onClose: () => void;
  closeLabel?: string;
  onPrevious?: (() => void) | undefined;
  onNext?: (() => void) | undefined;
  /** Buttons in the top bar (share, download, …). */
  actions?: ReactNode;
  /** The details panel. */
  info: ReactNode;
  position?: { index: number; count: number } | undefined;
}

/** Full-screen viewer: a bar, the item, arrows between siblings, and a details panel. */
export function ViewerFrame({
  item,
  source,
  onClose,
  closeLabel = 'Back',
  onPrevious,
  onNext,
  actions,
  info,
  position,
}: ViewerFrameProps) {
  const [showInfo, setShowInfo] = useState(
    () => globalThis.matchMedia?.('(min-width: 861px)').matches ?? true,
  );
  const heading = useRef<HTMLHeadingElement>(null);
  useViewerKeys({ onPrevious, onNext, onClose, onToggleInfo: () => setShowInfo((value) => !value) });
  // Moving to another item: announce it by moving focus to its title.
  useEffect(() => heading.current?.focus(), [item.id]);
  const name = item.title || item.file_name;

  return (
    <div className={`viewer${showInfo ? '' : ' info-hidden'}`} role="region" aria-label={`Viewer: ${name}`}>
      <div className="viewer-bar">
        <button type="button" className="btn btn-icon" onClick={onClose} aria-label={closeLabel}>
          <Icon name="back" />
        </button>
        <h1 ref={heading} tabIndex={-1} className="viewer-title truncate">
          {name}
          {position ? (
            <span className="visually-hidden">{`, item ${position.index + 1} of ${position.count}`}</span>
          ) : null}
        </h1>
        {actions}
        <button
          type="button"
          className="btn btn-icon"
          aria-pressed={showInfo}
          aria-label={showInfo ? 'Hide details' : 'Show details'}
          onClick={() => setShowInfo((value) => !value)}
        >
          <Icon name="info" />
        </button>
      </div>
      <div className="viewer-stage">
        <MediaStage item={item} source={source} />
        {onPrevious ? (
          <button type="button" className="viewer-nav prev" onClick={onPrevious} aria-label="Previous item">
            <Icon name="chevronLeft" />
          </button>
        ) : null}
        {onNext ? (
          <button type="button" className="viewer-nav next" onClick={onNext} aria-label="Next item">
            <Icon name="chevronRight" />
          </button>
        ) : null}
      </div>
      {showInfo ? (
        <aside className="viewer-info" aria-label="Details">
          {info}
        </aside>
      ) : null}
    </div>
  );
}
