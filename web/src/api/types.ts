import type { paths } from './schema';

/** Names for the shapes the API returns, taken from the generated description. */
type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : never;
type Ok<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: { 200: infer R };
}
  ? JsonOf<R>
  : never;
type RequestBody<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: infer B;
}
  ? JsonOf<NonNullable<B>>
  : never;

export type User = Ok<'/api/v1/auth/me', 'get'>;
export type Role = User['role'];
export type UserDetail = Ok<'/api/v1/users/{id}', 'get'>;
export type NewUser = RequestBody<'/api/v1/users', 'post'>;
export type UserChanges = RequestBody<'/api/v1/users/{id}', 'patch'>;
export type TokenPair = Ok<'/api/v1/auth/login', 'post'>;
export type UserRef = Ok<'/api/v1/users/lookup', 'get'>[number];
export type Group = Ok<'/api/v1/groups', 'get'>[number];
export type GroupChanges = RequestBody<'/api/v1/groups/{id}', 'patch'>;
export type MediaItem = Ok<'/api/v1/media/{id}', 'get'>;
export type MediaType = MediaItem['media_type'];
export type TagRef = MediaItem['tags'][number];
export type Tag = Ok<'/api/v1/tags', 'post'>;
export type Collection = Ok<'/api/v1/collections/{id}', 'get'>;
export type SavedSearch = Ok<'/api/v1/searches', 'post'>;
export type Share = Ok<'/api/v1/shares/{id}', 'get'>;
export type NewShare = RequestBody<'/api/v1/shares', 'post'>;
export type ShareUpdate = RequestBody<'/api/v1/shares/{id}', 'patch'>;
export type Permissions = Share['permissions'];
export type PermissionName = keyof Permissions;
export type ShareTargetType = Share['target_type'];
export type ShareRecipientType = Share['recipient_type'];
export type ShareStatus = Share['status'];
export type ShareActivity = Ok<'/api/v1/shares/{id}/activity', 'get'>[number];
export type ShareNotification = Ok<'/api/v1/notifications/shares', 'get'>[number];
export type SharedContent = Ok<'/api/v1/shared/{token}', 'get'>;
