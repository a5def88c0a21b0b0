import { useQuery } from '@tanstack/react-query';
import { fetchFileBlob, linkFileUrl, type FileKind, type MediaSource } from '../api/media-files';

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
  /** Load into memory even when the URL could be used directly (PDF frames). */
  asBlob?: boolean;
  /** The Blob's type, when the preview depends on it (a PDF frame must be application/pdf). */
  type?: string;
}

/**
 * A URL an element can load: link files directly (range requests and all), library files
 * through an authorised fetch turned into an object URL.
 */
export function useFileUrl(
  source: MediaSource,
  mediaId: string,
  kind: Exclude<FileKind, 'download'>,
  options: FileUrlOptions = {},
): FileUrl {
  const enabled = options.enabled ?? true;
  const direct = source.kind === 'link' && !options.asBlob;
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
    enabled: enabled && !direct,
    staleTime: Infinity,
    gcTime: kind === 'thumbnail' ? 10 * 60_000 : 60_000,
    retry: 1,
    meta: { silent: true },
  });
  if (direct && source.kind === 'link') {
    return {
      url: enabled ? linkFileUrl(source.token, source.accessToken, mediaId, kind) : null,
      error: null,
      loading: false,
    };
  }
  return { url: query.data ?? null, error: query.error, loading: query.isPending && enabled };
}
