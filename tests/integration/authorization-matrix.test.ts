import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { REPO_ROOT } from '../helpers/fixtures.js';
import { LONG_LIVED_TOKENS } from '../helpers/shares.js';
import {
  buildCast,
  buildResource,
  listedIds,
  PRINCIPALS,
  tokenOf,
  type Cast,
  type PrincipalName,
  type Resource,
  type ResourceKind,
} from '../helpers/world.js';

/*
 * The authorization matrix: who may do what to a share and to the library objects it opens,
 * from the contract (sections 3, 4 and 5). Every cell is one real request; every cell that
 * could change something gets a resource of its own, so no cell depends on another.
 *
 * The three shared things (tests/helpers/world.ts):
 * - userMedia: a media item shared with `recipient` to view only (no download, edit, delete, reshare);
 * - groupCollection: a collection (holding one item) shared with a group of `member` and `former`
 *   (view, download, add, reshare; no edit, no delete); `former` left the group after the share;
 * - mediaLink: a public link to a media item.
 * The library cells of groupCollection act on the item inside the collection.
 */

/** A status, or for the two list endpoints: 200 with the share listed or not. */
type Cell = number | 'listed' | 'unlisted';
type Row = Record<PrincipalName, Cell>;

// Columns: owner, recipient, member, former, stranger, admin, anonymous.
const row = (...cells: Cell[]): Row =>
  Object.fromEntries(PRINCIPALS.map((who, i) => [who, cells[i] ?? 'missing'])) as Row;
const IN = 'listed';
const OUT = 'unlisted';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
type Body = Record<string, unknown>;

interface Endpoint {
  method: Method;
  /** The path as the API document names it (under /api/v1). */
  path: string;
  /** Could change the share or the library: gets a fresh resource per cell. */
  mutating?: boolean;
  /** A list: the cell is whether the share is in it. */
  list?: boolean;
  url(r: Resource): string;
  body?(r: Resource, cast: Cast, who: PrincipalName): Body;
}

const ENDPOINTS = {
  'GET /shares/{id}': { method: 'GET', path: '/shares/{id}', url: (r) => `/shares/${r.share.id}` },
  'PATCH /shares/{id}': {
    method: 'PATCH',
    path: '/shares/{id}',
    mutating: true,
    url: (r) => `/shares/${r.share.id}`,
    body: () => ({ note: 'Seen by the matrix' }),
  },
  'DELETE /shares/{id}': {
    method: 'DELETE',
    path: '/shares/{id}',
    mutating: true,
    url: (r) => `/shares/${r.share.id}`,
  },
  'GET /shares/{id}/activity': {
    method: 'GET',
    path: '/shares/{id}/activity',
    url: (r) => `/shares/${r.share.id}/activity`,
  },
  'GET /shares/{id}/items': {
    method: 'GET',
    path: '/shares/{id}/items',
    url: (r) => `/shares/${r.share.id}/items`,
  },
  'GET /shares/outgoing': {
    method: 'GET',
    path: '/shares/outgoing',
    list: true,
    url: () => '/shares/outgoing',
  },
  'GET /shares/incoming': {
    method: 'GET',
    path: '/shares/incoming',
    list: true,
    url: () => '/shares/incoming',
  },
  'POST /shares/batch/delete': {
    method: 'POST',
    path: '/shares/batch/delete',
    mutating: true,
    url: () => '/shares/batch/delete',
    body: (r) => ({ share_ids: [r.share.id] }),
  },
  'POST /shares (reshare)': {
    method: 'POST',
    path: '/shares',
    mutating: true,
    url: () => '/shares',
    body: (r, cast) => ({
      target_type: r.share.target_type,
      target_id: r.share.target_id,
      recipient_type: 'user',
      recipient_user_id: cast.bystander.id,
    }),
  },
  'GET /shared/{token}': { method: 'GET', path: '/shared/{token}', url: (r) => `/shared/${r.token ?? ''}` },
  'GET /media/{id}': { method: 'GET', path: '/media/{id}', url: (r) => `/media/${r.mediaId}` },
  'GET /media/{id}/stream': {
    method: 'GET',
    path: '/media/{id}/stream',
    url: (r) => `/media/${r.mediaId}/stream`,
  },
  'GET /media/{id}/download': {
    method: 'GET',
    path: '/media/{id}/download',
    url: (r) => `/media/${r.mediaId}/download`,
  },
  'GET /media/{id}/thumbnail': {
    method: 'GET',
    path: '/media/{id}/thumbnail',
    url: (r) => `/media/${r.mediaId}/thumbnail`,
  },
  'PATCH /media/{id}': {
    method: 'PATCH',
    path: '/media/{id}',
    mutating: true,
    url: (r) => `/media/${r.mediaId}`,
    body: () => ({ title: 'Renamed by the matrix' }),
  },
  'DELETE /media/{id}': {
    method: 'DELETE',
    path: '/media/{id}',
    mutating: true,
    url: (r) => `/media/${r.mediaId}`,
  },
  'POST /media/{id}/tags': {
    method: 'POST',
    path: '/media/{id}/tags',
    mutating: true,
    url: (r) => `/media/${r.mediaId}/tags`,
    body: (_r, cast) => ({ tag_ids: [cast.ownerTagId] }),
  },
  'GET /collections/{id}': {
    method: 'GET',
    path: '/collections/{id}',
    url: (r) => `/collections/${r.collectionId ?? ''}`,
  },
  'GET /collections/{id}/members': {
    method: 'GET',
    path: '/collections/{id}/members',
    url: (r) => `/collections/${r.collectionId ?? ''}/members`,
  },
  'POST /collections/{id}/members': {
    method: 'POST',
    path: '/collections/{id}/members',
    mutating: true,
    url: (r) => `/collections/${r.collectionId ?? ''}/members`,
    // Each caller offers an item of their own (anonymous: somebody's).
    body: (_r, cast, who) => ({ media_ids: [cast.ownMedia[who === 'anonymous' ? 'stranger' : who]] }),
  },
} satisfies Record<string, Endpoint>;

type EndpointName = keyof typeof ENDPOINTS;

/*
 * The expected statuses. Contract: GET /shares/{id} for owner, recipient (a current group member
 * too) and admin, 403 for anyone else; PATCH, DELETE, batch delete and activity for owner and
 * admin; POST /shares answers 400 to anyone who may not share the target (owner, or a recipient
 * with can_reshare); media is private to its owner (an admin included) except through a share:
 * 404 when not visible, 403 when visible but the action is not granted; links need no login;
 * everything else needs one (401). /shares/{id}/items (not in the contract) follows its own
 * documentation: the owner and live recipients. A missing row: the endpoint does not apply.
 */
// prettier-ignore
const EXPECTED: Record<ResourceKind, Partial<Record<EndpointName, Row>>> = {
  userMedia: {
    //                                       owner  recipient  member  former  stranger  admin  anonymous
    'GET /shares/{id}':                  row(200,   200,       403,    403,    403,      200,   401),
    'PATCH /shares/{id}':                row(200,   403,       403,    403,    403,      200,   401),
    'DELETE /shares/{id}':               row(204,   403,       403,    403,    403,      204,   401),
    'GET /shares/{id}/activity':         row(200,   403,       403,    403,    403,      200,   401),
    'GET /shares/{id}/items':            row(200,   200,       403,    403,    403,      403,   401),
    'GET /shares/outgoing':              row(IN,    OUT,       OUT,    OUT,    OUT,      OUT,   401),
    'GET /shares/incoming':              row(OUT,   IN,        OUT,    OUT,    OUT,      OUT,   401),
    'POST /shares/batch/delete':         row(200,   403,       403,    403,    403,      200,   401),
    'POST /shares (reshare)':            row(200,   400,       400,    400,    400,      400,   401),
    'GET /media/{id}':                   row(200,   200,       404,    404,    404,      404,   401),
    'GET /media/{id}/stream':            row(200,   200,       404,    404,    404,      404,   401),
    'GET /media/{id}/download':          row(200,   403,       404,    404,    404,      404,   401),
    'GET /media/{id}/thumbnail':         row(200,   200,       404,    404,    404,      404,   401),
    'PATCH /media/{id}':                 row(200,   403,       404,    404,    404,      404,   401),
    'DELETE /media/{id}':                row(204,   403,       404,    404,    404,      404,   401),
    'POST /media/{id}/tags':             row(200,   403,       404,    404,    404,      404,   401),
  },
  groupCollection: {
    //                                       owner  recipient  member  former  stranger  admin  anonymous
    'GET /shares/{id}':                  row(200,   403,       200,    403,    403,      200,   401),
    'PATCH /shares/{id}':                row(200,   403,       403,    403,    403,      200,   401),
    'DELETE /shares/{id}':               row(204,   403,       403,    403,    403,      204,   401),
    'GET /shares/{id}/activity':         row(200,   403,       403,    403,    403,      200,   401),
    'GET /shares/{id}/items':            row(200,   403,       200,    403,    403,      403,   401),
    'GET /shares/outgoing':              row(IN,    OUT,       OUT,    OUT,    OUT,      OUT,   401),
    'GET /shares/incoming':              row(OUT,   OUT,       IN,     OUT,    OUT,      OUT,   401),
    'POST /shares/batch/delete':         row(200,   403,       403,    403,    403,      200,   401),
    'POST /shares (reshare)':            row(200,   400,       200,    400,    400,      400,   401),
    'GET /media/{id}':                   row(200,   404,       200,    404,    404,      404,   401),
    'GET /media/{id}/stream':            row(200,   404,       200,    404,    404,      404,   401),
    'GET /media/{id}/download':          row(200,   404,       200,    404,    404,      404,   401),
    'GET /media/{id}/thumbnail':         row(200,   404,       200,    404,    404,      404,   401),
    'PATCH /media/{id}':                 row(200,   404,       403,    404,    404,      404,   401),
    'DELETE /media/{id}':                row(204,   404,       403,    404,    404,      404,   401),
    'POST /media/{id}/tags':             row(200,   404,       403,    404,    404,      404,   401),
    'GET /collections/{id}':             row(200,   404,       200,    404,    404,      404,   401),
    'GET /collections/{id}/members':     row(200,   404,       200,    404,    404,      404,   401),
    'POST /collections/{id}/members':    row(200,   404,       200,    404,    404,      404,   401),
  },
  mediaLink: {
    //                                       owner  recipient  member  former  stranger  admin  anonymous
    'GET /shares/{id}':                  row(200,   403,       403,    403,    403,      200,   401),
    'PATCH /shares/{id}':                row(200,   403,       403,    403,    403,      200,   401),
    'DELETE /shares/{id}':               row(204,   403,       403,    403,    403,      204,   401),
    'GET /shares/{id}/activity':         row(200,   403,       403,    403,    403,      200,   401),
    'GET /shares/{id}/items':            row(200,   403,       403,    403,    403,      403,   401),
    'GET /shares/outgoing':              row(IN,    OUT,       OUT,    OUT,    OUT,      OUT,   401),
    'GET /shares/incoming':              row(OUT,   OUT,       OUT,    OUT,    OUT,      OUT,   401),
    'POST /shares/batch/delete':         row(200,   403,       403,    403,    403,      200,   401),
    'POST /shares (reshare)':            row(200,   400,       400,    400,    400,      400,   401),
    'GET /shared/{token}':               row(200,   200,       200,    200,    200,      200,   200),
    'GET /media/{id}':                   row(200,   404,       404,    404,    404,      404,   401),
    'GET /media/{id}/stream':            row(200,   404,       404,    404,    404,      404,   401),
    'GET /media/{id}/download':          row(200,   404,       404,    404,    404,      404,   401),
    'GET /media/{id}/thumbnail':         row(200,   404,       404,    404,    404,      404,   401),
    'PATCH /media/{id}':                 row(200,   404,       404,    404,    404,      404,   401),
    'DELETE /media/{id}':                row(204,   404,       404,    404,    404,      404,   401),
    'POST /media/{id}/tags':             row(200,   404,       404,    404,    404,      404,   401),
  },
};

/** Cells that show a bug: `kind|endpoint|principal` -> where it is and how to fix it. */
const KNOWN_BUGS: Record<string, string> = {};

const RESOURCE_KINDS = Object.keys(EXPECTED) as ResourceKind[];
const ENDPOINT_NAMES = Object.keys(ENDPOINTS) as EndpointName[];

/** What the owner sees of everything a denied request must leave alone. */
async function snapshot(t: TestApp, cast: Cast, r: Resource) {
  const get = async (url: string) => {
    const res = await t.request({ method: 'GET', url: `/api/v1${url}`, token: cast.owner.token });
    return { status: res.statusCode, body: res.body };
  };
  const bystander = await t.request({
    method: 'GET',
    url: '/api/v1/shares/incoming',
    token: cast.bystander.token,
  });
  return {
    share: await get(`/shares/${r.share.id}`),
    media: await get(`/media/${r.mediaId}`),
    members: r.collectionId ? await get(`/collections/${r.collectionId}/members`) : null,
    bystanderIncoming: bystander.headers['x-total-count'],
  };
}

function formatMatrix(dialect: string, observed: Map<string, Cell>): string {
  const show = (cell: Cell | undefined) =>
    cell === undefined ? '·' : cell === 'listed' ? '200 in' : cell === 'unlisted' ? '200 -' : String(cell);
  const width = Math.max(...ENDPOINT_NAMES.map((name) => name.length));
  const lines = [`Authorization matrix on ${dialect} (status per principal; * = differs from the contract)`];
  for (const kind of RESOURCE_KINDS) {
    lines.push('', `${kind}`, `${''.padEnd(width)}  ${PRINCIPALS.map((who) => who.padStart(9)).join(' ')}`);
    for (const name of ENDPOINT_NAMES) {
      const expected = EXPECTED[kind][name];
      if (!expected) continue;
      const cells = PRINCIPALS.map((who) => {
        const got = observed.get(`${kind}|${name}|${who}`);
        const mark = got !== undefined && got !== expected[who] ? '*' : '';
        return `${show(got)}${mark}`.padStart(9);
      });
      lines.push(`${name.padEnd(width)}  ${cells.join(' ')}`);
    }
  }
  return lines.join('\n');
}

const openapi = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'docs/api/openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
};

for (const dialect of DIALECTS) {
  describe(`authorization matrix on ${dialect}`, () => {
    let t: TestApp;
    let cast: Cast;
    /** The resources read-only cells share, one of each kind. */
    const readOnly = new Map<ResourceKind, Resource>();
    const observed = new Map<string, Cell>();

    before(async () => {
      t = await startTestApp(dialect, LONG_LIVED_TOKENS);
      cast = await buildCast(t);
      for (const kind of RESOURCE_KINDS) readOnly.set(kind, await buildResource(t, cast, kind));
    });
    after(async () => {
      console.log(formatMatrix(dialect, observed));
      await t.close();
    });

    async function run(kind: ResourceKind, name: EndpointName, who: PrincipalName): Promise<Cell> {
      const endpoint: Endpoint = ENDPOINTS[name];
      const resource = endpoint.mutating ? await buildResource(t, cast, kind) : readOnly.get(kind);
      assert.ok(resource);
      const token = tokenOf(cast, who);
      if (endpoint.list) {
        if (!token)
          return (await t.request({ method: 'GET', url: `/api/v1${endpoint.url(resource)}` })).statusCode;
        const listed = await listedIds(t, token, `/api/v1${endpoint.url(resource)}`);
        if (listed.status !== 200) return listed.status;
        return listed.ids.includes(resource.share.id) ? 'listed' : 'unlisted';
      }
      const before = endpoint.mutating ? await snapshot(t, cast, resource) : undefined;
      const res = await t.request({
        method: endpoint.method,
        url: `/api/v1${endpoint.url(resource)}`,
        ...(token ? { token } : {}),
        ...(endpoint.body ? { payload: endpoint.body(resource, cast, who) } : {}),
      });
      if (res.statusCode >= 400) {
        const error = res.json<{ error: string; message: string }>();
        assert.equal(typeof error.error, 'string', `an error body: ${res.body}`);
        assert.equal(typeof error.message, 'string', `an error body: ${res.body}`);
        if (before)
          assert.deepEqual(await snapshot(t, cast, resource), before, 'a refused request changed something');
      }
      return res.statusCode;
    }

    for (const kind of RESOURCE_KINDS) {
      describe(kind, () => {
        for (const name of ENDPOINT_NAMES) {
          const expected = EXPECTED[kind][name];
          if (!expected) continue;
          describe(name, () => {
            for (const who of PRINCIPALS) {
              const key = `${kind}|${name}|${who}`;
              it(`${who} -> ${String(expected[who])}`, { todo: KNOWN_BUGS[key] }, async () => {
                const got = await run(kind, name, who);
                observed.set(key, got);
                assert.equal(got, expected[who]);
              });
            }
          });
        }
      });
    }

    it('documents every status the matrix saw', () => {
      assert.ok(observed.size > 0, 'the matrix ran before this check');
      for (const [key, cell] of observed) {
        const [, name] = key.split('|') as [ResourceKind, EndpointName];
        const endpoint: Endpoint = ENDPOINTS[name];
        const status = typeof cell === 'number' ? String(cell) : '200';
        const operation = openapi.paths[`/api/v1${endpoint.path}`]?.[endpoint.method.toLowerCase()];
        assert.ok(operation, `${endpoint.method} ${endpoint.path} is in the document`);
        assert.ok(status in operation.responses, `${key}: ${status} is a documented response`);
      }
    });
  });
}
