import type { AppContext } from '../context.js';
import type { Selectable } from 'kysely';
import type { CollectionsTable } from '../db/schema.js';
import { forbidden, notFound } from '../errors.js';
import type { Principal } from '../plugins/auth.js';
import { liveIncomingShares, PERMISSION_COLUMN } from './incoming-shares.js';

/** `view` and `add` can come through a share; `manage` (rename, delete, remove members) is the owner's. */
export type CollectionAction = 'view' | 'add' | 'manage';

async function sharedWith(
  ctx: AppContext,
  principal: Principal,
  collectionId: string,
  action: 'view' | 'add',
) {
  const row = await liveIncomingShares(ctx.db.kysely, principal.userId, ctx.clock.now().toISOString())
    .select('shares.id')
    .where('shares.target_type', '=', 'collection')
    .where('shares.target_id', '=', collectionId)
    .where(`shares.${PERMISSION_COLUMN[action]}`, '=', 1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Loads a collection for an action: 404 when it is not visible to the principal, 403 when the action is not theirs. */
export async function requireCollection(
  ctx: AppContext,
  principal: Principal,
  action: CollectionAction,
  collectionId: string,
): Promise<Selectable<CollectionsTable>> {
  const collection = await ctx.db.kysely
    .selectFrom('collections')
    .selectAll()
    .where('id', '=', collectionId)
    .executeTakeFirst();
  if (!collection) throw notFound('Collection');
  if (collection.owner_id === principal.userId) return collection;
  if (!(await sharedWith(ctx, principal, collectionId, 'view'))) throw notFound('Collection');
  if (action === 'manage') throw forbidden('Only the owner may change this collection.');
  if (action === 'add' && !(await sharedWith(ctx, principal, collectionId, 'add'))) {
    throw forbidden('This share does not let you add to the collection.');
  }
  return collection;
}
