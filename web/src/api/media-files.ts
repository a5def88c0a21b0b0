import { apiErrorFrom, networkError } from './errors';
import { authFetch } from './session';

/** Where a media file comes from: the signed-in library, or a public link with its access token. */
export type MediaSource = { kind: 'library' } | { kind: 'link'; token: string; accessToken: string };

export type FileKind = 'thumbnail' | 'stream' | 'download';

export const LIBRARY: MediaSource = { kind: 'library' };

export function libraryFileUrl(mediaId: string, kind: FileKind): string {
  return `/api/v1/media/${encodeURIComponent(mediaId)}/${kind}`;
}

/** Link file URLs carry the link's short-lived access token, so <img> and <video> can use them directly. */
export function linkFileUrl(token: string, accessToken: string, mediaId: string, kind: FileKind): string {
  return `/api/v1/shared/${encodeURIComponent(token)}/media/${encodeURIComponent(mediaId)}/${kind}?access_token=${encodeURIComponent(accessToken)}`;
}

/** Fetches a library file with the bearer token (elements cannot send one) as a Blob. */
export async function fetchLibraryFile(mediaId: string, kind: FileKind, signal?: AbortSignal): Promise<Blob> {
  const response = await authFetch(new Request(libraryFileUrl(mediaId, kind), signal ? { signal } : {}));
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    throw apiErrorFrom(response, body);
  }
  return response.blob();
}

/** Any file as a Blob: for previews that must not load the URL directly (PDF frames, text). */
export async function fetchFileBlob(
  source: MediaSource,
  mediaId: string,
  kind: FileKind,
  signal?: AbortSignal,
): Promise<Blob> {
  if (source.kind === 'library') return fetchLibraryFile(mediaId, kind, signal);
  let response: Response;
  try {
    response = await fetch(
      linkFileUrl(source.token, source.accessToken, mediaId, kind),
      signal ? { signal } : {},
    );
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw networkError();
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    throw apiErrorFrom(response, body);
  }
  return response.blob();
}

/** Saves a file under its name: a direct link when the URL authorises itself, a Blob otherwise. */
export async function downloadFile(source: MediaSource, mediaId: string, fileName: string): Promise<void> {
  const anchor = document.createElement('a');
  anchor.download = fileName;
  anchor.rel = 'noopener';
  if (source.kind === 'link') {
    anchor.href = linkFileUrl(source.token, source.accessToken, mediaId, 'download');
    anchor.click();
    return;
  }
  const blob = await fetchLibraryFile(mediaId, 'download');
  const url = URL.createObjectURL(blob);
  anchor.href = url;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // Give the browser a moment to start the save before letting the memory go.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
