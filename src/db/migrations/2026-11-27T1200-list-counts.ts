import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { MigrationDialect } from './index.js';

/*
 * Counts behind X-Total-Count that lists can read instead of counting rows, kept exact by
 * triggers in the same statement (so in the same transaction) as the rows they count, whatever
 * code changes them — cascades included:
 * - share_owner_counts: live (not revoked) shares per owner, spread over 16 slots (the last hex
 *   digit of the share id) so concurrent creates by one owner do not queue on one counter row;
 * - share_activity_counts: entries per share log (append-only; gone with its share).
 * Also: the recipient indexes carry expires_at and owner_id (incoming lists and counts read the
 * index alone), and PostgreSQL leaves room in `shares` pages so access-count updates stay HOT.
 * Frozen once released: change these with a new migration.
 */
export function listCounts(dialect: MigrationDialect) {
  const pg = dialect === 'postgres';
  const slotOf = (column: string) => sql.raw(pg ? `right(${column}, 1)` : `substr(${column}, -1)`);

  const sqliteTriggers: RawBuilder<unknown>[] = [
    sql`create trigger if not exists shares_owner_count_insert after insert on shares
      when new.revoked_at is null begin
        insert into share_owner_counts (owner_id, slot, live) values (new.owner_id, ${slotOf('new.id')}, 1)
          on conflict (owner_id, slot) do update set live = live + 1;
      end`,
    sql`create trigger if not exists shares_owner_count_update after update of revoked_at, owner_id on shares
      when (old.revoked_at is null) <> (new.revoked_at is null) or old.owner_id <> new.owner_id begin
        update share_owner_counts set live = live - 1
          where old.revoked_at is null and owner_id = old.owner_id and slot = ${slotOf('old.id')};
        insert into share_owner_counts (owner_id, slot, live)
          select new.owner_id, ${slotOf('new.id')}, 1 where new.revoked_at is null
          on conflict (owner_id, slot) do update set live = live + 1;
      end`,
    sql`create trigger if not exists shares_owner_count_delete after delete on shares
      when old.revoked_at is null begin
        update share_owner_counts set live = live - 1 where owner_id = old.owner_id and slot = ${slotOf('old.id')};
      end`,
    sql`create trigger if not exists shares_activity_count_delete after delete on shares begin
        delete from share_activity_counts where share_id = old.id;
      end`,
    sql`create trigger if not exists share_activity_count_insert after insert on share_activity begin
        insert into share_activity_counts (share_id, total) values (new.share_id, 1)
          on conflict (share_id) do update set total = total + 1;
      end`,
    sql`create trigger if not exists share_activity_count_delete after delete on share_activity begin
        update share_activity_counts set total = total - 1 where share_id = old.share_id;
      end`,
  ];

  // PostgreSQL: statement-level triggers see all rows of a bulk statement at once (one upsert
  // per counter, taken in key order so concurrent statements cannot deadlock on them).
  const postgresTriggers: RawBuilder<unknown>[] = [
    sql`create or replace function shares_owner_count_insert() returns trigger language plpgsql as $$
      begin
        insert into share_owner_counts (owner_id, slot, live)
          select owner_id, right(id, 1), count(*) from inserted where revoked_at is null
          group by 1, 2 order by 1, 2
          on conflict (owner_id, slot) do update set live = share_owner_counts.live + excluded.live;
        return null;
      end $$`,
    sql`create trigger shares_owner_count_insert after insert on shares referencing new table as inserted
      for each statement execute function shares_owner_count_insert()`,
    sql`create or replace function shares_owner_count_update() returns trigger language plpgsql as $$
      begin
        if old.revoked_at is null then
          update share_owner_counts set live = live - 1 where owner_id = old.owner_id and slot = right(old.id, 1);
        end if;
        if new.revoked_at is null then
          insert into share_owner_counts (owner_id, slot, live) values (new.owner_id, right(new.id, 1), 1)
            on conflict (owner_id, slot) do update set live = share_owner_counts.live + 1;
        end if;
        return null;
      end $$`,
    sql`create trigger shares_owner_count_update after update of revoked_at, owner_id on shares for each row
      when ((old.revoked_at is null) <> (new.revoked_at is null) or old.owner_id <> new.owner_id)
      execute function shares_owner_count_update()`,
    sql`create or replace function shares_counts_delete() returns trigger language plpgsql as $$
      begin
        with gone as (
          select owner_id, right(id, 1) as slot, count(*) as n from deleted where revoked_at is null
          group by 1, 2 order by 1, 2
        )
        update share_owner_counts c set live = c.live - gone.n
          from gone where c.owner_id = gone.owner_id and c.slot = gone.slot;
        delete from share_activity_counts where share_id in (select id from deleted);
        return null;
      end $$`,
    sql`create trigger shares_counts_delete after delete on shares referencing old table as deleted
      for each statement execute function shares_counts_delete()`,
    sql`create or replace function share_activity_count_insert() returns trigger language plpgsql as $$
      begin
        insert into share_activity_counts (share_id, total)
          select share_id, count(*) from inserted group by 1 order by 1
          on conflict (share_id) do update set total = share_activity_counts.total + excluded.total;
        return null;
      end $$`,
    sql`create trigger share_activity_count_insert after insert on share_activity
      referencing new table as inserted for each statement execute function share_activity_count_insert()`,
    sql`create or replace function share_activity_count_delete() returns trigger language plpgsql as $$
      begin
        update share_activity_counts c set total = c.total - gone.n
          from (select share_id, count(*) as n from deleted group by 1) gone where c.share_id = gone.share_id;
        return null;
      end $$`,
    sql`create trigger share_activity_count_delete after delete on share_activity
      referencing old table as deleted for each statement execute function share_activity_count_delete()`,
  ];

  async function recipientIndexes(db: Kysely<any>, columns: 'covering' | 'plain'): Promise<void> {
    await db.schema.dropIndex('shares_recipient_user').ifExists().execute();
    await db.schema.dropIndex('shares_recipient_group').ifExists().execute();
    const extra = columns === 'covering' ? ['expires_at', 'owner_id'] : [];
    await db.schema
      .createIndex('shares_recipient_user')
      .on('shares')
      .columns(['recipient_user_id', 'created_at', 'id', ...extra])
      .where(sql.ref('revoked_at'), 'is', null)
      .execute();
    await db.schema
      .createIndex('shares_recipient_group')
      .on('shares')
      .columns(['recipient_group_id', 'created_at', 'id', ...extra])
      .where(sql.ref('revoked_at'), 'is', null)
      .execute();
  }

  async function build(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('share_owner_counts')
      .ifNotExists()
      .addColumn('owner_id', 'text', (c) => c.notNull())
      .addColumn('slot', 'text', (c) => c.notNull())
      .addColumn('live', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('share_owner_counts_pk', ['owner_id', 'slot'])
      .execute();
    await db.schema
      .createTable('share_activity_counts')
      .ifNotExists()
      .addColumn('share_id', 'text', (c) => c.primaryKey())
      .addColumn('total', 'integer', (c) => c.notNull())
      .execute();
    for (const trigger of pg ? postgresTriggers : sqliteTriggers) await trigger.execute(db);

    // Counts of what exists now (a rerun after an interrupted SQLite migration starts over).
    await sql`delete from share_owner_counts`.execute(db);
    await sql`insert into share_owner_counts (owner_id, slot, live)
      select owner_id, ${slotOf('id')}, count(*) from shares where revoked_at is null group by 1, 2`.execute(
      db,
    );
    await sql`delete from share_activity_counts`.execute(db);
    await sql`insert into share_activity_counts (share_id, total)
      select share_id, count(*) from share_activity group by share_id`.execute(db);

    await recipientIndexes(db, 'covering');
    if (pg) await sql`alter table shares set (fillfactor = 80)`.execute(db);
  }

  async function up(db: Kysely<any>): Promise<void> {
    // PostgreSQL runs each migration in a transaction; SQLite's migrator does not, so it does here.
    if (pg) await build(db);
    else await db.transaction().execute(build);
  }

  async function down(db: Kysely<any>): Promise<void> {
    if (pg) {
      await sql`alter table shares reset (fillfactor)`.execute(db);
      await sql`drop trigger if exists shares_owner_count_insert on shares`.execute(db);
      await sql`drop trigger if exists shares_owner_count_update on shares`.execute(db);
      await sql`drop trigger if exists shares_counts_delete on shares`.execute(db);
      await sql`drop trigger if exists share_activity_count_insert on share_activity`.execute(db);
      await sql`drop trigger if exists share_activity_count_delete on share_activity`.execute(db);
      for (const fn of [
        'shares_owner_count_insert',
        'shares_owner_count_update',
        'shares_counts_delete',
        'share_activity_count_insert',
        'share_activity_count_delete',
      ]) {
        await sql`drop function if exists ${sql.id(fn)}()`.execute(db);
      }
    } else {
      for (const trigger of [
        'shares_owner_count_insert',
        'shares_owner_count_update',
        'shares_owner_count_delete',
        'shares_activity_count_delete',
        'share_activity_count_insert',
        'share_activity_count_delete',
      ]) {
        await sql`drop trigger if exists ${sql.id(trigger)}`.execute(db);
      }
    }
    await db.schema.dropTable('share_activity_counts').ifExists().execute();
    await db.schema.dropTable('share_owner_counts').ifExists().execute();
    await recipientIndexes(db, 'plain');
  }

  return { up, down };
}
