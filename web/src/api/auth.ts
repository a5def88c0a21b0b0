import { api, publicApi, unwrap } from './client';
import { endSession, getSession, startSession } from './session';
import type { User } from './types';

export async function fetchSetupStatus(): Promise<{ needs_setup: boolean }> {
  return unwrap(publicApi.GET('/api/v1/setup'));
}

export async function createFirstAdmin(username: string, password: string): Promise<User> {
  const pair = await unwrap(publicApi.POST('/api/v1/setup', { body: { username, password } }));
  return startSession(pair).user;
}

export async function signIn(username: string, password: string): Promise<User> {
  const pair = await unwrap(publicApi.POST('/api/v1/auth/login', { body: { username, password } }));
  return startSession(pair).user;
}

/** Ends the session on the server too; the browser forgets it whatever the answer. */
export async function signOut(): Promise<void> {
  if (!getSession()) return;
  try {
    await unwrap(api.POST('/api/v1/auth/logout'));
  } finally {
    endSession('signed_out');
  }
}

export async function fetchMe(): Promise<User> {
  return unwrap(api.GET('/api/v1/auth/me'));
}
