import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LIBRARY } from '../api/media-files';
import { getSession, resetSessionForTests, startSession } from '../api/session';
import type { MediaItem } from '../api/types';
import { MediaStage } from '../components/media/MediaStage';
import { Thumbnail } from '../components/media/Thumbnail';

const user = { id: 'me', username: 'ada', role: 'editor' as const };
const pair = (access: string, refresh: string) => ({
  access_token: access,
  token_type: 'Bearer' as const,
  expires_in: 900,
  refresh_token: refresh,
  user,
});
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const item = (type: MediaItem['media_type'], mime: string, id: string): MediaItem => ({
  id,
  owner_id: 'me',
  title: `A ${type}`,
  description: null,
  file_name: `file.${mime.split('/')[1] ?? 'bin'}`,
  media_type: type,
  mime_type: mime,
  size_bytes: 1000,
  content_hash: 'abc',
  width: null,
  height: null,
  duration_secs: 30,
  tags: [],
  metadata: {},
  created_at: '2026-11-27T10:00:00.000Z',
  updated_at: '2026-11-27T10:00:00.000Z',
});
const VIDEO = item('video', 'video/mp4', '0190a1b2-c3d4-7e5f-8a9b-00000000000a');
const PHOTO = item('image', 'image/jpeg', '0190a1b2-c3d4-7e5f-8a9b-00000000000b');

/** The server takes `valid`; a refresh hands out `next`. */
function installServer(state: { valid: string; next: string; refreshes: number }) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const request =
        input instanceof Request ? input : new Request(new URL(String(input), location.href), init);
      const path = new URL(request.url, location.href).pathname;
      if (path === '/api/v1/auth/refresh') {
        state.refreshes += 1;
        state.valid = state.next;
        return json(200, pair(state.next, `refresh-${state.refreshes + 1}`));
      }
      if (request.headers.get('authorization') !== `Bearer ${state.valid}`) {
        return json(401, { error: 'unauthorized', message: 'The access token is invalid or expired.' });
      }
      return new Response('x', { status: 206 });
    }),
  );
}

const tokenIn = (src: string | null) => new URL(src ?? '', location.href).searchParams.get('access_token');

describe('media elements loading library URLs', () => {
  beforeEach(() => resetSessionForTests());
  afterEach(() => vi.unstubAllGlobals());

  it('plays a video from its URL with the access token, and keeps that URL when the token is refreshed', () => {
    startSession(pair('first', 'refresh-1'));
    const { container } = render(<MediaStage item={VIDEO} source={LIBRARY} />);
    const video = container.querySelector('video');
    expect(video?.getAttribute('src')).toBe(`/api/v1/media/${VIDEO.id}/stream?access_token=first`);
    // Another request refreshed the session: a playing video must not be reloaded for that.
    act(() => void startSession(pair('second', 'refresh-2')));
    expect(tokenIn(container.querySelector('video')?.getAttribute('src') ?? null)).toBe('first');
  });

  it('recovers a video that failed with 401: refresh, new URL, same position, still playing', async () => {
    startSession(pair('stale', 'refresh-1'));
    const server = { valid: 'stale', next: 'fresh', refreshes: 0 };
    installServer(server);
    const { container } = render(<MediaStage item={VIDEO} source={LIBRARY} />);
    const video = container.querySelector('video') as HTMLVideoElement;
    // The server stops taking the token while the video plays at 12.5 s.
    server.valid = 'revoked-for-this-test';
    server.next = 'fresh';
    const play = vi.fn(() => Promise.resolve());
    Object.defineProperty(video, 'paused', { configurable: true, get: () => false });
    Object.defineProperty(video, 'play', { configurable: true, value: play });
    video.currentTime = 12.5;
    fireEvent.error(video);

    await waitFor(() => expect(tokenIn(video.getAttribute('src'))).toBe('fresh'));
    expect(server.refreshes).toBe(1);
    expect(getSession()?.accessToken).toBe('fresh');
    video.currentTime = 0;
    fireEvent.loadedMetadata(video);
    expect(video.currentTime).toBe(12.5);
    expect(play).toHaveBeenCalledTimes(1);
  });

  it('says why when the file itself is refused, in the server’s words', async () => {
    startSession(pair('good', 'refresh-1'));
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json(404, { error: 'not_found', message: 'Media not found.' })),
    );
    const { container } = render(<MediaStage item={PHOTO} source={LIBRARY} />);
    fireEvent.error(container.querySelector('img') as HTMLImageElement);
    expect(await screen.findByText(/Media not found\./)).toBeTruthy();
  });

  it('says why a public link’s file fails, without touching the session', async () => {
    startSession(pair('mine', 'refresh-1'));
    const fetchMock = vi.fn(async () =>
      json(401, { error: 'unauthorized', message: 'This link has changed; open it again.' }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const link = { kind: 'link' as const, token: 'link-token', accessToken: 'link-access' };
    const { container } = render(<MediaStage item={PHOTO} source={link} />);
    const image = container.querySelector('img') as HTMLImageElement;
    expect(image.getAttribute('src')).toBe(
      `/api/v1/shared/link-token/media/${PHOTO.id}/stream?access_token=link-access`,
    );
    fireEvent.error(image);
    expect(await screen.findByText(/This link has changed; open it again\./)).toBeTruthy();
    expect(getSession()?.accessToken).toBe('mine');
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('loads a link’s file again once the link was opened again with a new access token', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        json(401, { error: 'unauthorized', message: 'This link has changed; open it again.' }),
      ),
    );
    const stale = { kind: 'link' as const, token: 'link-token', accessToken: 'old-access' };
    const { container, rerender } = render(<MediaStage item={PHOTO} source={stale} />);
    fireEvent.error(container.querySelector('img') as HTMLImageElement);
    expect(await screen.findByText(/This link has changed; open it again\./)).toBeTruthy();
    expect(container.querySelector('img')).toBeNull();

    rerender(<MediaStage item={PHOTO} source={{ ...stale, accessToken: 'new-access' }} />);
    expect(container.querySelector('img')?.getAttribute('src')).toBe(
      `/api/v1/shared/link-token/media/${PHOTO.id}/stream?access_token=new-access`,
    );
    expect(screen.queryByText(/This link has changed/)).toBeNull();
  });

  it('shows a thumbnail by URL, and the kind of file when there is none (no request to find out)', async () => {
    startSession(pair('good', 'refresh-1'));
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    const { container } = render(<Thumbnail item={VIDEO} source={LIBRARY} />);
    const image = container.querySelector('img') as HTMLImageElement;
    expect(image.getAttribute('src')).toBe(`/api/v1/media/${VIDEO.id}/thumbnail?access_token=good`);
    fireEvent.error(image);
    expect(await screen.findByText('MP4')).toBeTruthy();
    expect(container.querySelector('img')).toBeNull();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('gets a new token first when the one at hand is about to lapse', async () => {
    startSession({ ...pair('lapsing', 'refresh-1'), expires_in: 5 });
    const server = { valid: 'lapsing', next: 'renewed', refreshes: 0 };
    installServer(server);
    const { container } = render(<Thumbnail item={PHOTO} source={LIBRARY} />);
    expect(container.querySelector('img')).toBeNull();
    await waitFor(() =>
      expect(tokenIn(container.querySelector('img')?.getAttribute('src') ?? null)).toBe('renewed'),
    );
    expect(server.refreshes).toBe(1);
  });
});
