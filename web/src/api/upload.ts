import { ApiError, apiErrorFrom, networkError } from './errors';
import { freshAccessToken, refreshSession } from './session';
import type { MediaItem } from './types';

export interface UploadProgress {
  loaded: number;
  total: number;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function send(
  file: File,
  token: string | null,
  onProgress: (progress: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<{ status: number; body: unknown; headers: Headers }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/media/upload');
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress({ loaded: event.loaded, total: event.total });
    });
    xhr.addEventListener('load', () => {
      const headers = new Headers();
      const retry = xhr.getResponseHeader('retry-after');
      if (retry) headers.set('retry-after', retry);
      resolve({ status: xhr.status, body: parseJson(xhr.responseText), headers });
    });
    xhr.addEventListener('error', () => reject(networkError()));
    xhr.addEventListener('abort', () => reject(new DOMException('The upload was cancelled.', 'AbortError')));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/**
 * Uploads one file with XMLHttpRequest, because only XHR reports upload progress.
 * A 401 gets one shared token refresh and one retry, like every other call.
 */
export async function uploadFile(
  file: File,
  onProgress: (progress: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<MediaItem[]> {
  const token = await freshAccessToken();
  let result = await send(file, token, onProgress, signal);
  if (result.status === 401 && token) {
    const next = await refreshSession(token);
    if (next) result = await send(file, next.accessToken, onProgress, signal);
  }
  if (result.status >= 200 && result.status < 300) return result.body as MediaItem[];
  const response = new Response(null, { status: result.status, headers: result.headers });
  throw apiErrorFrom(response, result.body) satisfies ApiError;
}
