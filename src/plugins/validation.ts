import type { FastifyInstance, FastifySchema } from 'fastify';
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const common: Options = {
  allErrors: true,
  // Unknown body fields are an error, never silently dropped.
  removeAdditional: false,
  useDefaults: true,
  strict: false,
};

/**
 * Bodies are validated as sent: a string where a number belongs is a 400.
 * Query strings and path parameters arrive as text, so they are coerced.
 */
export function installValidators(app: FastifyInstance): void {
  const body = addFormats(new Ajv({ ...common, coerceTypes: false }));
  const text = addFormats(new Ajv({ ...common, coerceTypes: 'array' }));
  app.setValidatorCompiler<FastifySchema>(({ schema, httpPart }) =>
    httpPart === 'body'
      ? lazyValidator(body, schema, (schema as { [OPTIONAL_BODY]?: boolean })[OPTIONAL_BODY] === true)
      : lazyValidator(text, schema, false),
  );
}

/** Marks a body schema that may also be left out entirely (a POST that takes no input). */
export const OPTIONAL_BODY = 'x-optional-body';

type Validator = ((data: unknown) => boolean) & { errors?: ValidateFunction['errors'] };

/**
 * Compiles a route's schema on its first request instead of at start: compiling the schemas
 * of every route was about a fifth of the start-up CPU time (profiled), and many routes of a
 * running instance are rarely called. Fastify reads `errors` off the function after a failed check.
 */
function lazyValidator(ajv: Ajv, schema: object, mayBeMissing: boolean): Validator {
  let compiled: ValidateFunction | undefined;
  const validate: Validator = (data) => {
    if ((data === undefined || data === null) && mayBeMissing) {
      validate.errors = null;
      return true;
    }
    compiled ??= ajv.compile(schema);
    const valid = compiled(data);
    validate.errors = compiled.errors;
    return valid;
  };
  return validate;
}
