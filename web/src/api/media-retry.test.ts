import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './errors';
import { decideRetry } from './media-retry';
import { getSession, resetSessionForTests, startSession } from './session';

const MEDIA = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const user = { id: 'me', username: 'ada', role: 'editor' as const };
const pair = (access: string, refresh: string, expiresIn = 900) => ({
  access_token: access,
  token_type: 'Bearer' as const,
  expires_in: expiresIn,
  refresh_token: refresh,
  user,
});
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A server that accepts `valid` as the access token and answers refreshes with `next`. */
function installServer(options: { valid: string; next?: string; fileStatus?: number }) {
  const seen: Array<{ path: string; authorization: string | null; range: string | null }> = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request =
      input instanceof Request ? input : new Request(new URL(String(input), location.href), init);
    const path = new URL(request.url, location.href).pathname;
    seen.push({
      path,
      authorization: request.headers.get('authorization'),
      range: request.headers.get('range'),
    });
    if (path === '/api/v1/auth/refresh') {
      return options.next
        ? json(200, pair(options.next, 'refresh-2'))
        : json(401, { error: 'unauthorized', message: 'The refresh token is no longer valid.' });
    }
    if (request.headers.get('authorization') !== `Bearer ${options.valid}`) {
      return json(401, { error: 'unauthorized', message: 'The access token is invalid or expired.' });
    }
    const status = options.fileStatus ?? 206;
    return status < 400
      ? new Response('x', { status })
      : json(status, { error: 'not_found', message: 'Media not found.' });
  });
  vi.stubGlobal('fetch', fetchMock);
  return seen;
}

describe('what to do when an element fails to load a library URL', () => {
  beforeEach(() => resetSessionForTests());
  afterEach(() => vi.unstubAllGlobals());

  it('retries with the token another request already refreshed, asking nobody', async () => {
    startSession(pair('newer', 'refresh-1'));
    const seen = installServer({ valid: 'newer' });
    const decision = await decideRetry('older', { mediaId: MEDIA, kind: 'stream', explain: true });
    expect(decision).toEqual({ retryWith: 'newer' });
    expect(seen).toEqual([]);
  });

  it('gives up at once on a thumbnail whose token is still good (no thumbnail, not a token problem)', async () => {
    startSession(pair('good', 'refresh-1'));
    const seen = installServer({ valid: 'good' });
    const decision = await decideRetry('good', { mediaId: MEDIA, kind: 'thumbnail', explain: false });
    expect(decision).toEqual({ giveUp: null });
    expect(seen).toEqual([]);
  });

  it('refreshes a lapsed token once and retries with the new one', async () => {
    startSession(pair('lapsed', 'refresh-1', 5));
    const seen = installServer({ valid: 'fresh', next: 'fresh' });
    const decision = await decideRetry('lapsed', { mediaId: MEDIA, kind: 'thumbnail', explain: false });
    expect(decision).toEqual({ retryWith: 'fresh' });
    expect(seen.map((request) => request.path)).toEqual(['/api/v1/auth/refresh']);
  });

  it('probes a stream with one ranged request; a 401 there refreshes and the retry gets the new token', async () => {
    // The token looks good to the browser, but the server no longer takes it.
    startSession(pair('refused', 'refresh-1'));
    const seen = installServer({ valid: 'fresh', next: 'fresh' });
    const decision = await decideRetry('refused', { mediaId: MEDIA, kind: 'stream', explain: true });
    expect(decision).toEqual({ retryWith: 'fresh' });
    expect(seen).toEqual([
      { path: `/api/v1/media/${MEDIA}/stream`, authorization: 'Bearer refused', range: 'bytes=0-0' },
      { path: '/api/v1/auth/refresh', authorization: null, range: null },
      { path: `/api/v1/media/${MEDIA}/stream`, authorization: 'Bearer fresh', range: 'bytes=0-0' },
    ]);
    expect(getSession()?.accessToken).toBe('fresh');
  });

  it('gives up with the server’s reason when the file itself is refused', async () => {
    startSession(pair('good', 'refresh-1'));
    installServer({ valid: 'good', fileStatus: 404 });
    const decision = await decideRetry('good', { mediaId: MEDIA, kind: 'stream', explain: true });
    expect('giveUp' in decision && decision.giveUp).toBeInstanceOf(ApiError);
    expect('giveUp' in decision && (decision.giveUp as ApiError).message).toBe('Media not found.');
  });

  it('gives up without a reason when the bytes are reachable: the element could not use them', async () => {
    startSession(pair('good', 'refresh-1'));
    installServer({ valid: 'good' });
    const decision = await decideRetry('good', { mediaId: MEDIA, kind: 'stream', explain: true });
    expect(decision).toEqual({ giveUp: null });
  });

  it('gives up when the session is over', async () => {
    installServer({ valid: 'good' });
    expect(await decideRetry('good', { mediaId: MEDIA, kind: 'stream', explain: true })).toEqual({
      giveUp: null,
    });
  });
});
