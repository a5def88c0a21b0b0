import { LIBRARY } from '../../api/media-files';
import { useMediaSrc } from '../../hooks/use-media-src';
import { Icon, type IconName } from '../Icon';

function EmptyCover({ icon }: { icon: IconName }) {
  return (
    <div className="cover cover-empty" aria-hidden="true">
      <Icon name={icon} size={32} />
    </div>
  );
}

function CoverPicture({ mediaId, icon }: { mediaId: string; icon: IconName }) {
  const file = useMediaSrc(LIBRARY, mediaId, 'thumbnail');
  if (file.failure) return <EmptyCover icon={icon} />;
  return (
    <div className="cover" aria-hidden="true">
      {file.src ? (
        <img src={file.src} alt="" onError={file.handlers.onError} onLoad={file.handlers.onLoad} />
      ) : (
        <div className="skeleton cover-loading" />
      )}
    </div>
  );
}

/** A collection's cover (a member's thumbnail), or its icon when it has none. */
export function CoverImage({ mediaId, icon }: { mediaId: string | null; icon: IconName }) {
  return mediaId ? <CoverPicture key={mediaId} mediaId={mediaId} icon={icon} /> : <EmptyCover icon={icon} />;
}
