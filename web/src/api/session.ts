import { ApiError, apiErrorFrom, networkError } from './errors';
import type { TokenPair, User } from './types';

/** A signed-in session as the browser keeps it (shared by every tab through localStorage). */
export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds after which the access token is no longer accepted. */
  accessExpiresAt: number;
  user: User;
}

export type SessionEndReason = 'signed_out' | 'expired';

const STORAGE_KEY = 'pinakes.session';
const LOCK_NAME = 'pinakes.refresh';
/** Refresh a little before expiry so requests rarely meet a 401 at all. */
const EARLY_REFRESH_MS = 20_000;

type Listener = () => void;
const listeners = new Set<Listener>();
let current: Session | null = readStored();
let lastEndReason: SessionEndReason | null = null;
let refreshing: Promise<Session | null> | null = null;

function readStored(): Session | null {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Session>;
    if (
      typeof parsed.accessToken === 'string' &&
      typeof parsed.refreshToken === 'string' &&
      typeof parsed.accessExpiresAt === 'number' &&
      parsed.user &&
      typeof parsed.user.id === 'string'
    ) {
      return parsed as Session;
    }
  } catch {
    // A corrupt or inaccessible entry is the same as none: the person signs in again.
  }
  return null;
}

function writeStored(session: Session | null): void {
  try {
    if (session) globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(session));
    else globalThis.localStorage?.removeItem(STORAGE_KEY);
  } catch {
    // Private modes may refuse storage; the session still lives in memory for this tab.
  }
}

function notify(): void {
  for (const listener of listeners) listener();
}

export function getSession(): Session | null {
  return current;
}

export function sessionEndReason(): SessionEndReason | null {
  return lastEndReason;
}

export function subscribeSession(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function sessionFromPair(pair: TokenPair, now = Date.now()): Session {
  return {
    accessToken: pair.access_token,
    refreshToken: pair.refresh_token,
    accessExpiresAt: now + pair.expires_in * 1000,
    user: pair.user,
  };
}

export function startSession(pair: TokenPair): Session {
  current = sessionFromPair(pair);
  lastEndReason = null;
  writeStored(current);
  notify();
  return current;
}

export function endSession(reason: SessionEndReason): void {
  if (!current) return;
  current = null;
  lastEndReason = reason;
  writeStored(null);
  notify();
}

export function updateUser(user: User): void {
  if (!current) return;
  current = { ...current, user };
  writeStored(current);
  notify();
}

// Another tab signed in, refreshed or signed out: follow it.
globalThis.addEventListener?.('storage', (event: StorageEvent) => {
  if (event.key !== STORAGE_KEY && event.key !== null) return;
  const stored = readStored();
  if (!stored && current) lastEndReason = 'signed_out';
  current = stored;
  notify();
});

/** Runs `task` holding a lock shared by every tab, so two tabs never spend one refresh token. */
async function withRefreshLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return task();
  return locks.request(LOCK_NAME, task) as Promise<T>;
}

async function exchange(stale: Session): Promise<Session | null> {
  // Inside the lock, storage is the truth: another tab may already have rotated the pair.
  const stored = readStored();
  if (!stored) {
    if (current) endSession('expired');
    return null;
  }
  if (stored.refreshToken !== stale.refreshToken) {
    current = stored;
    notify();
    return stored;
  }
  let response: Response;
  try {
    response = await fetch('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: stale.refreshToken }),
    });
  } catch {
    throw networkError();
  }
  if (response.ok) return startSession((await response.json()) as TokenPair);
  const body: unknown = await response.json().catch(() => null);
  if (response.status === 400 || response.status === 401) {
    endSession('expired');
    return null;
  }
  throw apiErrorFrom(response, body);
}

/**
 * Trades the refresh token for a new pair, once however many callers ask at the same time:
 * refresh tokens rotate and reusing a spent one ends the whole session, so parallel 401s must
 * share one exchange. Resolves to null when the session is over.
 */
export function refreshSession(staleAccessToken: string): Promise<Session | null> {
  if (current && current.accessToken !== staleAccessToken) return Promise.resolve(current);
  if (!current) return Promise.resolve(null);
  if (!refreshing) {
    const stale = current;
    refreshing = withRefreshLock(() => exchange(stale)).finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

/** Whether a session's access token is still good for a while (not about to lapse). */
export function accessTokenIsFresh(session: Session, now = Date.now()): boolean {
  return session.accessExpiresAt - now > EARLY_REFRESH_MS;
}

/** The access token to send now, refreshed first when it is about to lapse. */
export async function freshAccessToken(now = Date.now()): Promise<string | null> {
  const session = current;
  if (!session) return null;
  if (accessTokenIsFresh(session, now)) return session.accessToken;
  try {
    const next = await refreshSession(session.accessToken);
    return next?.accessToken ?? null;
  } catch (error) {
    // Offline or server trouble: try with the token we have; the request will tell.
    if (error instanceof ApiError) return session.accessToken;
    throw error;
  }
}

/**
 * fetch with the bearer token; on a 401, one shared refresh and one retry.
 * Requests are cloned before sending so a body can be sent again.
 */
export async function authFetch(request: Request): Promise<Response> {
  const token = await freshAccessToken();
  const retry = request.clone();
  if (token) request.headers.set('authorization', `Bearer ${token}`);
  let response: Response;
  try {
    response = await fetch(request);
  } catch {
    throw networkError();
  }
  if (response.status !== 401 || !token) return response;
  const next = await refreshSession(token);
  if (!next) return response;
  retry.headers.set('authorization', `Bearer ${next.accessToken}`);
  try {
    return await fetch(retry);
  } catch {
    throw networkError();
  }
}

/**
 * fetch with the bearer token but no refresh-and-retry on 401: for calls whose 401 means
 * something else (a wrong current password), where a retry would count a second failure.
 */
export async function bearerFetch(request: Request): Promise<Response> {
  const token = await freshAccessToken();
  if (token) request.headers.set('authorization', `Bearer ${token}`);
  try {
    return await fetch(request);
  } catch {
    throw networkError();
  }
}

/** For tests: forget everything kept in memory and storage. */
export function resetSessionForTests(): void {
  current = null;
  lastEndReason = null;
  refreshing = null;
  writeStored(null);
  listeners.clear();
}
