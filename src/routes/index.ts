import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';
import { authRoutes } from './auth/index.js';
import { healthRoutes } from './health/index.js';
import { groupRoutes } from './groups/index.js';
import { userRoutes } from './users/index.js';
import { tagRoutes } from './tags/index.js';
import { collectionRoutes } from './collections/index.js';
import { searchRoutes } from './search/index.js';
import { shareRoutes } from './shares/index.js';
import { sharedRoutes } from './shared/index.js';
import { notificationRoutes } from './notifications/index.js';
import { mediaRoutes } from './media/index.js';
import { jobRoutes } from './jobs/index.js';

export interface RouteOptions {
  ctx: AppContext;
}

/** A route area: thin handlers over services, given the app context. */
export type RoutesPlugin = FastifyPluginAsyncTypebox<RouteOptions>;

/** Every API area, mounted under /api/v1 (and so under the /api alias). */
export const apiRoutes: RoutesPlugin = async (app, { ctx }) => {
  // Pass only the context on: the options object also carries this plugin's prefix.
  for (const area of [
    healthRoutes,
    authRoutes,
    userRoutes,
    groupRoutes,
    tagRoutes,
    collectionRoutes,
    searchRoutes,
    shareRoutes,
    sharedRoutes,
    notificationRoutes,
    mediaRoutes,
    jobRoutes,
  ]) {
    await app.register(area, { ctx });
  }
};
