import type { Share } from '../../api/types';
import { TARGET_LABELS } from '../../lib/permissions';
import { Icon, type IconName } from '../Icon';

const TARGET_ICONS: Record<Share['target_type'], IconName> = {
  media: 'image',
  collection: 'collection',
  tag: 'tag',
  saved_search: 'saved',
};

export function targetHref(share: Pick<Share, 'target_type' | 'target_id'>): string {
  switch (share.target_type) {
    case 'media':
      return `/media/${share.target_id}`;
    case 'collection':
      return `/collections/${share.target_id}`;
    case 'tag':
      return `/?tag=${encodeURIComponent(share.target_id)}`;
    case 'saved_search':
      return `/searches/${share.target_id}`;
  }
}

/** The shared thing: its kind's icon, its name and its kind in words. */
export function TargetCell({ share }: { share: Pick<Share, 'target_type' | 'target_name'> }) {
  return (
    <span className="target-cell">
      <span className="entity-icon small" aria-hidden="true">
        <Icon name={TARGET_ICONS[share.target_type]} size={16} />
      </span>
      <span className="stack" style={{ gap: 0, minWidth: 0 }}>
        <strong className="truncate">{share.target_name ?? 'Deleted'}</strong>
        <span className="faint small">{TARGET_LABELS[share.target_type]}</span>
      </span>
    </span>
  );
}
