import { Type, type TSchema } from '@fastify/type-provider-typebox';
import { OPTIONAL_BODY } from '../plugins/validation.js';

/** Schemas shared by every route area. */
export const Uuid = Type.String({ format: 'uuid', description: 'A UUID' });
export const Timestamp = Type.String({ format: 'date-time', description: 'RFC 3339 UTC time' });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const ErrorResponse = Type.Object(
  {
    error: Type.String({
      description: 'A stable code: bad_request, unauthorized, forbidden, not_found, ...',
    }),
    message: Type.String({ description: 'A sentence for people' }),
    details: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { $id: 'Error', title: 'Error' },
);

/** Error responses for the given status codes, for a route's `response` map. */
export function errors(...statuses: number[]): Record<number, typeof ErrorResponse> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorResponse]));
}

export const IdParams = Type.Object({ id: Uuid });

export const MAX_PAGE_SIZE = 200;
/** The largest offset a list takes (a 32-bit count: far beyond any library). */
export const MAX_OFFSET = 2_147_483_647;
export const Pagination = Type.Object(
  {
    // Bounded: a huge offset (1e300 is an "integer" to JSON Schema) must be a 400, not a 500 from the database.
    offset: Type.Optional(
      Type.Integer({ minimum: 0, maximum: MAX_OFFSET, default: 0, description: 'Items to skip' }),
    ),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50, description: 'Page size' }),
    ),
  },
  { additionalProperties: false },
);

/** Lists carry their total in this header. */
export const TOTAL_COUNT_HEADER = 'x-total-count';
export const TotalCountHeaders = Type.Object({
  'x-total-count': Type.Integer({ description: 'How many items there are in all' }),
});

/** For actions that take no input: no body at all, or `{}`; any field is a 400 like everywhere. */
export const NoInput = Type.Object(
  {},
  { additionalProperties: false, [OPTIONAL_BODY]: true, description: 'No body, or an empty JSON object' },
);
