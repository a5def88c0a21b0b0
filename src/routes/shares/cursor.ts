import { Type } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { invalidField } from '../../errors.js';
import type { ListPage, ListPosition } from '../../services/shares-read.service.js';
import { MAX_OFFSET, MAX_PAGE_SIZE, TOTAL_COUNT_HEADER } from '../common.schema.js';

/** The header that hands out where the next page of a list starts. */
export const NEXT_CURSOR_HEADER = 'x-next-cursor';

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SEPARATOR = ' ';
/** A cursor is a position, never longer than this (base64url of a time and a UUID is 84 characters). */
const MAX_CURSOR_LENGTH = 128;

/** Offset or cursor paging: the query of every newest-first list of shares and share activity. */
export const CursorPagination = Type.Object(
  {
    offset: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: MAX_OFFSET,
        default: 0,
        description: 'Items to skip (not with cursor)',
      }),
    ),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50, description: 'Page size' }),
    ),
    cursor: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: MAX_CURSOR_LENGTH,
        pattern: '^[A-Za-z0-9_-]+$',
        description:
          'Start after this position: the X-Next-Cursor of the previous page. Opaque; constant time ' +
          'however deep the page (an offset walks every item before it). Not with offset.',
      }),
    ),
  },
  { additionalProperties: false },
);

/** The response headers of such a list. */
export const cursorListHeaders = {
  [TOTAL_COUNT_HEADER]: { type: 'integer', description: 'How many items there are in all' },
  [NEXT_CURSOR_HEADER]: {
    type: 'string',
    description: 'Where the next page starts (pass it as `cursor`); absent on the last page',
  },
} as const;

export function encodeCursor(position: ListPosition): string {
  return Buffer.from(`${position.createdAt}${SEPARATOR}${position.id}`, 'utf8').toString('base64url');
}

const badCursor = () => invalidField('cursor', 'This cursor is not one this list handed out.');

/** A cursor back to its position; anything that is not one we made is a 400. */
export function decodeCursor(cursor: string): ListPosition {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  // Round trip: only the canonical encoding of a well-formed position is accepted.
  if (Buffer.from(text, 'utf8').toString('base64url') !== cursor) throw badCursor();
  const [createdAt = '', id = '', ...rest] = text.split(SEPARATOR);
  if (rest.length > 0 || !TIME.test(createdAt) || Number.isNaN(Date.parse(createdAt)) || !ID.test(id)) {
    throw badCursor();
  }
  return { createdAt, id };
}

/** The page a list query asks for: an offset, or a cursor (both at once is a 400). */
export function listPage(query: { offset?: number; limit?: number; cursor?: string }): ListPage {
  const limit = query.limit ?? 50;
  if (query.cursor === undefined) return { offset: query.offset ?? 0, limit };
  if ((query.offset ?? 0) !== 0) throw invalidField('offset', 'Give offset or cursor, not both.');
  return { offset: 0, limit, after: decodeCursor(query.cursor) };
}

/** Sets X-Total-Count, and X-Next-Cursor when there is a next page. */
export function setListHeaders(
  reply: FastifyReply,
  page: { total: number; next?: ListPosition | null },
): void {
  reply.header(TOTAL_COUNT_HEADER, page.total);
  if (page.next) reply.header(NEXT_CURSOR_HEADER, encodeCursor(page.next));
}
