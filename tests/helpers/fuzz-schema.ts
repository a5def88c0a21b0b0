import fc from 'fast-check';

/*
 * JSON Schema (as found in the OpenAPI document) to fast-check arbitraries: `validish` values
 * that follow the schema, with its boundaries (min, max, one past each), and `hostile` values
 * that break it in the ways attackers and broken clients do.
 */

export type JsonSchema = Record<string, unknown>;
export type OpenApiDocument = {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
};
export interface OpenApiParameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}
export interface OpenApiOperation {
  operationId?: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: JsonSchema }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema?: JsonSchema }> }>;
  security?: unknown[];
}

const MAX_DEPTH = 4;
/** Generated strings stay short unless a boundary asks for more (keeps runs fast). */
const SOFT_MAX_LENGTH = 48;

export const HOSTILE_STRINGS = [
  '',
  ' ',
  '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2f',
  '..\\..\\..\\windows\\win.ini',
  'C:\\Windows\\System32',
  '/etc/passwd',
  'a\u0000b',
  '\u0000',
  '%00',
  '<script>alert(1)</script>',
  '"><svg onload=alert(1)>',
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '${7*7}{{7*7}}',
  'line\r\nX-Injected: 1',
  'evil\u202egnp.exe',
  '\ud800',
  'ｆｕｌｌｗｉｄｔｈ',
  '😀'.repeat(300),
  'a'.repeat(70_000),
  '-1',
  '0',
  'NaN',
  'Infinity',
  'null',
  'true',
  '[]',
  '{}',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5G',
  '0190a1b2c3d47e5f8a9b0c1d2e3f4a5b',
  '__proto__',
  'constructor',
  '2026-13-45T25:61:61Z',
  '9999-12-31T23:59:59.999Z',
  '1970-01-01T00:00:00Z',
];

export const HOSTILE_NUMBERS = [
  -1,
  0,
  1,
  -0,
  0.5,
  2 ** 31,
  2 ** 31 - 1,
  2 ** 53,
  -(2 ** 53),
  1e308,
  -1e308,
  1e-300,
];

export function hostileScalar(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom<unknown>(...HOSTILE_STRINGS) },
    { weight: 2, arbitrary: fc.constantFrom<unknown>(...HOSTILE_NUMBERS) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  );
}

export function hostileValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: hostileScalar() },
    { weight: 1, arbitrary: fc.array(hostileScalar(), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), hostileScalar(), { maxKeys: 3 }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}

export function resolveRef(schema: JsonSchema, doc: OpenApiDocument): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.split('/').pop() ?? '';
  const target = doc.components?.schemas?.[name];
  if (!target) throw new Error(`unresolvable $ref ${ref}`);
  return resolveRef(target, doc);
}

function patternArbitrary(pattern: string): fc.Arbitrary<string> | undefined {
  try {
    return fc.stringMatching(new RegExp(pattern, 'u'), { size: 'xsmall' });
  } catch {
    return undefined;
  }
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : undefined;
  const boundaries: string[] = [];
  if (maxLength !== undefined) boundaries.push('x'.repeat(maxLength), 'x'.repeat(maxLength + 1));
  if (minLength > 0) boundaries.push('x'.repeat(minLength), 'x'.repeat(minLength - 1));
  let base: fc.Arbitrary<string>;
  switch (schema.format) {
    case 'uuid':
      base = fc.uuid();
      break;
    case 'date-time':
      base = fc
        .oneof(
          fc.date({
            min: new Date('1900-01-01T00:00:00Z'),
            max: new Date('2200-01-01T00:00:00Z'),
            noInvalidDate: true,
          }),
          // Near now: the boundary of "must be in the future".
          fc.integer({ min: -3_600_000, max: 3_600_000 * 48 }).map((offset) => new Date(Date.now() + offset)),
        )
        .map((date) => date.toISOString());
      break;
    case 'email':
      base = fc.emailAddress();
      break;
    case 'uri':
      base = fc.webUrl();
      break;
    default: {
      const fromPattern = typeof schema.pattern === 'string' ? patternArbitrary(schema.pattern) : undefined;
      base =
        fromPattern ??
        fc.string({
          minLength,
          maxLength: Math.max(minLength, Math.min(maxLength ?? SOFT_MAX_LENGTH, SOFT_MAX_LENGTH)),
          unit: fc.oneof(
            { weight: 8, arbitrary: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-_ .') },
            { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
          ),
        });
    }
  }
  return boundaries.length
    ? fc.oneof({ weight: 6, arbitrary: base }, { weight: 1, arbitrary: fc.constantFrom(...boundaries) })
    : base;
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = typeof schema.minimum === 'number' ? schema.minimum : undefined;
  const max = typeof schema.maximum === 'number' ? schema.maximum : undefined;
  const lo = min ?? -1_000_000;
  const hi = max ?? Math.max(lo + 1_000_000, 1_000_000);
  const inRange = integer ? fc.integer({ min: lo, max: hi }) : fc.double({ min: lo, max: hi, noNaN: true });
  const boundaries = [
    min,
    max,
    min !== undefined ? min - 1 : undefined,
    max !== undefined ? max + 1 : undefined,
  ].filter((value): value is number => value !== undefined);
  return boundaries.length
    ? fc.oneof({ weight: 4, arbitrary: inRange }, { weight: 1, arbitrary: fc.constantFrom(...boundaries) })
    : inRange;
}

/** Values that follow the schema, boundaries included (one past a bound is deliberately among them). */
export function validish(schema: JsonSchema, doc: OpenApiDocument, depth = 0): fc.Arbitrary<unknown> {
  const resolved = resolveRef(schema, doc);
  if ('const' in resolved) return fc.constant(resolved.const);
  if (Array.isArray(resolved.enum)) return fc.constantFrom(...(resolved.enum as unknown[]));
  const union = (resolved.anyOf ?? resolved.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(union) && union.length > 0)
    return fc.oneof(...union.map((member) => validish(member, doc, depth)));
  if (Array.isArray(resolved.allOf) && resolved.allOf.length > 0) {
    return validish(Object.assign({}, ...(resolved.allOf as JsonSchema[])) as JsonSchema, doc, depth);
  }
  const type = Array.isArray(resolved.type)
    ? (resolved.type as string[])
    : [resolved.type as string | undefined];
  if (type.length > 1)
    return fc.oneof(...type.map((one) => validish({ ...resolved, type: one }, doc, depth)));
  switch (type[0]) {
    case 'string':
      return stringArbitrary(resolved);
    case 'integer':
      return numberArbitrary(resolved, true);
    case 'number':
      return numberArbitrary(resolved, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = (resolved.items as JsonSchema | undefined) ?? {};
      const minItems = typeof resolved.minItems === 'number' ? resolved.minItems : 0;
      const maxItems = Math.min(typeof resolved.maxItems === 'number' ? resolved.maxItems : 4, 4);
      if (depth >= MAX_DEPTH) return fc.constant([]);
      return fc.array(validish(items, doc, depth + 1), {
        minLength: Math.min(minItems, maxItems),
        maxLength: Math.max(minItems, maxItems),
      });
    }
    case 'object':
    case undefined: {
      const properties = (resolved.properties as Record<string, JsonSchema> | undefined) ?? {};
      if (type[0] === undefined && Object.keys(properties).length === 0) return fc.jsonValue({ maxDepth: 2 });
      if (depth >= MAX_DEPTH) return fc.constant({});
      const required = new Set((resolved.required as string[] | undefined) ?? []);
      const model = Object.fromEntries(
        Object.entries(properties).map(([name, property]) => [name, validish(property, doc, depth + 1)]),
      );
      return fc.record(model, { requiredKeys: [...required].filter((name) => name in model) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

export type BodyCase =
  { kind: 'json'; value: unknown } | { kind: 'raw'; text: string; contentType: string } | { kind: 'none' };

const RAW_BODIES = [
  '{',
  '{"a":',
  'null',
  '[]',
  '"text"',
  '1e999',
  '{"a":1,"a":2}',
  '\u0000',
  '{"__proto__":{"role":"admin","isAdmin":true}}',
  '{"constructor":{"prototype":{"role":"admin"}}}',
  `${'['.repeat(4000)}${']'.repeat(4000)}`,
  `{"k":"${'a'.repeat(2 * 1024 * 1024)}"}`,
];

/**
 * A request body: mostly the schema's own shape with one thing wrong (a field dropped, a field
 * of the wrong type, an unknown field), sometimes valid, sometimes not JSON at all.
 */
export function bodyCase(schema: JsonSchema | undefined, doc: OpenApiDocument): fc.Arbitrary<BodyCase> {
  const valid = schema ? validish(schema, doc) : fc.jsonValue({ maxDepth: 2 });
  const mutated = fc
    .tuple(
      valid,
      fc.constantFrom('drop', 'replace', 'extra', 'proto'),
      fc.nat(),
      fc.string({ minLength: 1, maxLength: 12 }),
      hostileValue(),
    )
    .map(([value, mutation, pick, extraKey, hostile]) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return hostile;
      const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      const keys = Object.keys(copy);
      const key = keys.length ? keys[pick % keys.length]! : extraKey;
      if (mutation === 'drop') delete copy[key];
      else if (mutation === 'replace') copy[key] = hostile;
      else if (mutation === 'extra') copy[`${extraKey}_x`] = hostile;
      else Object.defineProperty(copy, '__proto__', { value: { role: 'admin' }, enumerable: true });
      return copy;
    });
  return fc.oneof(
    { weight: 4, arbitrary: valid.map((value): BodyCase => ({ kind: 'json', value })) },
    { weight: 4, arbitrary: mutated.map((value): BodyCase => ({ kind: 'json', value })) },
    { weight: 1, arbitrary: hostileValue().map((value): BodyCase => ({ kind: 'json', value })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...RAW_BODIES),
          fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
        )
        .map(([text, contentType]): BodyCase => ({ kind: 'raw', text, contentType })),
    },
    { weight: 1, arbitrary: fc.constant<BodyCase>({ kind: 'none' }) },
  );
}

/** A query or path value as text: from the schema, or hostile. */
export function textValue(schema: JsonSchema | undefined, doc: OpenApiDocument): fc.Arbitrary<string> {
  const valid = schema ? validish(schema, doc) : fc.string();
  return fc.oneof(
    {
      weight: 3,
      arbitrary: valid.map((value) => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''))),
    },
    {
      weight: 1,
      arbitrary: hostileScalar().map((value) =>
        typeof value === 'string' ? value : (JSON.stringify(value) ?? ''),
      ),
    },
  );
}
