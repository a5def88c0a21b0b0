import { sql, type Kysely, type Transaction } from 'kysely';
import { compiledOnce, slot } from '../db/compiled-query.js';
import type { Database, MediaRow } from '../db/schema.js';
import type { TagRef } from './media-tags.repository.js';

type Executor = Kysely<Database> | Transaction<Database>;

/*
 * A link visit runs the queries below thousands of times a second: they are built and compiled
 * once per database (`compiledOnce`) and run with the visit's values.
 */

/** A link's share with its owner and its target's name (one indexed lookup: token_hash is unique). */
const linkLookup = (db: Kysely<Database>) =>
  db
    .selectFrom('shares')
    .innerJoin('users as owner', 'owner.id', 'shares.owner_id')
    .leftJoin('media as target_media', (join) =>
      join.onRef('target_media.id', '=', 'shares.target_id').on('shares.target_type', '=', 'media'),
    )
    .leftJoin('collections as target_collection', (join) =>
      join.onRef('target_collection.id', '=', 'shares.target_id').on('shares.target_type', '=', 'collection'),
    )
    .leftJoin('tags as target_tag', (join) =>
      join.onRef('target_tag.id', '=', 'shares.target_id').on('shares.target_type', '=', 'tag'),
    )
    .leftJoin('saved_searches as target_search', (join) =>
      join.onRef('target_search.id', '=', 'shares.target_id').on('shares.target_type', '=', 'saved_search'),
    )
    .select((eb) => [
      'shares.id',
      'shares.owner_id',
      'shares.target_type',
      'shares.target_id',
      'shares.recipient_type',
      'shares.recipient_user_id',
      'shares.recipient_group_id',
      'shares.password_hash',
      'shares.can_view',
      'shares.can_download',
      'shares.can_edit',
      'shares.can_delete',
      'shares.can_reshare',
      'shares.can_add',
      'shares.note',
      'shares.expires_at',
      'shares.max_access_count',
      'shares.access_count',
      'shares.inherit_to_children',
      'shares.state_version',
      'shares.revoked_at',
      'shares.access_notified_at',
      'shares.created_at',
      'owner.username as owner_username',
      'owner.disabled as owner_disabled',
      eb.fn
        .coalesce('target_media.title', 'target_collection.name', 'target_tag.name', 'target_search.name')
        .as('target_name'),
    ])
    .where('shares.token_hash', '=', slot('tokenHash'))
    .where('shares.recipient_type', '=', 'public_link');

const lookupByTokenHash = compiledOnce(linkLookup, ['tokenHash']);

/**
 * A public link with everything a check needs, in one indexed lookup: the share's own columns,
 * its owner's username and its target's name through joins. Revoked, expired and used-up links
 * are returned too: the caller decides, so every outcome costs the same query.
 */
export async function findLinkByTokenHash(db: Kysely<Database>, tokenHash: string) {
  return (await lookupByTokenHash(db, { tokenHash })).rows[0];
}

export type LinkRow = NonNullable<Awaited<ReturnType<typeof findLinkByTokenHash>>>;

const MEDIA_COLUMNS = [
  'id',
  'owner_id',
  'title',
  'description',
  'file_name',
  'media_type',
  'mime_type',
  'size_bytes',
  'content_hash',
  'width',
  'height',
  'duration_secs',
  'metadata',
  'created_at',
  'updated_at',
] as const satisfies ReadonlyArray<keyof MediaRow>;

/** The same lookup, plus a media link's item and its tags (by name): a visit's one query. */
const lookupForVisit = compiledOnce(
  (db, dialect) =>
    linkLookup(db)
      .select(MEDIA_COLUMNS.map((column) => `target_media.${column} as media_${column}` as const))
      .select(
        (dialect === 'postgres'
          ? sql<TagRef[] | string>`(select coalesce(json_agg(json_build_object('id', t.id, 'name', t.name)
              order by t.name), '[]'::json) from media_tags mt join tags t on t.id = mt.tag_id
              where mt.media_id = target_media.id)`
          : sql<TagRef[] | string>`(select json_group_array(json_object('id', t.id, 'name', t.name)
              order by t.name) from media_tags mt join tags t on t.id = mt.tag_id
              where mt.media_id = target_media.id)`
        ).as('media_tags'),
      ),
  ['tokenHash'],
);

export interface LinkVisitRow {
  link: LinkRow;
  /** The item of a media link (null for other targets, or when it is gone). */
  media: MediaRow | null;
  tags: TagRef[];
}

/** What a visit to a link shows, found by its token in one query (see `findLinkByTokenHash`). */
export async function findLinkForVisit(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<LinkVisitRow | undefined> {
  const row = (await lookupForVisit(db, { tokenHash })).rows[0];
  if (!row) return undefined;
  const { media_tags: tagList, ...columns } = row;
  const link: Record<string, unknown> = {};
  // A visit never shows the item's search text (which may hold a whole document): not read.
  const item: Record<string, unknown> = { search_text: '' };
  for (const [column, value] of Object.entries(columns)) {
    if (column.startsWith('media_')) item[column.slice('media_'.length)] = value;
    else link[column] = value;
  }
  const media = row.media_id === null ? null : (item as MediaRow);
  const tags = typeof tagList === 'string' ? (JSON.parse(tagList) as TagRef[]) : tagList;
  return { link: link as LinkRow, media, tags: media ? (tags ?? []) : [] };
}

const countOneAccess = compiledOnce(
  (db) =>
    db
      .updateTable('shares')
      .set((eb) => ({ access_count: eb('access_count', '+', 1), last_accessed_at: slot('now') }))
      .where('id', '=', slot('shareId'))
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', slot('now'))]))
      .where((eb) =>
        eb.or([eb('max_access_count', 'is', null), eb('access_count', '<', eb.ref('max_access_count'))]),
      ),
  ['shareId', 'now'],
);

/**
 * Counts one access if, and only if, the link is still live and under its use limit — one
 * conditional statement, so racing visitors can never push it past the limit nor lose a
 * count (the row lock serialises them on PostgreSQL; SQLite has a single writer).
 */
export async function countLinkAccess(db: Kysely<Database>, shareId: string, now: string): Promise<boolean> {
  const result = await countOneAccess(db, { shareId, now });
  return Number(result.numAffectedRows ?? 0) === 1;
}

const countUnlimitedAccesses = compiledOnce(
  (db) =>
    db
      .updateTable('shares')
      .set((eb) => ({
        access_count: eb('access_count', '+', eb.val(slot('count')).$castTo<number>()),
        last_accessed_at: slot('now'),
      }))
      .where('id', '=', slot('shareId'))
      .where('revoked_at', 'is', null)
      .where('max_access_count', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', slot('now'))])),
  ['shareId', 'count', 'now'],
);

/**
 * Counts `count` accesses at once to a link that is live and has no use limit; false (nothing
 * counted) when it is revoked, expired or was given a limit since, so the caller counts each
 * access on its own under the rules above.
 */
export async function countUnlimitedLinkAccesses(
  db: Kysely<Database>,
  shareId: string,
  count: number,
  now: string,
): Promise<boolean> {
  const result = await countUnlimitedAccesses(db, { shareId, count, now });
  return Number(result.numAffectedRows ?? 0) === 1;
}

/**
 * Claims the right to tell a link's owner about an access: succeeds for one caller per
 * `since` window (the first after `access_notified_at` fell before `since`).
 */
export async function claimAccessNotice(
  db: Executor,
  shareId: string,
  now: string,
  since: string,
): Promise<boolean> {
  const result = await db
    .updateTable('shares')
    .set({ access_notified_at: now })
    .where('id', '=', shareId)
    .where((eb) => eb.or([eb('access_notified_at', 'is', null), eb('access_notified_at', '<=', since)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

const mediaById = compiledOnce(
  (db) => db.selectFrom('media').selectAll().where('id', '=', slot('mediaId')),
  ['mediaId'],
);

/** A media item by id (the target of a media link). */
export async function findMediaById(db: Kysely<Database>, mediaId: string): Promise<MediaRow | undefined> {
  return (await mediaById(db, { mediaId })).rows[0];
}
