import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { validate, compileErrors } from '@readme/openapi-parser';
import { API_ALIAS_PREFIX, API_PREFIX, rewriteApiAlias } from '../../src/routes/prefix.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { REPO_ROOT } from '../helpers/fixtures.js';

/*
 * docs/api/openapi.json against OpenAPI 3.1, against the running app, against the seed
 * (docs/api/shares.md) and against the contract (docs/api/contract.md).
 */

interface Response {
  description?: string;
  content?: Record<string, { schema?: { required?: string[]; properties?: Record<string, unknown> } }>;
}
interface Operation {
  operationId?: string;
  summary?: string;
  security?: unknown[];
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: unknown;
  responses?: Record<string, Response>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const FILE = path.join(REPO_ROOT, 'docs/api/openapi.json');
const document = JSON.parse(fs.readFileSync(FILE, 'utf8')) as Document;

function operations(doc: Document): Array<{ method: string; path: string; operation: Operation }> {
  return Object.entries(doc.paths).flatMap(([route, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ method, path: route, operation })),
  );
}

/*
 * The seed's endpoints and every status it lists, plus the contract's deviations: PATCH
 * /shares/{id} and POST /notifications/shares/{id}/read also 400 and 404, GET /shared/{token}
 * also 429.
 */
const SEED: Array<[string, string, number[]]> = [
  ['get', '/notifications/shares', [200, 401]],
  ['post', '/notifications/shares/read-all', [200, 401]],
  ['post', '/notifications/shares/{id}/read', [200, 401, 400, 404]],
  ['get', '/shared/{token}', [200, 401, 404, 429]],
  ['post', '/shares', [200, 400, 401, 500]],
  ['post', '/shares/batch/delete', [200, 400, 401, 403]],
  ['get', '/shares/incoming', [200, 401]],
  ['get', '/shares/outgoing', [200, 401]],
  ['get', '/shares/{id}', [200, 401, 403, 404]],
  ['patch', '/shares/{id}', [200, 401, 403, 404, 400]],
  ['delete', '/shares/{id}', [204, 401, 403, 404]],
  ['get', '/shares/{id}/activity', [200, 401, 403, 404]],
];

/** Each endpoint of the seed document (`METHOD /api/v1/path` lines) with the statuses listed below it. */
function seedEndpoints(markdown: string): Array<[string, string, number[]]> {
  const endpoints: Array<[string, string, number[]]> = [];
  for (const line of markdown.split('\n')) {
    const endpoint = /^(GET|POST|PATCH|PUT|DELETE) \/api\/v1(\/\S+)$/.exec(line.trim());
    if (endpoint) endpoints.push([endpoint[1]!.toLowerCase(), endpoint[2]!, []]);
    const status = /^(\d{3}) /.exec(line.trim());
    if (status && endpoints.length > 0) endpoints.at(-1)![2].push(Number(status[1]));
  }
  return endpoints;
}

/** The contract's other endpoints: sections 1, 3 and 4, and the link and live parts of section 5. */
const CONTRACT: Array<[string, string]> = [
  // 1. Running it
  ['get', '/health'],
  // 3. Auth and people
  ['post', '/auth/login'],
  ['post', '/auth/refresh'],
  ['post', '/auth/logout'],
  ['get', '/auth/me'],
  ['get', '/setup'],
  ['post', '/setup'],
  ['post', '/users'],
  ['get', '/users'],
  ['delete', '/users/{id}'],
  ['get', '/users/lookup'],
  ['post', '/groups'],
  ['get', '/groups'],
  ['post', '/groups/{id}/members'],
  ['delete', '/groups/{id}/members/{user_id}'],
  // 4. The library
  ['post', '/media/upload'],
  ['get', '/media'],
  ['get', '/media/{id}'],
  ['patch', '/media/{id}'],
  ['delete', '/media/{id}'],
  ['get', '/media/{id}/stream'],
  ['get', '/media/{id}/download'],
  ['get', '/media/{id}/thumbnail'],
  ['post', '/media/import'],
  ['post', '/tags'],
  ['get', '/tags'],
  ['post', '/media/{id}/tags'],
  ['delete', '/media/{id}/tags/{tag_id}'],
  ['post', '/collections'],
  ['get', '/collections'],
  ['get', '/collections/{id}'],
  ['patch', '/collections/{id}'],
  ['delete', '/collections/{id}'],
  ['post', '/collections/{id}/members'],
  ['get', '/collections/{id}/members'],
  ['delete', '/collections/{id}/members/{media_id}'],
  ['get', '/search'],
  ['post', '/searches'],
  ['get', '/searches'],
  ['get', '/searches/{id}/results'],
  // 5. Files through a link, notifications pushed live
  ['get', '/shared/{token}/media/{media_id}/stream'],
  ['get', '/shared/{token}/media/{media_id}/download'],
  ['get', '/shared/{token}/media/{media_id}/thumbnail'],
  ['get', '/notifications/stream'],
];

/** The contract's field lists of the shapes the seed's endpoints return. */
const CONTRACT_FIELDS: Record<string, string[]> = {
  Share: [
    'id',
    'target_type',
    'target_id',
    'target_name',
    'owner_id',
    'owner_username',
    'recipient_type',
    'recipient_user_id',
    'recipient_username',
    'recipient_group_id',
    'recipient_group_name',
    'public_token',
    'public_url',
    'has_password',
    'permissions',
    'note',
    'expires_at',
    'max_access_count',
    'access_count',
    'last_accessed_at',
    'status',
    'inherit_to_children',
    'parent_share_id',
    'created_at',
    'updated_at',
  ],
  ShareActivity: [
    'id',
    'share_id',
    'actor_id',
    'actor_username',
    'actor_ip',
    'action',
    'details',
    'timestamp',
  ],
  ShareNotification: ['id', 'share_id', 'notification_type', 'message', 'is_read', 'created_at', 'share'],
  SharePermissions: ['can_view', 'can_download', 'can_edit', 'can_delete', 'can_reshare', 'can_add'],
  MediaItem: [
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
    'tags',
    'metadata',
    'created_at',
    'updated_at',
  ],
};

const op = (prefix: string, method: string, route: string) => document.paths[`${prefix}${route}`]?.[method];
const withoutId = ({ operationId: _id, ...rest }: Operation) => rest;

describe('docs/api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    assert.match(document.openapi, /^3\.1\.\d+$/);
    // validate() dereferences in place: give it a copy.
    const result = await validate(structuredClone(document) as Parameters<typeof validate>[0]);
    assert.ok(result.valid, result.valid ? '' : compileErrors(result));
    assert.equal(result.specification, 'OpenAPI');
  });

  it("lists each of the seed's endpoints under /api/v1 and /api, with every status the seed lists", () => {
    for (const [method, route, statuses] of SEED) {
      for (const prefix of [API_PREFIX, API_ALIAS_PREFIX]) {
        const operation = op(prefix, method, route);
        assert.ok(operation, `${method.toUpperCase()} ${prefix}${route} is documented`);
        for (const status of statuses) {
          assert.ok(
            operation.responses?.[status],
            `${method.toUpperCase()} ${prefix}${route} documents ${status}`,
          );
        }
      }
    }
    assert.deepEqual(op(API_PREFIX, 'get', '/shared/{token}')?.security, [], 'a public link needs no login');
  });

  it('holds in its seed table every endpoint and status of the seed document', () => {
    const seed = seedEndpoints(fs.readFileSync(path.join(REPO_ROOT, 'docs/api/shares.md'), 'utf8'));
    assert.equal(seed.length, 12, 'the seed document lists twelve operations');
    for (const [method, route, statuses] of seed) {
      const row = SEED.find(([m, r]) => m === method && r === route);
      assert.ok(row, `${method.toUpperCase()} ${route} of the seed is in the table`);
      assert.ok(statuses.length > 0, `${method.toUpperCase()} ${route} lists statuses`);
      for (const status of statuses) assert.ok(row[2].includes(status), `${route} ${status}`);
    }
  });

  it("lists the contract's other endpoints under /api/v1 and /api", () => {
    for (const [method, route] of CONTRACT) {
      for (const prefix of [API_PREFIX, API_ALIAS_PREFIX]) {
        assert.ok(op(prefix, method, route), `${method.toUpperCase()} ${prefix}${route} is documented`);
      }
    }
  });

  it('describes GET /api/v1/openapi.json, which the contract lists (section 1)', () => {
    for (const prefix of [API_PREFIX, API_ALIAS_PREFIX]) {
      assert.ok(op(prefix, 'get', '/openapi.json'), `GET ${prefix}/openapi.json is documented`);
    }
  });

  it('documents each /api alias exactly as its /api/v1 operation (an operationId of its own aside)', () => {
    const v1 = operations(document).filter((entry) => entry.path.startsWith(`${API_PREFIX}/`));
    const aliases = operations(document).filter((entry) => !entry.path.startsWith(`${API_PREFIX}/`));
    assert.equal(aliases.length, v1.length);
    for (const { method, path: route, operation } of v1) {
      const alias = op(API_ALIAS_PREFIX, method, route.slice(API_PREFIX.length));
      assert.ok(alias, `${method.toUpperCase()} ${route} has an /api alias`);
      assert.deepEqual(withoutId(alias), withoutId(operation));
    }
  });

  it('gives every operation a unique camelCase operationId, a summary and described responses', () => {
    const seen = new Map<string, string>();
    for (const { method, path: route, operation } of operations(document)) {
      const where = `${method.toUpperCase()} ${route}`;
      const id = operation.operationId;
      assert.ok(id && /^[a-z][A-Za-z0-9]*$/.test(id), `${where}: camelCase operationId (${String(id)})`);
      assert.ok(!seen.has(id), `${where}: operationId ${id} is also ${seen.get(id) ?? ''}`);
      seen.set(id, where);
      assert.ok(operation.summary && operation.summary.trim().length > 0, `${where}: a summary`);
      const responses = Object.entries(operation.responses ?? {});
      assert.ok(responses.length > 0, `${where}: responses`);
      for (const [status, response] of responses) {
        assert.match(status, /^[1-5]\d\d$/, `${where}: ${status} is a status code`);
        assert.ok(response.description?.trim(), `${where} ${status}: a description`);
        if (Number(status) >= 400) {
          const schema = response.content?.['application/json']?.schema;
          assert.deepEqual(
            schema?.required,
            ['error', 'message'],
            `${where} ${status}: the contract's error`,
          );
        }
      }
    }
  });

  it('documents the statuses every operation can answer: 401 behind login, 400 for input, 404 for ids', () => {
    for (const { method, path: route, operation } of operations(document)) {
      const where = `${method.toUpperCase()} ${route}`;
      const statuses = Object.keys(operation.responses ?? {});
      const parameters = operation.parameters ?? [];
      const isPublic = Array.isArray(operation.security) && operation.security.length === 0;
      if (!isPublic) assert.ok(statuses.includes('401'), `${where}: 401 (it needs a login)`);
      if (operation.requestBody || parameters.some((p) => p.in === 'query')) {
        assert.ok(statuses.includes('400'), `${where}: 400 (it takes input)`);
      }
      if (parameters.some((p) => p.in === 'path')) assert.ok(statuses.includes('404'), `${where}: 404 (ids)`);
      if (route.includes('{')) {
        const names = [...route.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
        const declared = parameters.filter((p) => p.in === 'path').map((p) => p.name);
        assert.deepEqual(declared.sort(), names.sort(), `${where}: its path parameters`);
      }
    }
  });

  it("names the contract's fields in the Share, ShareActivity, ShareNotification and MediaItem schemas", () => {
    for (const [name, fields] of Object.entries(CONTRACT_FIELDS)) {
      const schema = document.components.schemas[name];
      assert.ok(schema, `components.schemas.${name}`);
      assert.deepEqual(Object.keys(schema.properties ?? {}).sort(), [...fields].sort(), name);
    }
    const shareResponse = op(API_PREFIX, 'get', '/shares/{id}')?.responses?.[200]?.content?.[
      'application/json'
    ];
    assert.deepEqual(
      Object.keys(shareResponse?.schema?.properties ?? {}).sort(),
      [...(CONTRACT_FIELDS.Share ?? [])].sort(),
      'GET /shares/{id} answers a Share',
    );
  });
});

for (const dialect of DIALECTS) {
  describe(`the API document and the running app on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect);
    });
    after(() => t.close());

    it('serves GET /api/v1/openapi.json (and /api/openapi.json) without a login', async () => {
      const [main, alias] = await Promise.all(
        [API_PREFIX, API_ALIAS_PREFIX].map((prefix) =>
          t.request({ method: 'GET', url: `${prefix}/openapi.json` }),
        ),
      );
      for (const res of [main, alias]) {
        assert.equal(res?.statusCode, 200, res?.body);
        assert.match(String(res?.headers['content-type']), /^application\/json/);
      }
      assert.equal(main?.json<{ openapi: string }>().openapi, '3.1.0');
      assert.deepEqual(alias?.json(), main?.json());
    });

    it('serves the very document checked in as docs/api/openapi.json', async () => {
      const served = (await t.request({ method: 'GET', url: '/api/v1/openapi.json' })).json<Document>();
      const differing = operations(served)
        .filter(
          ({ method, path: route, operation }) =>
            !isDeepStrictEqual(document.paths[route]?.[method], operation),
        )
        .map(({ method, path: route }) => `${method.toUpperCase()} ${route}`);
      const missing = operations(document)
        .filter(({ method, path: route }) => !served.paths[route]?.[method])
        .map(({ method, path: route }) => `${method.toUpperCase()} ${route}`);
      assert.deepEqual({ differing, missing }, { differing: [], missing: [] });
      assert.deepEqual(served, document);
    });

    it('has a real route for every path and method the document lists', async () => {
      // The check can fail: an unknown path or a wrong method is no route.
      assert.equal(t.app.hasRoute({ method: 'GET', url: `${API_PREFIX}/no-such-thing` }), false);
      assert.equal(t.app.hasRoute({ method: 'PUT', url: `${API_PREFIX}/shares/:id` }), false);
      for (const { method, path: route } of operations(document)) {
        const where = `${method.toUpperCase()} ${route}`;
        const url = rewriteApiAlias(route).replace(/\{(\w+)\}/g, ':$1');
        assert.ok(url.startsWith(`${API_PREFIX}/`), `${where} lives under ${API_PREFIX}`);
        assert.ok(t.app.hasRoute({ method: method.toUpperCase(), url }), `${where}: a route ${url}`);
        if (route.startsWith(`${API_PREFIX}/`)) continue;
        // The alias is served by rewriting: ask it for real (without a login, so nothing changes).
        const concrete = route.replace(/\{(\w+)\}/g, (_m, name: string) =>
          name === 'token' ? 'no-such-link' : '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
        );
        const res = await t.request({ method: method.toUpperCase(), url: concrete });
        assert.doesNotMatch(res.body, /No route for/, `${where}: the alias is served`);
      }
    });
  });
}
