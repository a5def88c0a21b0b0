import { apiErrorFrom, networkError } from './errors';
import { authFetch, getSession } from './session';

/** Where a media file comes from: the signed-in library, or a public link with its access token. */
export type MediaSource = { kind: 'library' } | { kind: 'link'; token: string; accessToken: string };

export type FileKind = 'thumbnail' | 'stream' | 'download';

export const LIBRARY: MediaSource = { kind: 'library' };

/**
 * A library file's URL. With the access token it authorises itself, so <img>, <video>, <audio>
 * and download links load it directly (ranges, streaming, the browser's cache) without a header.
 */
export function libraryFileUrl(mediaId: string, kind: FileKind, accessToken?: string | null): string {
  const path = `/api/v1/media/${encodeURIComponent(mediaId)}/${kind}`;
  return accessToken ? `${path}?access_token=${encodeURIComponent(accessToken)}` : path;
}

/** Link file URLs carry the link's short-lived access token, so <img> and <video> can use them directly. */
export function linkFileUrl(token: string, accessToken: string, mediaId: string, kind: FileKind): string {
  return `/api/v1/shared/${encodeURIComponent(token)}/media/${encodeURIComponent(mediaId)}/${kind}?access_token=${encodeURIComponent(accessToken)}`;
}

/**
 * Asks for the first byte of a library file with the bearer token (refreshing it on a 401):
 * says in the server's words why a file cannot be loaded, and leaves a fresh token behind.
 */
export async function probeLibraryFile(mediaId: string, kind: FileKind): Promise<void> {
  const response = await authFetch(
    new Request(libraryFileUrl(mediaId, kind), { headers: { range: 'bytes=0-0' } }),
  );
  if (response.ok) {
    await response.body?.cancel().catch(() => undefined);
    return;
  }
  const body: unknown = await response.json().catch(() => null);
  throw apiErrorFrom(response, body);
}

/** The same check for a file of a public link: says why its URL fails (expired access, revoked link). */
export async function probeLinkFile(
  source: Extract<MediaSource, { kind: 'link' }>,
  mediaId: string,
  kind: FileKind,
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(linkFileUrl(source.token, source.accessToken, mediaId, kind), {
      headers: { range: 'bytes=0-0' },
    });
  } catch {
    throw networkError();
  }
  if (response.ok) {
    await response.body?.cancel().catch(() => undefined);
    return;
  }
  const body: unknown = await response.json().catch(() => null);
  throw apiErrorFrom(response, body);
}

/** Fetches a library file with the bearer token, as a Blob (for previews that need the bytes). */
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

/** Saves a file under its name by a download link: the browser streams it to disk, nothing is buffered here. */
export async function downloadFile(source: MediaSource, mediaId: string, fileName: string): Promise<void> {
  let href: string;
  if (source.kind === 'link') {
    href = linkFileUrl(source.token, source.accessToken, mediaId, 'download');
  } else {
    // Checked first, with a fresh token: a refused download is explained, not a broken file.
    await probeLibraryFile(mediaId, 'download');
    href = libraryFileUrl(mediaId, 'download', getSession()?.accessToken);
  }
  const anchor = document.createElement('a');
  anchor.download = fileName;
  anchor.rel = 'noopener';
  anchor.href = href;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
}
