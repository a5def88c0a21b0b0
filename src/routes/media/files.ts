import { Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RoutesPlugin } from '../index.js';
import type { AppContext } from '../../context.js';
import type { MediaRow } from '../../db/schema.js';
import { errors, IdParams } from '../common.schema.js';
import { requireMedia } from '../../access/media.access.js';
import { sendFile } from '../../lib/send-file.js';
import { principal } from '../../plugins/auth.js';
import { mediaFilePath } from '../../services/media-files.service.js';
import { DEFAULT_THUMBNAIL_SIZE } from '../../services/media-limits.js';
import { ensureThumbnail } from '../../services/media-thumbnails.service.js';
import { FileBytes, ThumbnailQuery } from './schema.js';

/** The owner's own files may be cached, but must be revalidated (access can change). */
export const OWNER_CACHE_CONTROL = 'private, no-cache';

const QUERY_TOKEN_RULE =
  'Where an element cannot send the `Authorization` header (<img>, <video>, <audio>, a download ' +
  'link), the access token may come as `?access_token=` instead; the header wins when both are sent.';

const FILE_RULES =
  'Supports a single byte `Range` (206; unsatisfiable: 416 with `Content-Range: bytes */size`; ' +
  'several ranges are answered with the whole file, 200), a strong `ETag` (the content hash) ' +
  'with `If-None-Match`, `Last-Modified` with `If-Modified-Since` (304) and `If-Range`. ' +
  'HTML, SVG and other types a browser could run are always sent as an attachment, with ' +
  '`Content-Security-Policy: sandbox` and `X-Content-Type-Options: nosniff`. ' +
  QUERY_TOKEN_RULE;

/** The user's API access token in the URL: only these three routes take it (see the auth plugin). */
const AccessTokenQuery = Type.String({
  maxLength: 4096,
  description:
    'Your API access token, for <img>/<video> which cannot send headers; prefer the Authorization header',
});

const FileQuery = Type.Object(
  { access_token: Type.Optional(AccessTokenQuery) },
  { additionalProperties: false },
);

const MediaThumbnailQuery = Type.Object(
  { ...ThumbnailQuery.properties, access_token: Type.Optional(AccessTokenQuery) },
  { additionalProperties: false },
);

/** Elements that load these files cannot send an Authorization header. */
const elementLoadable = { queryToken: true } as const;

/** The bytes, in whatever type the item has. */
const bytesResponse = (description: string) => ({ description, content: { '*/*': { schema: FileBytes } } });

const fileResponses = (statuses: number[]) => ({
  200: bytesResponse('The whole file'),
  206: bytesResponse('The requested range'),
  304: { type: 'null', description: 'Not modified' },
  ...errors(...statuses),
});

function sendMediaFile(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  media: MediaRow,
  disposition: 'inline' | 'attachment',
) {
  return sendFile(request, reply, {
    path: mediaFilePath(ctx, media),
    size: Number(media.size_bytes),
    mimeType: media.mime_type,
    etag: media.content_hash,
    lastModified: media.created_at,
    fileName: media.file_name,
    disposition,
    cacheControl: OWNER_CACHE_CONTROL,
  });
}

export const mediaFileRoutes: RoutesPlugin = async (app, { ctx }) => {
  app.get(
    '/media/:id/stream',
    {
      config: elementLoadable,
      schema: {
        tags: ['media'],
        operationId: 'streamMedia',
        summary: 'The bytes of a media item, for viewing and playing',
        description: FILE_RULES,
        params: IdParams,
        querystring: FileQuery,
        response: fileResponses([400, 401, 404, 416]),
      },
    },
    async (request, reply) => {
      const media = await requireMedia(ctx, principal(request), 'view', request.params.id);
      return sendMediaFile(ctx, request, reply, media, 'inline');
    },
  );

  app.get(
    '/media/:id/download',
    {
      config: elementLoadable,
      schema: {
        tags: ['media'],
        operationId: 'downloadMedia',
        summary: 'The bytes of a media item as an attachment (owner, or a share with can_download)',
        description: FILE_RULES,
        params: IdParams,
        querystring: FileQuery,
        response: fileResponses([400, 401, 403, 404, 416]),
      },
    },
    async (request, reply) => {
      const media = await requireMedia(ctx, principal(request), 'download', request.params.id);
      return sendMediaFile(ctx, request, reply, media, 'attachment');
    },
  );

  app.get(
    '/media/:id/thumbnail',
    {
      config: elementLoadable,
      schema: {
        tags: ['media'],
        operationId: 'getMediaThumbnail',
        summary: 'A WebP thumbnail of an image (or a video frame, where ffmpeg is installed)',
        description:
          'Made once per size and kept. Items without a thumbnail (audio, documents, text, SVG, ' +
          'videos when ffmpeg is not installed) answer 404 `not_found`: show an icon instead. ' +
          QUERY_TOKEN_RULE,
        params: IdParams,
        querystring: MediaThumbnailQuery,
        response: {
          200: { description: 'A WebP image', content: { 'image/webp': { schema: FileBytes } } },
          304: { type: 'null', description: 'Not modified' },
          ...errors(400, 401, 404),
        },
      },
    },
    async (request, reply) => {
      const media = await requireMedia(ctx, principal(request), 'view', request.params.id);
      const thumbnail = await ensureThumbnail(ctx, media, request.query.size ?? DEFAULT_THUMBNAIL_SIZE);
      return sendFile(request, reply, {
        path: thumbnail.path,
        size: thumbnail.size,
        mimeType: thumbnail.mimeType,
        etag: thumbnail.etag,
        lastModified: thumbnail.lastModified,
        fileName: `${media.title}.webp`,
        disposition: 'inline',
        cacheControl: OWNER_CACHE_CONTROL,
      });
    },
  );
};
