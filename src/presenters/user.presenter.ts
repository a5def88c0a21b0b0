import type { UserRow } from '../db/schema.js';

/** The user as every endpoint shows it; the password hash never leaves the server. */
export function presentUser(user: Pick<UserRow, 'id' | 'username' | 'role'>) {
  return { id: user.id, username: user.username, role: user.role };
}

/** What administrators see in the user list. */
export function presentUserDetail(user: UserRow) {
  return {
    ...presentUser(user),
    disabled: user.disabled === 1,
    created_at: user.created_at,
    updated_at: user.updated_at,
  };
}

/** What anyone signed in may learn of another user: enough to pick them as a recipient. */
export function presentUserSummary(user: Pick<UserRow, 'id' | 'username'>) {
  return { id: user.id, username: user.username };
}
