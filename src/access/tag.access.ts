import type { AppContext } from '../context.js';
import { notFound, forbidden } from '../errors.js';
import type { Principal } from '../plugins/auth.js';
import { findTagById, type TagRow } from '../repositories/tags.repository.js';
import { hasLiveShareOf } from './shared-target.access.js';

/** `view` can come through a share; `manage` (rename, delete) is the owner's. */
export type TagAction = 'view' | 'manage';

/** Loads a tag for an action: 404 when it is not visible to the principal, 403 when the action is not theirs. */
export async function requireTag(
  ctx: AppContext,
  principal: Principal,
  action: TagAction,
  tagId: string,
): Promise<TagRow> {
  const tag = await findTagById(ctx.db.kysely, tagId);
  if (!tag) throw notFound('Tag');
  if (tag.owner_id === principal.userId) return tag;
  if (!(await hasLiveShareOf(ctx, principal, 'tag', tagId, 'view'))) throw notFound('Tag');
  if (action === 'manage') throw forbidden('Only the owner may change this tag.');
  return tag;
}
