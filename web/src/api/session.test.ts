import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { authFetch, getSession, resetSessionForTests, sessionEndReason, startSession } from './session';

const user = { id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', username: 'ada', role: 'editor' as const };
const pair = (access: string, refresh: string) => ({
  access_token: access,
  token_type: 'Bearer' as const,
  expires_in: 900,
  refresh_token: refresh,
  user,
});
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

interface FakeServer {
  refreshes: string[];
  /** The access token the API accepts. */
  valid: string;
  refreshAnswer: () => Response;
}

function installServer(server: FakeServer) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request =
      input instanceof Request ? input : new Request(new URL(String(input), 'http://localhost:8420'), init);
    const path = new URL(request.url).pathname;
    if (path === '/api/v1/auth/refresh') {
      const body = (await request.json()) as { refresh_token: string };
      server.refreshes.push(body.refresh_token);
      // Slow enough that the second 401 arrives while the first refresh is still running.
      await new Promise((resolve) => setTimeout(resolve, 20));
      return server.refreshAnswer();
    }
    return request.headers.get('authorization') === `Bearer ${server.valid}`
      ? json(200, { ok: path })
      : json(401, { error: 'unauthorized', message: 'The access token is invalid or expired.' });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

describe('session refresh', () => {
  beforeEach(() => resetSessionForTests());
  afterEach(() => vi.unstubAllGlobals());

  it('turns two parallel 401s into ONE refresh (a reused refresh token would end the session)', async () => {
    startSession(pair('old-access', 'refresh-1'));
    const server: FakeServer = {
      refreshes: [],
      valid: 'new-access',
      refreshAnswer: () => json(200, pair('new-access', 'refresh-2')),
    };
    installServer(server);

    const [first, second] = await Promise.all([
      authFetch(new Request('http://localhost:8420/api/v1/media')),
      authFetch(new Request('http://localhost:8420/api/v1/tags')),
    ]);

    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(server.refreshes).toEqual(['refresh-1']);
    expect(getSession()?.refreshToken).toBe('refresh-2');
  });

  it('retries a request with a body after the refresh, body intact', async () => {
    startSession(pair('old-access', 'refresh-1'));
    const server: FakeServer = {
      refreshes: [],
      valid: 'new-access',
      refreshAnswer: () => json(200, pair('new-access', 'refresh-2')),
    };
    const fetchMock = installServer(server);
    const response = await authFetch(
      new Request('http://localhost:8420/api/v1/tags', {
        method: 'POST',
        body: JSON.stringify({ name: 'holiday' }),
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(response.status).toBe(200);
    const retried = fetchMock.mock.calls.at(-1)?.[0] as Request;
    expect(await retried.json()).toEqual({ name: 'holiday' });
  });

  it('a later 401 for a token already replaced does not refresh again', async () => {
    startSession(pair('old-access', 'refresh-1'));
    const server: FakeServer = {
      refreshes: [],
      valid: 'new-access',
      refreshAnswer: () => json(200, pair('new-access', 'refresh-2')),
    };
    installServer(server);
    await authFetch(new Request('http://localhost:8420/api/v1/media'));
    await authFetch(new Request('http://localhost:8420/api/v1/media'));
    expect(server.refreshes).toEqual(['refresh-1']);
  });

  it('ends the session when the refresh is refused, and hands back the 401', async () => {
    startSession(pair('old-access', 'refresh-1'));
    const server: FakeServer = {
      refreshes: [],
      valid: 'never',
      refreshAnswer: () =>
        json(401, { error: 'unauthorized', message: 'The refresh token is no longer valid.' }),
    };
    installServer(server);
    const [a, b] = await Promise.all([
      authFetch(new Request('http://localhost:8420/api/v1/media')),
      authFetch(new Request('http://localhost:8420/api/v1/tags')),
    ]);
    expect([a.status, b.status]).toEqual([401, 401]);
    expect(server.refreshes).toEqual(['refresh-1']);
    expect(getSession()).toBeNull();
    expect(sessionEndReason()).toBe('expired');
  });

  it('keeps the session when the refresh fails for want of a network', async () => {
    startSession(pair('old-access', 'refresh-1'));
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL) => {
        const url = input instanceof Request ? input.url : String(input);
        if (url.endsWith('/auth/refresh')) throw new TypeError('Failed to fetch');
        return json(401, { error: 'unauthorized', message: 'expired' });
      }),
    );
    await expect(authFetch(new Request('http://localhost:8420/api/v1/media'))).rejects.toMatchObject({
      code: 'network_error',
    });
    expect(getSession()?.refreshToken).toBe('refresh-1');
  });
});
