import createClient from 'openapi-fetch';
import { api, unwrap, unwrapPage, type Page } from './client';
import type { paths } from './schema';
import { bearerFetch } from './session';
import type { Group, GroupChanges, NewUser, UserChanges, UserDetail } from './types';

export const ADMIN_PAGE_SIZE = 50;

export const adminKeys = {
  users: (q: string) => ['admin', 'users', q] as const,
  allUsers: ['admin', 'users'] as const,
  groups: ['groups'] as const,
  groupList: ['groups', 'admin-list'] as const,
  group: (id: string) => ['groups', 'item', id] as const,
};

/** A page of users (administrators only), optionally those whose name contains `q`. */
export function fetchUsers(q: string, offset: number, limit = ADMIN_PAGE_SIZE): Promise<Page<UserDetail>> {
  const query: { offset: number; limit: number; q?: string } = { offset, limit };
  if (q) query.q = q;
  return unwrapPage(api.GET('/api/v1/users', { params: { query } }));
}

export const createUser = (body: NewUser) => unwrap(api.POST('/api/v1/users', { body }));

export const updateUser = (id: string, body: UserChanges) =>
  unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body }));

export const deleteUser = (id: string) =>
  unwrap(api.DELETE('/api/v1/users/{id}', { params: { path: { id } } }));

export const fetchGroupPage = (offset: number, limit = ADMIN_PAGE_SIZE): Promise<Page<Group>> =>
  unwrapPage(api.GET('/api/v1/groups', { params: { query: { offset, limit } } }));

export const fetchGroup = (id: string) =>
  unwrap(api.GET('/api/v1/groups/{id}', { params: { path: { id } } }));

export const createGroup = (name: string, description: string | null) =>
  unwrap(api.POST('/api/v1/groups', { body: description ? { name, description } : { name } }));

export const updateGroup = (id: string, body: GroupChanges) =>
  unwrap(api.PATCH('/api/v1/groups/{id}', { params: { path: { id } }, body }));

export const deleteGroup = (id: string) =>
  unwrap(api.DELETE('/api/v1/groups/{id}', { params: { path: { id } } }));

export const addGroupMember = (id: string, userId: string) =>
  unwrap(api.POST('/api/v1/groups/{id}/members', { params: { path: { id } }, body: { user_id: userId } }));

export const removeGroupMember = (id: string, userId: string) =>
  unwrap(api.DELETE('/api/v1/groups/{id}/members/{user_id}', { params: { path: { id, user_id: userId } } }));

/** Here a 401 means a wrong current password: no refresh and retry, which would count a second guess. */
const noRetryApi = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? 'http://localhost',
  fetch: bearerFetch,
});

export const changeOwnPassword = (currentPassword: string, newPassword: string) =>
  unwrap(
    noRetryApi.POST('/api/v1/auth/password', {
      body: { current_password: currentPassword, new_password: newPassword },
    }),
  );
