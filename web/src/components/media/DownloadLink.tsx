import { useState, type MouseEvent } from 'react';
import { describeError } from '../../api/errors';
import { downloadFile, LIBRARY, libraryFileUrl } from '../../api/media-files';
import type { MediaItem } from '../../api/types';
import { useSession } from '../../hooks/use-session';
import { toast } from '../../lib/toast-store';
import { Icon } from '../Icon';

/**
 * A download link to a library file: the browser saves it straight to disk, however big.
 * A plain click first checks the file with a fresh token, so a refusal is said in words.
 */
export function DownloadLink({ item }: { item: MediaItem }) {
  const session = useSession();
  const [busy, setBusy] = useState(false);

  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    // Open-in-new-tab and save-as gestures go to the browser as they are.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    downloadFile(LIBRARY, item.id, item.file_name)
      .catch((error: unknown) => toast.error(describeError(error)))
      .finally(() => setBusy(false));
  };

  return (
    <a
      className="btn"
      href={libraryFileUrl(item.id, 'download', session?.accessToken)}
      download={item.file_name}
      rel="noopener"
      aria-busy={busy || undefined}
      onClick={onClick}
    >
      <Icon name="download" size={18} />
      <span className="btn-label">Download</span>
    </a>
  );
}
