import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { AppContext } from '../../src/context.js';
import type { TestApp } from './app.js';

export interface TwinApp {
  app: FastifyInstance;
  ctx: AppContext;
  close(): Promise<void>;
}

/**
 * A second app on the same database (same data dir, same PostgreSQL schema, same keys), as a
 * second server process would be. Closing it leaves the data to the first app.
 */
export async function startTwinApp(t: TestApp): Promise<TwinApp> {
  const { app, ctx } = await buildApp({ config: t.ctx.config, clock: t.clock, logger: false });
  await app.ready();
  return { app, ctx, close: () => app.close() };
}
