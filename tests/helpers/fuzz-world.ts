import type { TestApp } from './app.js';
import { buildUser, type TestUser } from './factories.js';
import { uploadOne } from './media.js';
import { startSession } from '../../src/services/auth.service.js';

/*
 * A small world for the fuzzer to aim at: users of every role, media, tags, collections, a
 * saved search, a group, shares and links. The fuzzer draws ids and tokens from it, so its
 * requests reach real rows and not only 404s. Made through the API where it exists; a part
 * that cannot be made is skipped (and said), never fatal.
 */
export interface FuzzWorld {
  actors: Record<'admin' | 'editor' | 'viewer', TestUser>;
  /** Ids of things that exist (never an actor's own id: the fuzzer must not delete its actors). */
  ids: string[];
  linkTokens: string[];
  /** Link access tokens that work (from opening the links), for the link file routes. */
  accessTokens: string[];
  notes: string[];
}

type Json = Record<string, unknown>;

export async function buildFuzzWorld(t: TestApp): Promise<FuzzWorld> {
  const admin = await buildUser(t, { role: 'admin' });
  const editor = await buildUser(t, { role: 'editor' });
  const viewer = await buildUser(t, { role: 'viewer' });
  const world: FuzzWorld = {
    actors: { admin, editor, viewer },
    ids: [],
    linkTokens: [],
    accessTokens: [],
    notes: [],
  };
  for (let i = 0; i < 3; i += 1)
    world.ids.push((await buildUser(t, { role: i === 0 ? 'viewer' : 'editor' })).id);

  const post = async (url: string, token: string, payload: Json): Promise<Json | undefined> => {
    const res = await t.request({ method: 'POST', url, token, payload });
    if (res.statusCode >= 300) {
      world.notes.push(`seed ${url}: ${res.statusCode}`);
      return undefined;
    }
    return res.json<Json>();
  };
  const remember = (value: Json | undefined) => {
    if (value && typeof value.id === 'string') world.ids.push(value.id);
    return value;
  };

  const media: string[] = [];
  for (const name of ['photo.jpg', 'plain.txt', 'hostile.svg']) {
    try {
      const item = await uploadOne(t, editor, name);
      media.push(item.id);
      world.ids.push(item.id);
    } catch (error) {
      world.notes.push(`seed upload ${name}: ${(error as Error).message.slice(0, 80)}`);
    }
  }
  const tag = remember(await post('/api/v1/tags', editor.token, { name: 'fuzz-tag' }));
  const collection = remember(await post('/api/v1/collections', editor.token, { name: 'fuzz-collection' }));
  remember(await post('/api/v1/searches', editor.token, { name: 'fuzz-search', query: 'photo' }));
  const group = remember(await post('/api/v1/groups', admin.token, { name: 'fuzz-group' }));
  if (group) await post(`/api/v1/groups/${String(group.id)}/members`, admin.token, { user_id: viewer.id });
  if (collection && media.length) {
    await post(`/api/v1/collections/${String(collection.id)}/members`, editor.token, { media_ids: media });
  }
  if (tag && media[0]) await post(`/api/v1/media/${media[0]}/tags`, editor.token, { tag_ids: [tag.id] });

  const targets: Array<[string, string]> = [];
  if (media[0]) targets.push(['media', media[0]]);
  if (collection) targets.push(['collection', String(collection.id)]);
  for (const [target_type, target_id] of targets) {
    remember(
      await post('/api/v1/shares', editor.token, {
        target_type,
        target_id,
        recipient_type: 'user',
        recipient_user_id: viewer.id,
        permissions: { can_reshare: true },
      }),
    );
    for (const extra of [{}, { password: 'fuzz-link-password' }, { max_access_count: 3 }]) {
      const link = remember(
        await post('/api/v1/shares', editor.token, {
          target_type,
          target_id,
          recipient_type: 'public_link',
          ...extra,
        }),
      );
      if (link && typeof link.public_token === 'string') {
        world.linkTokens.push(link.public_token);
        const opened = await t.request({
          method: 'GET',
          url: `/api/v1/shared/${link.public_token}`,
          headers: { 'x-share-password': 'fuzz-link-password' },
        });
        if (opened.statusCode === 200)
          world.accessTokens.push(opened.json<{ access_token: string }>().access_token);
      }
    }
  }
  if (group && media[1]) {
    remember(
      await post('/api/v1/shares', editor.token, {
        target_type: 'media',
        target_id: media[1],
        recipient_type: 'group',
        recipient_group_id: group.id,
      }),
    );
  }
  return world;
}

/** A fresh session for an actor: each request gets its own, so logout or a password change by the fuzzer costs nothing. */
export async function freshToken(t: TestApp, user: TestUser): Promise<string> {
  const pair = await startSession(
    t.ctx,
    { id: user.id, username: user.username, role: user.role },
    { ip: '127.0.0.1', userAgent: 'fuzz' },
  );
  return pair.access_token;
}
