import { useQuery } from '@tanstack/react-query';
import { fetchFileBlob, type FileKind, type MediaSource } from '../api/media-files';

export interface FileUrl {
  url: string | null;
  error: unknown;
  loading: boolean;
}

/** Object URLs live in the query cache; they are revoked when their entry is dropped (see query-client). */
export const FILE_QUERY_ROOT = 'file-url';

interface FileUrlOptions {
  enabled?: boolean;
  /** Changes when the file may have changed (the item's updated_at). */
  version?: string;
  /** The Blob's type, when the preview depends on it (a PDF frame must be application/pdf). */
  type?: string;
}

/**
 * A file fetched into memory and handed out as an object URL: for previews that must not load
 * the file's own URL (a PDF frame would be refused by the file's frame-ancestors policy).
 * Images, video and audio load their URL directly instead (see useMediaSrc).
 */
export function useFileUrl(
  source: MediaSource,
  mediaId: string,
  kind: Exclude<FileKind, 'download'>,
  options: FileUrlOptions = {},
): FileUrl {
  const enabled = options.enabled ?? true;
  const query = useQuery({
    queryKey: [
      FILE_QUERY_ROOT,
      source.kind === 'link' ? source.token : 'library',
      kind,
      mediaId,
      options.version ?? '',
      options.type ?? '',
    ],
    queryFn: async ({ signal }) => {
      const blob = await fetchFileBlob(source, mediaId, kind, signal);
      const typed =
        options.type && blob.type !== options.type ? new Blob([blob], { type: options.type }) : blob;
      return URL.createObjectURL(typed);
    },
    enabled,
    staleTime: Infinity,
    gcTime: 60_000,
    retry: 1,
    meta: { silent: true },
  });
  return { url: query.data ?? null, error: query.error, loading: query.isPending && enabled };
}
