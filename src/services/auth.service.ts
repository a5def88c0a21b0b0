import type { AppContext } from '../context.js';
import type { UserRow } from '../db/schema.js';
import { rateLimited, unauthorized } from '../errors.js';
import { clientAddressKey } from '../lib/client-address.js';
import { isoNow } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import { timingDummyHash, verifyPassword } from '../lib/passwords.js';
import { randomToken, sha256 } from '../lib/secrets.js';
import { FailureThrottle } from '../lib/throttle.js';
import type { Principal } from '../plugins/auth.js';
import { presentUser } from '../presenters/user.presenter.js';
import { findUserByUsername } from '../repositories/users.repository.js';
import {
  findRefreshToken,
  insertRefreshToken,
  insertSession,
  revokeSession,
  spendRefreshToken,
  touchSession,
} from '../repositories/sessions.repository.js';
import { signToken } from './tokens.service.js';

const LOGIN_FAILURES_ALLOWED = 10;
const LOGIN_WINDOW_MS = 15 * 60 * 1000;

export interface ClientInfo {
  ip: string;
  userAgent: string | undefined;
}

export interface TokenPair {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  user: ReturnType<typeof presentUser>;
}

const throttles = new WeakMap<AppContext, { byUser: FailureThrottle; byAddress: FailureThrottle }>();

function loginThrottles(ctx: AppContext) {
  let found = throttles.get(ctx);
  if (!found) {
    found = {
      byUser: new FailureThrottle(ctx.clock, LOGIN_FAILURES_ALLOWED, LOGIN_WINDOW_MS),
      // An address may fail more often than one account (several people behind one NAT).
      byAddress: new FailureThrottle(ctx.clock, LOGIN_FAILURES_ALLOWED * 5, LOGIN_WINDOW_MS),
    };
    throttles.set(ctx, found);
  }
  return found;
}

async function issueTokens(
  ctx: AppContext,
  user: Pick<UserRow, 'id' | 'username' | 'role'>,
  sessionId: string,
): Promise<TokenPair> {
  const now = isoNow(ctx.clock);
  const refreshToken = randomToken(32);
  await insertRefreshToken(ctx.db.kysely, {
    id: newId(),
    session_id: sessionId,
    token_hash: sha256(refreshToken),
    created_at: now,
  });
  const ttl = ctx.config.accessTokenTtlSeconds;
  const { token } = await signToken(ctx, 'pinakes:api', user.id, ttl, { sid: sessionId });
  return {
    access_token: token,
    token_type: 'Bearer',
    expires_in: ttl,
    refresh_token: refreshToken,
    user: presentUser(user),
  };
}

/** Opens a session for a user whose identity is already established (login, setup). */
export async function startSession(
  ctx: AppContext,
  user: Pick<UserRow, 'id' | 'username' | 'role'>,
  client: ClientInfo,
): Promise<TokenPair> {
  const now = ctx.clock.now();
  const sessionId = newId();
  await insertSession(ctx.db.kysely, {
    id: sessionId,
    user_id: user.id,
    user_agent: client.userAgent?.slice(0, 500) ?? null,
    ip: client.ip,
    created_at: now.toISOString(),
    last_used_at: now.toISOString(),
    expires_at: new Date(now.getTime() + ctx.config.refreshTokenTtlSeconds * 1000).toISOString(),
    revoked_at: null,
  });
  return issueTokens(ctx, user, sessionId);
}

export async function login(
  ctx: AppContext,
  credentials: { username: string; password: string },
  client: ClientInfo,
): Promise<TokenPair> {
  const { byUser, byAddress } = loginThrottles(ctx);
  const userKey = credentials.username.toLowerCase();
  const addressKey = clientAddressKey(client.ip);
  const wait = Math.max(byUser.retryAfterSeconds(userKey), byAddress.retryAfterSeconds(addressKey));
  if (wait > 0) throw rateLimited(wait, 'Too many failed logins; try again later.');

  const user = await findUserByUsername(ctx.db.kysely, credentials.username);
  // Verify against a dummy hash for unknown users so timing does not tell who exists.
  const valid = await verifyPassword(user?.password_hash ?? (await timingDummyHash()), credentials.password);
  if (!user || !valid || user.disabled === 1) {
    byUser.fail(userKey);
    byAddress.fail(addressKey);
    throw unauthorized('The username or password is wrong.');
  }
  byUser.reset(userKey);
  return startSession(ctx, user, client);
}

/**
 * Rotates a refresh token. A token presented twice means it leaked: the whole session
 * (every token descended from the same login) is revoked.
 */
export async function refresh(ctx: AppContext, refreshToken: string): Promise<TokenPair> {
  const found = await findRefreshToken(ctx.db.kysely, sha256(refreshToken));
  const now = isoNow(ctx.clock);
  if (!found || found.revoked_at !== null || found.expires_at <= now || found.disabled === 1) {
    throw unauthorized('The refresh token is invalid or expired.');
  }
  if (found.used_at !== null || !(await spendRefreshToken(ctx.db.kysely, found.token_id, now))) {
    await revokeSession(ctx.db.kysely, found.session_id, now);
    ctx.log.warn({ sessionId: found.session_id }, 'refresh token reused; session revoked');
    throw unauthorized('The refresh token was already used; sign in again.');
  }
  await touchSession(ctx.db.kysely, found.session_id, now);
  return issueTokens(
    ctx,
    { id: found.user_id, username: found.username, role: found.role },
    found.session_id,
  );
}

export async function logout(ctx: AppContext, principal: Principal): Promise<void> {
  await revokeSession(ctx.db.kysely, principal.sessionId, isoNow(ctx.clock));
}
