import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import type { RoutesPlugin } from '../index.js';
import { errors } from '../common.schema.js';
import { sendFile } from '../../lib/send-file.js';
import { mediaFilePath } from '../../services/media-files.service.js';
import { DEFAULT_THUMBNAIL_SIZE } from '../../services/media-limits.js';
import { ensureThumbnail } from '../../services/media-thumbnails.service.js';
import {
  authorizeLinkFile,
  recordLinkDownload,
  type LinkFile,
  type LinkFileAction,
} from '../../services/public-link-files.service.js';
import { accessTokenOf, LINK_CACHE_CONTROL, visitorOf } from './request.js';
import {
  FileResponse,
  LinkFileHeaders,
  LinkFileParams,
  LinkFileQuery,
  LinkThumbnailQuery,
} from './schema.js';

const FILE_RULES =
  'Takes the `access_token` that GET /shared/{token} returned (`X-Share-Access` header, or ' +
  '`?access_token=` where a header cannot be sent, e.g. <img>/<video>). Every request re-checks the ' +
  'link: unknown, revoked or expired: 404; a missing, foreign or outdated token (the link changed ' +
  'since): 401; media outside the link: 404. These requests count no access: the use limit is ' +
  'enforced when the token is issued, and its holder may load the files of the access they were ' +
  'granted until it expires. Never cached (`Cache-Control: private, no-store`); a conditional ' +
  'request that fails these checks gets the error, never 304.';

interface FileRequestParts {
  params: { token: string; media_id: string };
  query: { access_token?: string };
}

function authorize(
  ctx: AppContext,
  request: FastifyRequest & FileRequestParts,
  action: LinkFileAction,
): Promise<LinkFile> {
  return authorizeLinkFile(
    ctx,
    request.params.token,
    accessTokenOf(request.headers, request.query),
    request.params.media_id,
    action,
    visitorOf(request),
  );
}

function sendMedia(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  file: LinkFile,
  download: boolean,
) {
  const { media } = file;
  return sendFile(request, reply, {
    path: mediaFilePath(ctx, media),
    size: Number(media.size_bytes),
    mimeType: media.mime_type,
    etag: media.content_hash,
    // The bytes never change (content-addressed): the upload time is their modification time.
    lastModified: media.created_at,
    fileName: media.file_name,
    disposition: download ? 'attachment' : 'inline',
    cacheControl: LINK_CACHE_CONTROL,
  });
}

const fileSchema = (operationId: string, summary: string, statuses: number[]) => ({
  tags: ['shares'],
  operationId,
  summary,
  description: FILE_RULES,
  security: [],
  params: LinkFileParams,
  querystring: LinkFileQuery,
  headers: LinkFileHeaders,
  response: {
    200: FileResponse,
    206: FileResponse,
    304: { type: 'null', description: 'Not modified (only after the link checks passed)' },
    ...errors(...statuses),
  },
});

/** The files of a public link, for holders of its access token. */
export const linkFileRoutes: RoutesPlugin = async (app, { ctx }) => {
  app.get(
    '/shared/:token/media/:media_id/stream',
    {
      config: { auth: 'public' },
      schema: fileSchema(
        'streamPublicLinkMedia',
        'Stream a media item of a public link (HTTP Range)',
        [400, 401, 404, 416, 429],
      ),
    },
    async (request, reply) => {
      const file = await authorize(ctx, request, 'view');
      return sendMedia(ctx, request, reply, file, false);
    },
  );

  app.get(
    '/shared/:token/media/:media_id/download',
    {
      config: { auth: 'public' },
      schema: fileSchema(
        'downloadPublicLinkMedia',
        'Download a media item of a public link (needs can_download; logged as `downloaded`)',
        [400, 401, 403, 404, 416, 429],
      ),
    },
    async (request, reply) => {
      const file = await authorize(ctx, request, 'download');
      // A HEAD request only asks about the file: it downloads nothing.
      if (request.method !== 'HEAD') recordLinkDownload(ctx, file, visitorOf(request), request.headers.range);
      return sendMedia(ctx, request, reply, file, true);
    },
  );

  app.get(
    '/shared/:token/media/:media_id/thumbnail',
    {
      config: { auth: 'public' },
      schema: {
        ...fileSchema(
          'getPublicLinkThumbnail',
          'A WebP thumbnail of a media item of a public link',
          [400, 401, 404, 429],
        ),
        querystring: LinkThumbnailQuery,
        response: {
          200: Object.assign({}, FileResponse, { description: 'A WebP image' }),
          304: { type: 'null', description: 'Not modified (only after the link checks passed)' },
          ...errors(400, 401, 404, 429),
        },
      },
    },
    async (request, reply) => {
      const file = await authorize(ctx, request, 'view');
      const thumbnail = await ensureThumbnail(ctx, file.media, request.query.size ?? DEFAULT_THUMBNAIL_SIZE);
      return sendFile(request, reply, {
        path: thumbnail.path,
        size: thumbnail.size,
        mimeType: thumbnail.mimeType,
        etag: thumbnail.etag,
        lastModified: thumbnail.lastModified,
        fileName: `${file.media.title}.webp`,
        disposition: 'inline',
        cacheControl: LINK_CACHE_CONTROL,
      });
    },
  );
};
