import { api, publicApi, unwrap, unwrapPage, type Page } from './client';
import type {
  MediaItem,
  NewShare,
  Share,
  ShareActivity,
  SharedContent,
  ShareNotification,
  ShareUpdate,
} from './types';

export const shareKeys = {
  outgoing: ['shares', 'outgoing'] as const,
  incoming: ['shares', 'incoming'] as const,
  share: (id: string) => ['shares', 'item', id] as const,
  activity: (id: string) => ['shares', 'activity', id] as const,
  items: (id: string) => ['shares', 'items', id] as const,
  notifications: ['notifications'] as const,
  userLookup: (q: string) => ['users', 'lookup', q] as const,
  groups: ['groups'] as const,
};

export const fetchOutgoing = (offset: number, limit: number): Promise<Page<Share>> =>
  unwrapPage(api.GET('/api/v1/shares/outgoing', { params: { query: { offset, limit } } }));

export const fetchIncoming = (offset: number, limit: number): Promise<Page<Share>> =>
  unwrapPage(api.GET('/api/v1/shares/incoming', { params: { query: { offset, limit } } }));

export const fetchShare = (id: string) =>
  unwrap(api.GET('/api/v1/shares/{id}', { params: { path: { id } } }));

export const createShare = (body: NewShare) => unwrap(api.POST('/api/v1/shares', { body }));

export const updateShare = (id: string, body: ShareUpdate) =>
  unwrap(api.PATCH('/api/v1/shares/{id}', { params: { path: { id } }, body }));

export const revokeShare = (id: string) =>
  unwrap(api.DELETE('/api/v1/shares/{id}', { params: { path: { id } } }));

export const revokeShares = (ids: string[]) =>
  unwrap(api.POST('/api/v1/shares/batch/delete', { body: { share_ids: ids } }));

export const fetchActivity = (id: string, offset: number, limit: number): Promise<Page<ShareActivity>> =>
  unwrapPage(api.GET('/api/v1/shares/{id}/activity', { params: { path: { id }, query: { offset, limit } } }));

export const fetchShareItems = (id: string, offset: number, limit: number): Promise<Page<MediaItem>> =>
  unwrapPage(api.GET('/api/v1/shares/{id}/items', { params: { path: { id }, query: { offset, limit } } }));

export const lookupUsers = (q: string) =>
  unwrap(api.GET('/api/v1/users/lookup', { params: { query: { q } } }));

export const fetchGroups = () =>
  unwrapPage(api.GET('/api/v1/groups', { params: { query: { offset: 0, limit: 200 } } }));

export const fetchNotifications = (): Promise<ShareNotification[]> =>
  unwrap(api.GET('/api/v1/notifications/shares'));

// These take no fields: an empty JSON object says so.
export const markNotificationRead = (id: string) =>
  unwrap(api.POST('/api/v1/notifications/shares/{id}/read', { params: { path: { id } }, body: {} }));

export const markAllNotificationsRead = () =>
  unwrap(api.POST('/api/v1/notifications/shares/read-all', { body: {} }));

/** Opens a public link; each successful call counts one access, so callers fetch it once. */
export function openSharedLink(
  token: string,
  password: string | null,
  offset = 0,
  limit = 100,
): Promise<SharedContent> {
  return unwrap(
    publicApi.GET('/api/v1/shared/{token}', {
      params: {
        path: { token },
        query: { offset, limit },
        ...(password ? { header: { 'x-share-password': password } } : {}),
      },
    }),
  );
}

/** Collects every outgoing share (the dialog shows who already has a target). */
export async function fetchAllOutgoing(): Promise<Share[]> {
  const all: Share[] = [];
  for (let offset = 0; ;) {
    const page = await fetchOutgoing(offset, 200);
    all.push(...page.items);
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) return all;
  }
}
