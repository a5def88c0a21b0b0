import multipart from '@fastify/multipart';
import { Type } from '@fastify/type-provider-typebox';
import type { RoutesPlugin } from '../index.js';
import { errors } from '../common.schema.js';
import { badRequest } from '../../errors.js';
import { principal } from '../../plugins/auth.js';
import { presentJob } from '../../presenters/job.presenter.js';
import { startImportJob } from '../../services/import.service.js';
import { uploadLimits, uploadMedia } from '../../services/media-upload.service.js';
import { Job } from '../jobs/schema.js';
import { ImportBody, MediaItem, UploadBody } from './schema.js';

/** Uploads and server-side imports. The multipart parser is registered here only. */
export const mediaUploadRoutes: RoutesPlugin = async (app, { ctx }) => {
  await app.register(multipart, {
    limits: uploadLimits(ctx.config.maxUploadBytes),
    throwFileSizeLimit: true,
  });

  app.post(
    '/media/upload',
    {
      // The parts are read as a stream by the service, not validated as a parsed body: the
      // body schema below only describes the form for the API document.
      validatorCompiler: () => () => true,
      schema: {
        tags: ['media'],
        operationId: 'uploadMedia',
        summary: 'Upload one or more files (editors and admins)',
        description:
          'multipart/form-data with one or more `file` parts. Each file is streamed to disk and ' +
          'hashed; its type comes from its bytes, never from its name or the declared type. ' +
          'Uploading bytes you already have returns your existing item. All or nothing: on any ' +
          'error no file is kept. Too large (PINAKES_MAX_UPLOAD_BYTES): 413; disk full: 507.',
        consumes: ['multipart/form-data'],
        body: UploadBody,
        response: { 200: Type.Array(MediaItem), ...errors(400, 401, 403, 413, 415, 507) },
      },
    },
    async (request) => {
      if (!request.isMultipart()) throw badRequest('Send the files as multipart/form-data.');
      return uploadMedia(ctx, principal(request), request.parts());
    },
  );

  app.post(
    '/media/import',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['media'],
        operationId: 'importMedia',
        summary: 'Import a server directory in the background (admins)',
        description:
          'The directory must lie inside PINAKES_IMPORT_ROOTS once symbolic links and `..` are ' +
          'resolved. Files are copied into the library of `owner_id` (default: you); files ' +
          'imported before and bytes the owner already has are skipped. Follow the job at ' +
          'GET /jobs/{id}.',
        body: ImportBody,
        response: {
          202: Type.Object({ job: Job }, { description: 'The import job, started' }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const job = await startImportJob(ctx, principal(request), request.body);
      return reply.code(202).send({ job: presentJob(job) });
    },
  );
};
