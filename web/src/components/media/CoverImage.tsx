import { useState } from 'react';
import { LIBRARY } from '../../api/media-files';
import { useFileUrl } from '../../hooks/use-file-url';
import { Icon, type IconName } from '../Icon';

/** A collection's cover (a member's thumbnail), or its icon when it has none. */
export function CoverImage({ mediaId, icon }: { mediaId: string | null; icon: IconName }) {
  const file = useFileUrl(LIBRARY, mediaId ?? '', 'thumbnail', { enabled: mediaId !== null });
  const [failed, setFailed] = useState(false);
  if (!mediaId || failed || file.error) {
    return (
      <div className="cover cover-empty" aria-hidden="true">
        <Icon name={icon} size={32} />
      </div>
    );
  }
  return (
    <div className="cover" aria-hidden="true">
      {file.url ? (
        <img src={file.url} alt="" onError={() => setFailed(true)} />
      ) : (
        <div className="skeleton cover-loading" />
      )}
    </div>
  );
}
