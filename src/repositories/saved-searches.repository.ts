import type { Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { Database, SavedSearchesTable } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export type SavedSearchRow = Selectable<SavedSearchesTable>;

export function findSavedSearchById(db: Executor, id: string): Promise<SavedSearchRow | undefined> {
  return db.selectFrom('saved_searches').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertSavedSearch(db: Executor, search: SavedSearchRow): Promise<void> {
  await db.insertInto('saved_searches').values(search).execute();
}

export async function updateSavedSearch(
  db: Executor,
  id: string,
  changes: Updateable<SavedSearchesTable>,
): Promise<void> {
  await db.updateTable('saved_searches').set(changes).where('id', '=', id).execute();
}

export async function deleteSavedSearch(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('saved_searches').where('id', '=', id).execute();
}

/** An owner's saved searches, newest first. */
export async function listSavedSearchesOf(
  db: Executor,
  ownerId: string,
  page: { offset: number; limit: number },
): Promise<{ items: SavedSearchRow[]; total: number }> {
  const [items, count] = await Promise.all([
    db
      .selectFrom('saved_searches')
      .selectAll()
      .where('owner_id', '=', ownerId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    db
      .selectFrom('saved_searches')
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .where('owner_id', '=', ownerId)
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.total) };
}
