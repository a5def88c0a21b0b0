import type { RoutesPlugin } from '../index.js';
import { errors, IdParams, Pagination, TOTAL_COUNT_HEADER } from '../common.schema.js';
import { resumeInterruptedJobs } from '../../jobs/index.js';
import { principal } from '../../plugins/auth.js';
import { presentJob } from '../../presenters/job.presenter.js';
import { cancelJob, getJob, listMyJobs, resumeJob } from '../../services/jobs.service.js';
import { Job, JobList } from './schema.js';

/** Background jobs (imports): progress, cancel, resume. */
export const jobRoutes: RoutesPlugin = async (app, { ctx }) => {
  // Jobs a previous run left unfinished carry on once the app is up.
  app.addHook('onReady', async () => {
    const resumed = await resumeInterruptedJobs(ctx);
    if (resumed > 0) ctx.log.info({ resumed }, 'resumed unfinished jobs');
  });

  app.get(
    '/jobs',
    {
      schema: {
        tags: ['jobs'],
        operationId: 'listJobs',
        summary: 'The jobs you started, newest first',
        querystring: Pagination,
        response: { 200: JobList, ...errors(400, 401) },
      },
    },
    async (request, reply) => {
      const { offset = 0, limit = 50 } = request.query;
      const page = await listMyJobs(ctx, principal(request), { offset, limit });
      reply.header(TOTAL_COUNT_HEADER, page.total);
      return page.items.map(presentJob);
    },
  );

  app.get(
    '/jobs/:id',
    {
      schema: {
        tags: ['jobs'],
        operationId: 'getJob',
        summary: 'A job and its progress (the user who started it, or an admin)',
        params: IdParams,
        response: { 200: Job, ...errors(401, 404) },
      },
    },
    async (request) => presentJob(await getJob(ctx, principal(request), request.params.id)),
  );

  app.post(
    '/jobs/:id/cancel',
    {
      schema: {
        tags: ['jobs'],
        operationId: 'cancelJob',
        summary: 'Cancel a queued or running job (it stops after its current item)',
        params: IdParams,
        response: { 200: Job, ...errors(401, 404, 409) },
      },
    },
    async (request) => presentJob(await cancelJob(ctx, principal(request), request.params.id)),
  );

  app.post(
    '/jobs/:id/resume',
    {
      schema: {
        tags: ['jobs'],
        operationId: 'resumeJob',
        summary: 'Resume a failed or cancelled job from where it stopped',
        params: IdParams,
        response: { 200: Job, ...errors(401, 404, 409) },
      },
    },
    async (request) => presentJob(await resumeJob(ctx, principal(request), request.params.id)),
  );
};
