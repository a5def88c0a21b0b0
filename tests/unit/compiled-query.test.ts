import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { compiledOnce, slot } from '../../src/db/compiled-query.js';
import type { Database } from '../../src/db/schema.js';

// A query is checked against its slot names when it is first compiled, before it runs.

function memoryDb() {
  const database = new SQLite(':memory:');
  database.exec('create table users (id text primary key, username text)');
  database.exec("insert into users values ('u1', 'ada')");
  return new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
}

const byIdAndName = (db: Kysely<Database>) =>
  db.selectFrom('users').select('id').where('id', '=', slot('id')).where('username', '=', slot('name'));

describe('queries compiled once', () => {
  it('runs with the values given for its slots', async () => {
    const db = memoryDb();
    const query = compiledOnce(byIdAndName, ['id', 'name']);
    assert.deepEqual((await query(db, { id: 'u1', name: 'ada' })).rows, [{ id: 'u1' }]);
    assert.deepEqual((await query(db, { id: 'u1', name: 'bob' })).rows, []);
    await db.destroy();
  });

  it('refuses a slot its names leave out (it would be sent as its marker and match nothing)', async () => {
    const db = memoryDb();
    const query = compiledOnce(byIdAndName, ['id']);
    await assert.rejects(query(db, { id: 'u1' }), /slot .*name.* is not named/);
    await db.destroy();
  });

  it('refuses a name with no slot in the query', async () => {
    const db = memoryDb();
    const query = compiledOnce(byIdAndName, ['id', 'name', 'extra']);
    await assert.rejects(query(db, { id: 'u1', name: 'ada', extra: 1 }), /no slot "extra"/);
    await db.destroy();
  });
});
