import type { RoutesPlugin } from '../index.js';
import { errors, IdParams, TOTAL_COUNT_HEADER } from '../common.schema.js';
import { principal } from '../../plugins/auth.js';
import { sweepStaleTempFiles } from '../../storage/temp-files.js';
import { deleteMediaItem, getMediaItem, listMyMedia, updateMediaItem } from '../../services/media.service.js';
import { recoverPendingContent } from '../../services/media-files.service.js';
import { mediaFileRoutes } from './files.js';
import { mediaUploadRoutes } from './upload.js';
import { MediaItem, MediaList, MediaListQuery, MediaPatch } from './schema.js';

const NoContent = { type: 'null', description: 'Deleted' } as const;
/** Temp files untouched this long belong to no live upload or import. */
const STALE_TEMP_MS = 15 * 60 * 1000;

/** The media library: the caller's items, their files, uploads and imports. */
export const mediaRoutes: RoutesPlugin = async (app, { ctx }) => {
  app.addHook('onReady', async () => {
    const removed = await sweepStaleTempFiles(ctx.config.dataDir, ctx.clock.now(), STALE_TEMP_MS);
    if (removed > 0) ctx.log.info({ removed }, 'removed temp files left by an interrupted upload');
    const recovered = await recoverPendingContent(ctx);
    if (recovered > 0) ctx.log.info({ recovered }, 'checked files a crash left between store and database');
  });

  app.get(
    '/media',
    {
      schema: {
        tags: ['media'],
        operationId: 'listMedia',
        summary: 'Your media, newest first, optionally filtered by words, type and tag',
        querystring: MediaListQuery,
        response: { 200: MediaList, ...errors(400, 401) },
      },
    },
    async (request, reply) => {
      const { offset = 0, limit = 50, q, type, tag } = request.query;
      const page = await listMyMedia(ctx, principal(request), { offset, limit, q, type, tag });
      reply.header(TOTAL_COUNT_HEADER, page.total);
      return page.items;
    },
  );

  app.get(
    '/media/:id',
    {
      schema: {
        tags: ['media'],
        operationId: 'getMedia',
        summary: 'A media item of yours, or one shared with you',
        params: IdParams,
        response: { 200: MediaItem, ...errors(401, 404) },
      },
    },
    async (request) => getMediaItem(ctx, principal(request), request.params.id),
  );

  app.patch(
    '/media/:id',
    {
      schema: {
        tags: ['media'],
        operationId: 'updateMedia',
        summary: 'Change the title or description (owner, or a share with can_edit)',
        params: IdParams,
        body: MediaPatch,
        response: { 200: MediaItem, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => updateMediaItem(ctx, principal(request), request.params.id, request.body),
  );

  app.delete(
    '/media/:id',
    {
      schema: {
        tags: ['media'],
        operationId: 'deleteMedia',
        summary: 'Delete a media item (owner, or a share with can_delete); its shares end',
        params: IdParams,
        response: { 204: NoContent, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteMediaItem(ctx, principal(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  await app.register(mediaFileRoutes, { ctx });
  await app.register(mediaUploadRoutes, { ctx });
};
