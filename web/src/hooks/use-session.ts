import { useSyncExternalStore } from 'react';
import { getSession, subscribeSession, type Session } from '../api/session';

export function useSession(): Session | null {
  return useSyncExternalStore(subscribeSession, getSession, getSession);
}

/** The signed-in user; only for pages behind the sign-in guard. */
export function useCurrentUser(): Session['user'] {
  const session = useSession();
  if (!session) throw new Error('useCurrentUser outside a signed-in page');
  return session.user;
}
