import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import {
  bodyCase,
  textValue,
  type BodyCase,
  type OpenApiDocument,
  type OpenApiOperation,
  type OpenApiParameter,
} from '../helpers/fuzz-schema.js';
import { buildFuzzWorld, freshToken, type FuzzWorld } from '../helpers/fuzz-world.js';
import { multipartBody } from '../helpers/media.js';
import { ResponseChecker } from '../helpers/fuzz-responses.js';

/*
 * Property-based fuzzing of every operation in the OpenAPI document (the live one, which is
 * what docs/api/openapi.json is generated from): thousands of valid-ish, boundary and broken
 * requests, anonymous and as each role. Invariants: no 5xx, a status the operation documents,
 * a body that matches the documented schema of that status, the baseline security headers.
 *
 * Deterministic: PINAKES_FUZZ_SEED (printed) fixes every generated request;
 * PINAKES_FUZZ_RUNS sets the runs per operation; PINAKES_FUZZ_ONLY=<operationId,...> narrows.
 */
const SEED = Number(process.env.PINAKES_FUZZ_SEED ?? 20261127);
const RUNS = Number(process.env.PINAKES_FUZZ_RUNS ?? 50);
const ONLY = new Set((process.env.PINAKES_FUZZ_ONLY ?? '').split(',').filter(Boolean));

/** Operations fuzzed with care: an endless event stream is only opened, never read to its end. */
const isEventStream = (operation: OpenApiOperation) =>
  Object.values(operation.responses).some((response) =>
    Object.keys(response.content ?? {}).includes('text/event-stream'),
  );

/** Each operation gets its own stream of cases, derived from the one seed. */
function seedFor(operationId: string): number {
  let hash = SEED | 0;
  for (const character of operationId) hash = (Math.imul(hash, 31) + character.charCodeAt(0)) | 0;
  return hash;
}

type Identity = 'anonymous' | 'admin' | 'editor' | 'viewer' | 'garbage';

const SAFE_HEADER_VALUES: Record<string, string[]> = {
  range: [
    'bytes=0-0',
    'bytes=-1',
    'bytes=5-2',
    'bytes=0-1,3-4',
    'bytes=99999999999-',
    'bytes=abc',
    'items=0-1',
    'bytes=0-',
  ],
  'if-none-match': ['*', '"nope"', 'W/"x"', ''],
  'if-modified-since': ['Thu, 01 Jan 1970 00:00:00 GMT', 'not a date', 'Fri, 31 Dec 9999 23:59:59 GMT'],
  'if-range': ['"nope"', 'Thu, 01 Jan 1970 00:00:00 GMT'],
  'x-forwarded-for': ['1.2.3.4', '::1', 'garbage', '1.2.3.4, 5.6.7.8', '2001:db8::1'],
  'x-share-password': ['fuzz-link-password', 'wrong', '', 'a'.repeat(300)],
  'x-share-access': ['x.y.z', 'garbage', ''],
  accept: ['text/html', '*/*', 'application/xml'],
};

interface FuzzRequest {
  identity: Identity;
  prefix: string;
  pathValues: Record<string, string>;
  query: Array<[string, string]>;
  body: BodyCase | { kind: 'multipart'; parts: Array<{ field: string; fileName: string; bytes: string }> };
  headers: Array<[string, string]>;
}

function requestArbitrary(
  path: string,
  operation: OpenApiOperation,
  doc: OpenApiDocument,
  world: FuzzWorld,
): fc.Arbitrary<FuzzRequest> {
  const parameters = operation.parameters ?? [];
  const pathParams = parameters.filter((p) => p.in === 'path');
  const queryParams = parameters.filter((p) => p.in === 'query');
  const idPool = world.ids.length ? world.ids : ['0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'];
  const tokenPool = world.linkTokens.length
    ? world.linkTokens
    : ['no-such-link-token-aaaaaaaaaaaaaaaaaaaaaaa'];

  const pathValues = fc.record(
    Object.fromEntries(
      pathParams.map((param) => [
        param.name,
        fc.oneof(
          {
            weight: 5,
            arbitrary: param.name === 'token' ? fc.constantFrom(...tokenPool) : fc.constantFrom(...idPool),
          },
          { weight: 2, arbitrary: textValue(param.schema, doc) },
        ),
      ]),
    ),
  );
  const accessPool = world.accessTokens.length ? world.accessTokens : ['x.y.z'];
  const queryValue = (name: string, schema: OpenApiParameter['schema']) =>
    name === 'access_token'
      ? fc.oneof(fc.constantFrom(...accessPool), textValue(schema, doc))
      : textValue(schema, doc);
  const query = fc
    .tuple(
      ...queryParams.map((param) =>
        fc.option(fc.tuple(fc.constant(param.name), queryValue(param.name, param.schema)), {
          nil: undefined,
          freq: param.required ? 8 : 2,
        }),
      ),
      fc.option(
        fc.tuple(
          fc.constantFrom('unknown', 'password', 'access_token', '__proto__', queryParams[0]?.name ?? 'x'),
          textValue(undefined, doc),
        ),
        { freq: 4 },
      ),
    )
    .map((pairs) => pairs.filter((pair): pair is [string, string] => Array.isArray(pair)));

  const content = operation.requestBody?.content ?? {};
  const body: fc.Arbitrary<FuzzRequest['body']> = content['multipart/form-data']
    ? fc
        .array(
          fc.record({
            field: fc.constantFrom('file', 'file', 'title', 'description', 'other'),
            fileName: fc.constantFrom(
              'photo.jpg',
              '../../../etc/passwd',
              '..\\..\\evil.exe',
              '%2e%2e%2fx',
              'a\u0000b.txt',
              '/abs/path.png',
              'name"; filename="x',
              'evil\u202egnp.exe',
              '',
              'x'.repeat(400),
            ),
            bytes: fc.oneof(
              fc.constantFrom(
                '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                '<html><script>alert(1)</script></html>',
                '',
              ),
              fc.string({ maxLength: 64 }),
            ),
          }),
          { maxLength: 3 },
        )
        .map((parts) => ({ kind: 'multipart' as const, parts }))
    : content['application/json']
      ? bodyCase(content['application/json'].schema, doc)
      : fc.constant<BodyCase>({ kind: 'none' });

  const headerValues: Record<string, string[]> = {
    ...SAFE_HEADER_VALUES,
    'x-share-access': [...SAFE_HEADER_VALUES['x-share-access']!, ...accessPool],
  };
  const headers = fc
    .subarray(Object.keys(headerValues), { maxLength: 2 })
    .chain((names) =>
      fc.tuple(...names.map((name) => fc.tuple(fc.constant(name), fc.constantFrom(...headerValues[name]!)))),
    );

  return fc.record({
    identity: fc.constantFrom<Identity>('anonymous', 'admin', 'editor', 'editor', 'viewer', 'garbage'),
    prefix: fc.constantFrom('/api/v1', '/api/v1', '/api'),
    pathValues,
    query,
    body,
    headers,
  });
}

/** Percent-encodes any text, lone surrogates included (they become U+FFFD, as a browser sends them). */
const encode = (value: string) =>
  encodeURIComponent(
    value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
  );

function urlFor(path: string, request: FuzzRequest): string {
  const filled = path
    .replace(/^\/api\/v1/, request.prefix)
    .replace(/\{(\w+)\}/g, (_, name: string) => encode(request.pathValues[name] || ' ')); // an empty segment would name another route
  const query = request.query.map(([name, value]) => `${encode(name)}=${encode(value)}`).join('&');
  return query ? `${filled}?${query}` : filled;
}

async function send(
  t: TestApp,
  world: FuzzWorld,
  method: string,
  url: string,
  request: FuzzRequest,
  stream: boolean,
) {
  const headers: Record<string, string> = Object.fromEntries(request.headers);
  if (request.identity === 'garbage') headers.authorization = 'Bearer not.a.token';
  else if (request.identity !== 'anonymous')
    headers.authorization = `Bearer ${await freshToken(t, world.actors[request.identity])}`;
  let payload: string | Buffer | undefined;
  if (request.body.kind === 'json') {
    payload = JSON.stringify(request.body.value) ?? 'null';
    headers['content-type'] = 'application/json';
  } else if (request.body.kind === 'raw') {
    payload = request.body.text;
    headers['content-type'] = request.body.contentType;
  } else if (request.body.kind === 'multipart') {
    const files = request.body.parts.filter((part) => part.field === 'file');
    const fields = Object.fromEntries(
      request.body.parts.filter((part) => part.field !== 'file').map((part) => [part.field, part.bytes]),
    );
    const built = await multipartBody(
      files.map((part) => ({ bytes: part.bytes, fileName: part.fileName })),
      fields,
    );
    payload = built.body;
    headers['content-type'] = built.contentType;
  }
  const res = await t.app.inject({
    method: method.toUpperCase() as 'GET',
    url,
    headers,
    ...(payload !== undefined ? { payload } : {}),
    ...(stream ? { payloadAsStream: true } : {}),
  });
  return res;
}

/** For an event stream: keep the headers, close it, and read a body only when it is not the stream. */
async function settleStream(
  res: LightMyRequestResponse,
): Promise<{ status: number; headers: LightMyRequestResponse['headers']; body: string }> {
  const stream = res.stream();
  if (res.statusCode === 200) {
    stream.destroy();
    return { status: res.statusCode, headers: res.headers, body: '' };
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return { status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() };
}

for (const dialect of DIALECTS) {
  describe(`OpenAPI fuzzing on ${dialect} (seed ${SEED}, ${RUNS} runs per operation)`, () => {
    let t: TestApp;
    let world: FuzzWorld;
    let doc: OpenApiDocument;
    let checker: ResponseChecker;

    before(async () => {
      t = await startTestApp(dialect);
      const res = await t.request({ method: 'GET', url: '/api/v1/openapi.json' });
      doc = res.json<OpenApiDocument>();
      world = await buildFuzzWorld(t);
      checker = new ResponseChecker(doc);
      console.log(
        `fuzz seed ${SEED}, ${RUNS} runs per operation; world: ${world.ids.length} ids, ${world.linkTokens.length} links, ${world.accessTokens.length} access tokens${world.notes.length ? `; ${world.notes.join('; ')}` : ''}`,
      );
    });
    after(() => t.close());

    // The document is only known once the app runs; the operations list is read from a fresh app here.
    it('fuzzes every operation', async (ctx) => {
      const operations = Object.entries(doc.paths)
        .filter(([path]) => path.startsWith('/api/v1/'))
        .flatMap(([path, methods]) =>
          Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
        )
        .filter(({ operation }) => ONLY.size === 0 || ONLY.has(operation.operationId ?? ''));
      assert.ok(operations.length > 10, 'the document lists the API');
      for (const { path, method, operation } of operations) {
        const name = `${operation.operationId ?? '?'} ${method.toUpperCase()} ${path}`;
        await ctx.test(name, async () => {
          const stream = isEventStream(operation);
          await fc.assert(
            fc.asyncProperty(requestArbitrary(path, operation, doc, world), async (request) => {
              const url = urlFor(path, request);
              const raw = await send(t, world, method, url, request, stream);
              const res = stream
                ? await settleStream(raw)
                : { status: raw.statusCode, headers: raw.headers, body: raw.body };
              const problem = checker.check(operation, method, res, request.body.kind !== 'none');
              if (problem) {
                throw new Error(
                  `${method.toUpperCase()} ${url.slice(0, 300)} as ${request.identity} -> ${res.status}: ${problem}\nbody: ${res.body.slice(0, 500)}`,
                );
              }
            }),
            {
              seed: seedFor(operation.operationId ?? path),
              numRuns: RUNS,
              endOnFailure: process.env.PINAKES_FUZZ_SHRINK !== '1',
            },
          );
        });
      }
      const health = await t.request({ method: 'GET', url: '/api/v1/health' });
      assert.equal(health.statusCode, 200, 'still up after the fuzzing');
    });
  });
}
