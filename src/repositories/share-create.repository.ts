import type { Insertable, Kysely } from 'kysely';
import { compiledOnce, slot } from '../db/compiled-query.js';
import type { DialectName } from '../db/database.js';
import type {
  Database,
  NewShare,
  ShareActivityTable,
  ShareRow,
  SharesTable,
  ShareTargetType,
} from '../db/schema.js';
import { ACTIVITY_COLUMNS, insertActivity } from './share-activity.repository.js';
import { insertShare } from './shares.repository.js';

/*
 * What creating a share writes and checks, in as few statements as the engines allow: the
 * create path runs a thousand times a second under load, and on PostgreSQL every statement is a
 * round trip.
 */

type Executor = Kysely<Database>;

const SHARE_COLUMNS = [
  'id',
  'owner_id',
  'target_type',
  'target_id',
  'recipient_type',
  'recipient_user_id',
  'recipient_group_id',
  'token_hash',
  'token_sealed',
  'password_hash',
  'can_view',
  'can_download',
  'can_edit',
  'can_delete',
  'can_reshare',
  'can_add',
  'note',
  'expires_at',
  'max_access_count',
  'access_count',
  'last_accessed_at',
  'inherit_to_children',
  'parent_share_id',
  'state_version',
  'revoked_at',
  'expired_logged_at',
  'access_notified_at',
  'created_at',
  'updated_at',
] as const satisfies ReadonlyArray<keyof SharesTable>;

const slots = <C extends string>(columns: readonly C[], prefix: string) =>
  Object.fromEntries(columns.map((column) => [column, slot(`${prefix}${column}`)]));

/** PostgreSQL: the share and its first log entry in one statement (atomic, one round trip, prepared). */
const insertShareAndEntry = compiledOnce(
  (db) =>
    db
      .with('created', (db) =>
        db
          .insertInto('shares')
          .values(slots(SHARE_COLUMNS, 's_') as unknown as NewShare)
          .returning('id'),
      )
      .insertInto('share_activity')
      .values(slots(ACTIVITY_COLUMNS, 'a_') as unknown as Insertable<ShareActivityTable>),
  [...SHARE_COLUMNS.map((column) => `s_${column}`), ...ACTIVITY_COLUMNS.map((column) => `a_${column}`)],
);

/**
 * Writes a new share with its `created` entry, all or nothing: one prepared statement on
 * PostgreSQL, one transaction on SQLite (where statements cost no round trip).
 */
export async function insertShareWithEntry(
  db: Kysely<Database>,
  dialect: DialectName,
  row: ShareRow,
  entry: Insertable<ShareActivityTable>,
): Promise<void> {
  if (dialect === 'postgres') {
    const values: Record<string, unknown> = {};
    for (const column of SHARE_COLUMNS) values[`s_${column}`] = row[column];
    for (const column of ACTIVITY_COLUMNS) values[`a_${column}`] = entry[column] ?? null;
    await insertShareAndEntry(db, values);
    return;
  }
  await db.transaction().execute(async (trx) => {
    await insertShare(trx, row);
    await insertActivity(trx, [entry]);
  });
}

/** The live share of the target (slots type, id) to the recipient in column `to`, as a subquery. */
const liveShareOfTarget = (
  db: Kysely<Database>,
  to: 'recipient_user_id' | 'recipient_group_id',
  recipientId: string,
) =>
  db
    .selectFrom('shares')
    .select('shares.id')
    .where('shares.target_type', '=', slot('type') as ShareTargetType)
    .where('shares.target_id', '=', slot('id'))
    .where('shares.revoked_at', 'is', null)
    .where(`shares.${to}`, '=', recipientId)
    .limit(1);

const userWithShare = compiledOnce(
  (db) =>
    db
      .selectFrom('users')
      .select([
        'users.username as name',
        liveShareOfTarget(db, 'recipient_user_id', slot('recipient')).as('live_share_id'),
      ])
      .where('users.id', '=', slot('recipient'))
      .where('users.disabled', '=', 0),
  ['type', 'id', 'recipient'],
);
const groupWithShare = compiledOnce(
  (db) =>
    db
      .selectFrom('groups')
      .select([
        'groups.name',
        liveShareOfTarget(db, 'recipient_group_id', slot('recipient')).as('live_share_id'),
      ])
      .where('groups.id', '=', slot('recipient')),
  ['type', 'id', 'recipient'],
);

/**
 * A recipient (an enabled user, or a group) by its name, and the live share of this target it
 * already has, in one lookup: undefined when there is no such recipient.
 */
export async function findRecipientWithShare(
  db: Executor,
  target: { type: ShareTargetType; id: string },
  recipient: { userId: string } | { groupId: string },
): Promise<{ name: string; liveShareId: string | null } | undefined> {
  const values = { type: target.type, id: target.id };
  const { rows } =
    'userId' in recipient
      ? await userWithShare(db, { ...values, recipient: recipient.userId })
      : await groupWithShare(db, { ...values, recipient: recipient.groupId });
  const row = rows[0];
  return row ? { name: row.name, liveShareId: row.live_share_id ?? null } : undefined;
}
