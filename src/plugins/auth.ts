import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { compiledOnce, slot } from '../db/compiled-query.js';
import type { UsersTable } from '../db/schema.js';
import { forbidden, unauthorized } from '../errors.js';
import { verifyToken } from '../services/tokens.service.js';

export type Role = UsersTable['role'];

/** The signed-in user behind a request. */
export interface Principal {
  userId: string;
  username: string;
  role: Role;
  sessionId: string;
}

/** Who may call a route: anyone, a signed-in user, or an admin. Routes default to `user`. */
export type RouteAuth = 'public' | 'user' | 'admin';

declare module 'fastify' {
  interface FastifyRequest {
    auth: Principal | null;
  }
  interface FastifyContextConfig {
    auth?: RouteAuth;
    /**
     * Also accept the access token as `?access_token=` (GET routes that browsers load through
     * <img>, <video> or EventSource, which cannot send headers). Logs redact it.
     */
    queryToken?: boolean;
  }
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header) return /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (!request.routeOptions.config.queryToken) return undefined;
  const fromQuery = (request.query as Record<string, unknown> | undefined)?.access_token;
  return typeof fromQuery === 'string' && fromQuery.length > 0 ? fromQuery : undefined;
}

/** The user of a live session, if both are live: every authenticated request runs it (compiled once). */
const liveSessionUser = compiledOnce(
  (db) =>
    db
      .selectFrom('users')
      .innerJoin('sessions', 'sessions.user_id', 'users.id')
      .select(['users.id', 'users.username', 'users.role'])
      .where('users.id', '=', slot('userId'))
      .where('users.disabled', '=', 0)
      .where('sessions.id', '=', slot('sessionId'))
      .where('sessions.revoked_at', 'is', null)
      .where('sessions.expires_at', '>', slot('now')),
  ['userId', 'sessionId', 'now'],
);

/**
 * Resolves an access token to a principal: the token must verify and its user and session
 * must still be live, so a deleted or disabled user or a logged-out session stops at once.
 */
export async function principalFromToken(ctx: AppContext, token: string): Promise<Principal | null> {
  const verified = await verifyToken(ctx, 'pinakes:api', token);
  const sessionId = verified?.claims.sid;
  if (!verified || typeof sessionId !== 'string') return null;
  const { rows } = await liveSessionUser(ctx.db.kysely, {
    userId: verified.sub,
    sessionId,
    now: ctx.clock.now().toISOString(),
  });
  const row = rows[0];
  if (!row) return null;
  return { userId: row.id, username: row.username, role: row.role, sessionId };
}

/** Sets `request.auth` and enforces each route's `config.auth` (default: a signed-in user). */
export function installAuth(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    const required: RouteAuth = request.routeOptions.config.auth ?? 'user';
    const token = bearer(request);
    request.auth = token ? await principalFromToken(ctx, token) : null;
    if (required === 'public' || request.is404) return;
    if (!request.auth) throw unauthorized(token ? 'The access token is invalid or expired.' : undefined);
    if (required === 'admin' && request.auth.role !== 'admin') {
      throw forbidden('Only an administrator may do that.');
    }
  });
}

/** The principal of a route that requires one (the hook above has already refused anonymous callers). */
export function principal(request: FastifyRequest): Principal {
  if (!request.auth) throw unauthorized();
  return request.auth;
}
