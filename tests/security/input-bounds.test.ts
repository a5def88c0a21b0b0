import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import type { OpenApiDocument } from '../helpers/fuzz-schema.js';
import { buildFuzzWorld, type FuzzWorld } from '../helpers/fuzz-world.js';
import { isCleanErrorBody } from '../helpers/security.js';

/*
 * Boundary numbers in every paginated list (ASVS 2.2.1 input validation, 16.5.x errors): JSON
 * Schema calls 1e300 an integer, so each bound must be explicit or the number reaches the
 * database and comes back as a 500. Driven by the OpenAPI document: every operation with an
 * `offset` or `limit` query parameter, on real rows (the fuzz world), as its owner.
 */
const OUT_OF_RANGE = [
  'offset=1e300',
  'offset=-1',
  'offset=1.5',
  'limit=1e300',
  'limit=0',
  'limit=201',
  'offset=abc',
];

for (const dialect of DIALECTS) {
  describe(`pagination bounds on ${dialect}`, () => {
    let t: TestApp;
    let world: FuzzWorld;
    let doc: OpenApiDocument;
    before(async () => {
      t = await startTestApp(dialect);
      doc = (await t.request({ method: 'GET', url: '/api/v1/openapi.json' })).json<OpenApiDocument>();
      world = await buildFuzzWorld(t);
    });
    after(() => t.close());

    it('answers out-of-range offsets and limits with 400 on every list, never 500', async (ctx) => {
      const lists = Object.entries(doc.paths)
        .filter(([path]) => path.startsWith('/api/v1/'))
        .flatMap(([path, methods]) =>
          Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
        )
        .filter(
          ({ method, operation }) =>
            method === 'get' &&
            (operation.parameters ?? []).some(
              (p) => p.in === 'query' && (p.name === 'offset' || p.name === 'limit'),
            ),
        );
      assert.ok(lists.length >= 10, `lists found: ${lists.length}`);
      for (const { path, operation } of lists) {
        const id = operation.operationId ?? path;
        await ctx.test(id, async () => {
          const url = path
            .replace('{token}', world.linkTokens[0] ?? 'x')
            .replace(/\{\w+\}/g, world.ids.find(Boolean) ?? '');
          for (const query of OUT_OF_RANGE) {
            const requiredQuery = (operation.parameters ?? [])
              .filter((p) => p.in === 'query' && p.required)
              .map((p) => `${p.name}=a`);
            const full = `${url}?${[query, ...requiredQuery].join('&')}`;
            for (const actor of [world.actors.editor, world.actors.admin]) {
              const res = await t.request({ method: 'GET', url: full, token: actor.token });
              assert.ok(res.statusCode < 500, `${full}: ${res.statusCode} ${res.body}`);
              assert.ok([400, 401, 403, 404].includes(res.statusCode), `${full}: ${res.statusCode}`);
              assert.ok(isCleanErrorBody(res), `${full}: ${res.body}`);
            }
          }
        });
      }
    });
  });
}
