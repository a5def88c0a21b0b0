import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../errors.js';
import { contentDisposition, type DispositionType } from './content-disposition.js';
import { ifRangeHolds, noneMatchHits, parseHttpDate, parseRange, toHttpSeconds } from './http-range.js';

export interface SendFileOptions {
  /** Absolute path of the file (never derived from client input). */
  path: string;
  size: number;
  mimeType: string;
  /** A strong validator, without quotes (e.g. the content hash). */
  etag: string;
  lastModified: Date | string;
  /** The name offered to the browser (Content-Disposition). */
  fileName: string;
  /** `inline` is honoured only for types that are safe to render on our origin. */
  disposition: DispositionType;
  /** `private, no-cache` for a signed-in owner; `private, no-store` for public links. */
  cacheControl: string;
  /** Answer conditional requests with 304 (default true). */
  conditional?: boolean;
}

/*
 * Types a browser may render inline on the app's origin: they cannot run script there.
 * Everything else (HTML, SVG, XML, unknown bytes) is sent as an attachment in a sandbox.
 */
const SAFE_INLINE = new Set([
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
  'image/apng',
  'application/pdf',
  'text/plain',
  'text/markdown',
  'text/csv',
]);

export function isSafeInline(mimeType: string): boolean {
  const type = mimeType.toLowerCase();
  return SAFE_INLINE.has(type) || type.startsWith('audio/') || type.startsWith('video/');
}

function contentType(mimeType: string): string {
  return mimeType.startsWith('text/') ? `${mimeType}; charset=utf-8` : mimeType;
}

/**
 * Bytes read from disk at a time. Node's 64 KiB default makes a 1 MiB range 16 thread-pool
 * reads and a large download as many reads and socket writes again. A stream holds at most one
 * chunk ahead of a slow client (backpressure), and a small file or range is read in one chunk
 * of its own size, so memory stays bounded.
 */
const READ_CHUNK_BYTES = 256 * 1024;

/** Opens the file first, so a missing file is a clean 404 rather than a broken response. */
async function openFile(path: string): Promise<fs.promises.FileHandle> {
  try {
    return await fs.promises.open(path, fs.constants.O_RDONLY);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') throw notFound('File');
    throw error;
  }
}

/**
 * Sends a stored file with everything a media player or download manager needs: a single
 * byte Range (206 / 416), strong ETag and Last-Modified with If-None-Match / If-Modified-Since
 * (304) and If-Range, and a Content-Disposition that carries any file name. Streams from disk.
 */
export async function sendFile(
  request: FastifyRequest,
  reply: FastifyReply,
  options: SendFileOptions,
): Promise<FastifyReply> {
  const etag = `"${options.etag}"`;
  const lastModified = new Date(options.lastModified);
  const safe = isSafeInline(options.mimeType);
  const disposition: DispositionType = safe ? options.disposition : 'attachment';

  reply.header('accept-ranges', 'bytes');
  reply.header('etag', etag);
  reply.header('last-modified', lastModified.toUTCString());
  reply.header('cache-control', options.cacheControl);
  reply.header('x-content-type-options', 'nosniff');
  if (!safe) reply.header('content-security-policy', 'sandbox');

  if (options.conditional !== false && notModified(request, etag, lastModified)) {
    return reply.code(304).send();
  }

  const size = options.size;
  const ifRange = firstHeader(request.headers['if-range']);
  const rangeHeader = ifRangeHolds(ifRange, etag, lastModified) ? request.headers.range : undefined;
  const range = parseRange(rangeHeader, size);
  if (range.kind === 'unsatisfiable') {
    reply.header('content-range', `bytes */${size}`);
    return reply
      .code(416)
      .type('application/json; charset=utf-8')
      .send({ error: 'bad_request', message: 'The requested range is not satisfiable.' });
  }

  const file = await openFile(options.path);
  reply.header('content-type', contentType(options.mimeType));
  reply.header('content-disposition', contentDisposition(disposition, options.fileName));
  const [status, start, end] = range.kind === 'partial' ? [206, range.start, range.end] : [200, 0, size - 1];
  reply.code(status);
  if (status === 206) reply.header('content-range', `bytes ${start}-${end}/${size}`);
  reply.header('content-length', end - start + 1);
  if (request.method === 'HEAD' || size === 0) {
    // Headers only: an empty stream keeps the Content-Length set above (a string would reset it).
    await file.close();
    return reply.send(Readable.from([]));
  }
  return reply.send(file.createReadStream({ start, end, highWaterMark: READ_CHUNK_BYTES }));
}

const firstHeader = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** RFC 9110 §13.2.2: If-None-Match wins over If-Modified-Since. */
function notModified(request: FastifyRequest, etag: string, lastModified: Date): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const noneMatch = request.headers['if-none-match'];
  if (noneMatch) return noneMatchHits(noneMatch, etag);
  const since = parseHttpDate(request.headers['if-modified-since']);
  return since !== undefined && toHttpSeconds(lastModified) <= toHttpSeconds(since);
}
