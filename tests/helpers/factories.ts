import crypto from 'node:crypto';
import type { Role } from '../../src/plugins/auth.js';
import { startSession } from '../../src/services/auth.service.js';
import { createUser } from '../../src/services/users.service.js';
import type { TestApp } from './app.js';

export interface TestUser {
  id: string;
  username: string;
  password: string;
  role: Role;
  /** A live access token (the session is real; its refresh token is in `refreshToken`). */
  token: string;
  refreshToken: string;
}

let counter = 0;

/** A user with a signed-in session, made through the services (fast, no login throttle). */
export async function buildUser(
  t: TestApp,
  options: { role?: Role; username?: string; password?: string } = {},
): Promise<TestUser> {
  counter += 1;
  const username = options.username ?? `user${counter}_${crypto.randomBytes(3).toString('hex')}`;
  const password = options.password ?? `pw-${crypto.randomBytes(6).toString('hex')}`;
  const role = options.role ?? 'editor';
  const user = await createUser(t.ctx, { username, password, role });
  const pair = await startSession(t.ctx, user, { ip: '127.0.0.1', userAgent: 'tests' });
  return {
    id: user.id,
    username,
    password,
    role,
    token: pair.access_token,
    refreshToken: pair.refresh_token,
  };
}
