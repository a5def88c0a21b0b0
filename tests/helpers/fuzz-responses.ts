import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { LEAK_PATTERN } from './security.js';
import { resolveRef, type JsonSchema, type OpenApiDocument, type OpenApiOperation } from './fuzz-schema.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * Statuses the framework gives any route that takes a body, whatever the route documents: a
 * body over the size limit (413) or of a type no parser takes (415). Their bodies must still be
 * the contract's error shape.
 */
const BODY_STATUSES = new Set([413, 415]);

export interface CheckedResponse {
  status: number;
  headers: IncomingHttpHeaders | OutgoingHttpHeaders;
  body: string;
}

/** Inlines `$ref`s so each response schema compiles on its own. */
function inline(schema: unknown, doc: OpenApiDocument, seen = new Set<string>()): unknown {
  if (Array.isArray(schema)) return schema.map((item) => inline(item, doc, seen));
  if (typeof schema !== 'object' || schema === null) return schema;
  const record = schema as JsonSchema;
  if (typeof record.$ref === 'string') {
    if (seen.has(record.$ref)) return {};
    return inline(resolveRef(record, doc), doc, new Set([...seen, record.$ref]));
  }
  return Object.fromEntries(
    Object.entries(record)
      .filter(([key]) => key !== '$id' && key !== 'example' && key !== 'examples')
      .map(([key, value]) => [key, inline(value, doc, seen)]),
  );
}

/** The contract's error schema, as some operation documents it (it is inlined, not a component). */
function findErrorSchema(doc: OpenApiDocument): JsonSchema | undefined {
  for (const methods of Object.values(doc.paths)) {
    for (const operation of Object.values(methods)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        const schema = response.content?.['application/json']?.schema;
        if (Number(status) >= 400 && schema?.title === 'Error') return schema;
      }
    }
  }
  return undefined;
}

/** Checks a response against what the operation documents. */
export class ResponseChecker {
  private readonly ajv: Ajv;
  private readonly compiled = new WeakMap<object, ValidateFunction>();

  private readonly errorSchema: JsonSchema | undefined;

  constructor(private readonly doc: OpenApiDocument) {
    this.ajv = addFormats(new Ajv({ strict: false, allErrors: true, validateFormats: true }));
    this.ajv.addFormat('binary', true);
    this.errorSchema = doc.components?.schemas?.Error ?? findErrorSchema(doc);
  }

  private validator(schema: JsonSchema): ValidateFunction {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.ajv.compile(inline(schema, this.doc) as object);
      this.compiled.set(schema, validate);
    }
    return validate;
  }

  /** A sentence saying what is wrong, or undefined when the response keeps every promise. */
  check(
    operation: OpenApiOperation,
    method: string,
    res: CheckedResponse,
    sentBody: boolean,
  ): string | undefined {
    if (res.status >= 500) return `server error ${res.status}`;
    const documented = operation.responses[String(res.status)] ?? operation.responses.default;
    if (!documented && !(sentBody && BODY_STATUSES.has(res.status))) {
      return `status ${res.status} is not documented (documented: ${Object.keys(operation.responses).join(', ')})`;
    }
    if (res.headers['x-content-type-options'] !== 'nosniff') return 'no X-Content-Type-Options: nosniff';
    const type = String(res.headers['content-type'] ?? '');
    if (res.status >= 400) {
      if (!type.startsWith('application/json')) return `error with content type "${type}"`;
      if (LEAK_PATTERN.test(res.body)) return 'error body leaks internals';
    }
    if (method.toUpperCase() === 'HEAD' || res.status === 204 || res.status === 304) {
      return res.body.length === 0 || res.status === 204 ? undefined : `${res.status} with a body`;
    }
    const jsonSchema =
      documented?.content?.['application/json']?.schema ?? (res.status >= 400 ? this.errorSchema : undefined);
    if (!type.startsWith('application/json')) {
      const declared = Object.keys(documented?.content ?? {});
      const binary = jsonSchema && jsonSchema.format === 'binary';
      const matches = (declaredType: string) =>
        declaredType === '*/*' ||
        (declaredType.endsWith('/*')
          ? type.startsWith(declaredType.slice(0, -1))
          : type.startsWith(declaredType));
      if (declared.length && !binary && !declared.some(matches)) {
        return `content type "${type}" not documented (${declared.join(', ')})`;
      }
      return undefined;
    }
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch {
      return 'the JSON body does not parse';
    }
    if (!jsonSchema && res.status >= 400) return 'an error status with no documented schema';
    if (jsonSchema && jsonSchema.format !== 'binary') {
      const validate = this.validator(jsonSchema);
      if (!validate(body))
        return `body breaks its schema: ${this.ajv.errorsText(validate.errors, { separator: '; ' }).slice(0, 400)}`;
    }
    if (res.status === 200 && Array.isArray(body) && operation.responses['200']?.content) {
      const total = res.headers['x-total-count'];
      if (total !== undefined && !/^\d+$/.test(String(total)))
        return `X-Total-Count "${String(total)}" is not a count`;
    }
    return undefined;
  }
}
