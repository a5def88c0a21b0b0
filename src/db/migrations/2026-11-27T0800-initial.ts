import { sql, type Kysely } from 'kysely';
import type { MigrationDialect } from './index.js';

/*
 * The first schema. Frozen: change the schema with a new migration, never here.
 * Takes Kysely<any> and imports no app code, so it keeps working as the app moves on.
 */
export function initial(dialect: MigrationDialect) {
  const time = dialect === 'postgres' ? 'timestamptz' : 'text';
  const bigint = dialect === 'postgres' ? 'bigint' : 'integer';
  const real = dialect === 'postgres' ? 'double precision' : 'real';

  async function up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('users_username_unique')
      .on('users')
      .unique()
      .expression(sql`lower(username)`)
      .execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('user_agent', 'text')
      .addColumn('ip', 'text')
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('last_used_at', time, (c) => c.notNull())
      .addColumn('expires_at', time, (c) => c.notNull())
      .addColumn('revoked_at', time)
      .execute();
    await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

    await db.schema
      .createTable('refresh_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('used_at', time)
      .execute();
    await db.schema.createIndex('refresh_tokens_session').on('refresh_tokens').column('session_id').execute();

    await db.schema
      .createTable('groups')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('groups_name_unique')
      .on('groups')
      .unique()
      .expression(sql`lower(name)`)
      .execute();

    await db.schema
      .createTable('group_members')
      .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('added_at', time, (c) => c.notNull())
      .addPrimaryKeyConstraint('group_members_pk', ['group_id', 'user_id'])
      .execute();
    await db.schema.createIndex('group_members_user').on('group_members').column('user_id').execute();

    await db.schema
      .createTable('media')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('media_type', 'text', (c) => c.notNull())
      .addColumn('mime_type', 'text', (c) => c.notNull())
      .addColumn('size_bytes', bigint, (c) => c.notNull())
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .addColumn('width', 'integer')
      .addColumn('height', 'integer')
      .addColumn('duration_secs', real)
      .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time, (c) => c.notNull())
      .addUniqueConstraint('media_owner_hash_unique', ['owner_id', 'content_hash'])
      .execute();
    await db.schema
      .createIndex('media_owner_created')
      .on('media')
      .columns(['owner_id', 'created_at', 'id'])
      .execute();
    await db.schema.createIndex('media_hash').on('media').column('content_hash').execute();

    if (dialect === 'postgres') {
      await sql`alter table media add column search_vector tsvector
        generated always as (to_tsvector('simple', search_text)) stored`.execute(db);
      await sql`create index media_search on media using gin (search_vector)`.execute(db);
    } else {
      // External-content FTS5 index over media.search_text, kept in step by triggers.
      await sql`create virtual table media_fts using fts5(
        search_text, content='media', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
      )`.execute(db);
      await sql`create trigger media_fts_insert after insert on media begin
        insert into media_fts(rowid, search_text) values (new.rowid, new.search_text);
      end`.execute(db);
      await sql`create trigger media_fts_delete after delete on media begin
        insert into media_fts(media_fts, rowid, search_text) values ('delete', old.rowid, old.search_text);
      end`.execute(db);
      await sql`create trigger media_fts_update after update of search_text on media begin
        insert into media_fts(media_fts, rowid, search_text) values ('delete', old.rowid, old.search_text);
        insert into media_fts(rowid, search_text) values (new.rowid, new.search_text);
      end`.execute(db);
    }

    await db.schema
      .createTable('tags')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('tags_owner_name_unique')
      .on('tags')
      .unique()
      .expression(sql`owner_id, lower(name)`)
      .execute();

    await db.schema
      .createTable('media_tags')
      .addColumn('media_id', 'text', (c) => c.notNull().references('media.id').onDelete('cascade'))
      .addColumn('tag_id', 'text', (c) => c.notNull().references('tags.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('media_tags_pk', ['media_id', 'tag_id'])
      .execute();
    await db.schema.createIndex('media_tags_tag').on('media_tags').columns(['tag_id', 'media_id']).execute();

    await db.schema
      .createTable('collections')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('collections_owner')
      .on('collections')
      .columns(['owner_id', 'created_at'])
      .execute();

    await db.schema
      .createTable('collection_members')
      .addColumn('collection_id', 'text', (c) => c.notNull().references('collections.id').onDelete('cascade'))
      .addColumn('media_id', 'text', (c) => c.notNull().references('media.id').onDelete('cascade'))
      .addColumn('added_by', 'text', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('added_at', time, (c) => c.notNull())
      .addPrimaryKeyConstraint('collection_members_pk', ['collection_id', 'media_id'])
      .execute();
    await db.schema
      .createIndex('collection_members_media')
      .on('collection_members')
      .column('media_id')
      .execute();

    await db.schema
      .createTable('saved_searches')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('query', 'text', (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('saved_searches_owner').on('saved_searches').column('owner_id').execute();

    await db.schema
      .createTable('jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('progress_total', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('progress_done', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('params', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('result', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('error', 'text')
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('jobs_status').on('jobs').column('status').execute();

    await db.schema
      .createTable('imported_files')
      .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('source_path', 'text', (c) => c.notNull())
      .addColumn('size_bytes', bigint, (c) => c.notNull())
      .addColumn('modified_at', 'text', (c) => c.notNull())
      .addColumn('media_id', 'text', (c) => c.notNull().references('media.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('imported_files_pk', ['owner_id', 'source_path'])
      .execute();

    await db.schema
      .createTable('shares')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('target_type', 'text', (c) => c.notNull())
      .addColumn('target_id', 'text', (c) => c.notNull())
      .addColumn('recipient_type', 'text', (c) => c.notNull())
      .addColumn('recipient_user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
      .addColumn('recipient_group_id', 'text', (c) => c.references('groups.id').onDelete('cascade'))
      .addColumn('token_hash', 'text', (c) => c.unique())
      .addColumn('token_sealed', 'text')
      .addColumn('password_hash', 'text')
      .addColumn('can_view', 'integer', (c) => c.notNull())
      .addColumn('can_download', 'integer', (c) => c.notNull())
      .addColumn('can_edit', 'integer', (c) => c.notNull())
      .addColumn('can_delete', 'integer', (c) => c.notNull())
      .addColumn('can_reshare', 'integer', (c) => c.notNull())
      .addColumn('can_add', 'integer', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('expires_at', time)
      .addColumn('max_access_count', 'integer')
      .addColumn('access_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_accessed_at', time)
      .addColumn('inherit_to_children', 'integer', (c) => c.notNull())
      .addColumn('parent_share_id', 'text', (c) => c.references('shares.id').onDelete('cascade'))
      .addColumn('state_version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('revoked_at', time)
      .addColumn('expired_logged_at', time)
      .addColumn('access_notified_at', time)
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('shares_owner_created')
      .on('shares')
      .columns(['owner_id', 'created_at', 'id'])
      .where(sql.ref('revoked_at'), 'is', null)
      .execute();
    await db.schema
      .createIndex('shares_recipient_user')
      .on('shares')
      .columns(['recipient_user_id', 'created_at', 'id'])
      .where(sql.ref('revoked_at'), 'is', null)
      .execute();
    await db.schema
      .createIndex('shares_recipient_group')
      .on('shares')
      .columns(['recipient_group_id', 'created_at', 'id'])
      .where(sql.ref('revoked_at'), 'is', null)
      .execute();
    await db.schema.createIndex('shares_target').on('shares').columns(['target_type', 'target_id']).execute();
    await db.schema.createIndex('shares_parent').on('shares').column('parent_share_id').execute();
    await db.schema
      .createIndex('shares_expiry')
      .on('shares')
      .column('expires_at')
      .where(sql.ref('revoked_at'), 'is', null)
      .execute();
    // One live share per target and recipient user or group: a second one is an update.
    await db.schema
      .createIndex('shares_one_per_user')
      .on('shares')
      .unique()
      .columns(['target_type', 'target_id', 'recipient_user_id'])
      .where(sql<boolean>`revoked_at is null and recipient_user_id is not null`)
      .execute();
    await db.schema
      .createIndex('shares_one_per_group')
      .on('shares')
      .unique()
      .columns(['target_type', 'target_id', 'recipient_group_id'])
      .where(sql<boolean>`revoked_at is null and recipient_group_id is not null`)
      .execute();

    await db.schema
      .createTable('share_activity')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('share_id', 'text', (c) => c.notNull().references('shares.id').onDelete('cascade'))
      .addColumn('actor_id', 'text', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('actor_ip', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('created_at', time, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('share_activity_share')
      .on('share_activity')
      .columns(['share_id', 'created_at', 'id'])
      .execute();

    await db.schema
      .createTable('notifications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('share_id', 'text', (c) => c.references('shares.id').onDelete('set null'))
      .addColumn('notification_type', 'text', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('is_read', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('dedupe_key', 'text', (c) => c.unique())
      .addColumn('created_at', time, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('notifications_user_unread')
      .on('notifications')
      .columns(['user_id', 'is_read', 'created_at', 'id'])
      .execute();
  }

  async function down(db: Kysely<any>): Promise<void> {
    for (const table of [
      'notifications',
      'share_activity',
      'shares',
      'imported_files',
      'jobs',
      'saved_searches',
      'collection_members',
      'collections',
      'media_tags',
      'tags',
    ]) {
      await db.schema.dropTable(table).ifExists().execute();
    }
    if (dialect === 'sqlite') await sql`drop table if exists media_fts`.execute(db);
    for (const table of ['media', 'group_members', 'groups', 'refresh_tokens', 'sessions', 'users']) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  }

  return { up, down };
}
