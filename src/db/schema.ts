import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/*
 * Table types. Conventions that hold on both engines:
 * - ids are UUID v7 strings made by the app (src/lib/ids.ts);
 * - times are RFC 3339 UTC strings (text on SQLite, timestamptz read back as
 *   ISO strings on PostgreSQL), so they compare and sort the same everywhere;
 * - flags are integers 0/1 (SQLite has no boolean), turned into booleans by presenters;
 * - JSON is stored as text and parsed by repositories.
 */
export type Flag = 0 | 1;

export interface UsersTable {
  id: string;
  username: string;
  password_hash: string;
  role: 'admin' | 'editor' | 'viewer';
  disabled: Generated<Flag>;
  created_at: string;
  updated_at: string;
}

/** A login: one refresh-token family. Access tokens name it in `sid`. */
export interface SessionsTable {
  id: string;
  user_id: string;
  user_agent: string | null;
  ip: string | null;
  created_at: string;
  last_used_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface RefreshTokensTable {
  id: string;
  session_id: string;
  /** SHA-256 of the token; the token itself is never stored. */
  token_hash: string;
  created_at: string;
  used_at: string | null;
}

export interface GroupsTable {
  id: string;
  name: string;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export interface GroupMembersTable {
  group_id: string;
  user_id: string;
  added_at: string;
}

export type MediaType = 'image' | 'video' | 'audio' | 'document' | 'text' | 'other';

export interface MediaTable {
  id: string;
  owner_id: string;
  title: string;
  description: string | null;
  file_name: string;
  media_type: MediaType;
  mime_type: string;
  size_bytes: number;
  /** SHA-256 hex of the bytes; also the storage key (src/storage). */
  content_hash: string;
  width: number | null;
  height: number | null;
  duration_secs: number | null;
  /** JSON object of extracted metadata. */
  metadata: string;
  /** Text the full-text index covers: title, names, description, tags, metadata, text content. */
  search_text: string;
  created_at: string;
  updated_at: string;
}

export interface TagsTable {
  id: string;
  owner_id: string;
  name: string;
  created_at: string;
}

export interface MediaTagsTable {
  media_id: string;
  tag_id: string;
}

export interface CollectionsTable {
  id: string;
  owner_id: string;
  name: string;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export interface CollectionMembersTable {
  collection_id: string;
  media_id: string;
  added_by: string | null;
  added_at: string;
}

export interface SavedSearchesTable {
  id: string;
  owner_id: string;
  name: string;
  query: string;
  created_at: string;
  updated_at: string;
}

export type JobStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface JobsTable {
  id: string;
  kind: string;
  owner_id: string | null;
  status: JobStatus;
  progress_total: number;
  progress_done: number;
  /** JSON: what the job was asked to do. */
  params: string;
  /** JSON: counts and outcomes so far. */
  result: string;
  error: string | null;
  created_at: string;
  updated_at: string;
}

/** Files an import job has already taken, so a resumed or repeated import skips them. */
export interface ImportedFilesTable {
  owner_id: string;
  source_path: string;
  size_bytes: number;
  modified_at: string;
  media_id: string;
}

export type ShareTargetType = 'media' | 'collection' | 'tag' | 'saved_search';
export type ShareRecipientType = 'public_link' | 'user' | 'group';

export interface SharesTable {
  id: string;
  owner_id: string;
  target_type: ShareTargetType;
  target_id: string;
  recipient_type: ShareRecipientType;
  recipient_user_id: string | null;
  recipient_group_id: string | null;
  /** SHA-256 of the link token, for lookup; the token is never stored in the clear. */
  token_hash: string | null;
  /** The link token sealed with the server key, so its owner can see the link again. */
  token_sealed: string | null;
  password_hash: string | null;
  can_view: Flag;
  can_download: Flag;
  can_edit: Flag;
  can_delete: Flag;
  can_reshare: Flag;
  can_add: Flag;
  note: string | null;
  expires_at: string | null;
  max_access_count: number | null;
  access_count: Generated<number>;
  last_accessed_at: string | null;
  inherit_to_children: Flag;
  parent_share_id: string | null;
  /** Bumped by every change that must end access tokens issued before it. */
  state_version: Generated<number>;
  revoked_at: string | null;
  /** When the `expired` activity entry was written, so it is written once. */
  expired_logged_at: string | null;
  /** When the owner was last told of an access (at most hourly). */
  access_notified_at: string | null;
  created_at: string;
  updated_at: string;
}

export type ShareAction =
  'created' | 'updated' | 'accessed' | 'downloaded' | 'revoked' | 'expired' | 'password_failed';

export interface ShareActivityTable {
  id: string;
  share_id: string;
  actor_id: string | null;
  actor_ip: string | null;
  action: ShareAction;
  /** JSON object. */
  details: string;
  created_at: string;
}

export type NotificationType =
  'new_share' | 'share_updated' | 'share_revoked' | 'share_expiring' | 'share_accessed';

export interface NotificationsTable {
  id: string;
  user_id: string;
  share_id: string | null;
  notification_type: NotificationType;
  message: string;
  is_read: Generated<Flag>;
  /** Unique when set: a notification that must exist once (e.g. `expiring:<share>:<user>`). */
  dedupe_key: string | null;
  created_at: string;
}

/**
 * Live (not revoked) shares per owner, in 16 slots per owner (the last hex digit of the share
 * id); kept by triggers. An owner's count is the sum of their slots.
 */
export interface ShareOwnerCountsTable {
  owner_id: string;
  slot: string;
  live: number;
}

/** Entries in each share's log; kept by triggers. */
export interface ShareActivityCountsTable {
  share_id: string;
  total: number;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  media: MediaTable;
  tags: TagsTable;
  media_tags: MediaTagsTable;
  collections: CollectionsTable;
  collection_members: CollectionMembersTable;
  saved_searches: SavedSearchesTable;
  jobs: JobsTable;
  imported_files: ImportedFilesTable;
  shares: SharesTable;
  share_activity: ShareActivityTable;
  share_owner_counts: ShareOwnerCountsTable;
  share_activity_counts: ShareActivityCountsTable;
  notifications: NotificationsTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type MediaRow = Selectable<MediaTable>;
export type NewMedia = Insertable<MediaTable>;
export type MediaUpdate = Updateable<MediaTable>;
export type ShareRow = Selectable<SharesTable>;
export type NewShare = Insertable<SharesTable>;
export type ShareActivityRow = Selectable<ShareActivityTable>;
export type NotificationRow = Selectable<NotificationsTable>;
export type JobRow = Selectable<JobsTable>;
