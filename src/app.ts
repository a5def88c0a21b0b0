import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { migrateToLatest, openDatabase } from './db/database.js';
import { systemClock, type Clock } from './lib/clock.js';
import { loadOrCreateKey } from './lib/secrets.js';
import { installAuth } from './plugins/auth.js';
import { installCachePolicy } from './plugins/cache-policy.js';
import { installCors } from './plugins/cors.js';
import { frameworkErrorHandler, installErrorHandler } from './plugins/errors.js';
import { requestLogSerializer, REDACTED_LOG_PATHS } from './plugins/logging.js';
import { installOpenApi } from './plugins/openapi.js';
import { installSecurityHeaders } from './plugins/security-headers.js';
import { installValidators } from './plugins/validation.js';
import { webPlugin } from './plugins/web.js';
import { apiRoutes } from './routes/index.js';
import { API_PREFIX, rewriteApiAlias } from './routes/prefix.js';
import { notificationBusFor } from './services/pg-notification-bus.js';
import { startScheduler } from './jobs/scheduler.js';
import { ensureFirstAdmin } from './services/users.service.js';

export interface BuildOptions {
  config: Config;
  clock?: Clock;
  /** `false` silences logs (tests); otherwise pino at the configured level. */
  logger?: boolean;
  /** Where log lines go instead of stdout (implies logging on); tests capture them here. */
  logStream?: { write(line: string): void };
}

export interface App {
  app: FastifyInstance;
  ctx: AppContext;
}

const JSON_BODY_LIMIT = 1024 * 1024;

/** Builds the whole application without listening: the server and the tests both start here. */
export async function buildApp({
  config,
  clock = systemClock,
  logger = true,
  logStream,
}: BuildOptions): Promise<App> {
  const app = Fastify({
    logger:
      logger || logStream
        ? {
            level: config.logLevel,
            redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
            serializers: { req: requestLogSerializer },
            ...(logStream ? { stream: logStream } : {}),
          }
        : false,
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
    bodyLimit: JSON_BODY_LIMIT,
    rewriteUrl: (request) => rewriteApiAlias(request.url ?? '/'),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    frameworkErrors: frameworkErrorHandler,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  }).withTypeProvider<TypeBoxTypeProvider>();

  const shutdownTasks: Array<() => Promise<void>> = [];
  const db = await openDatabase({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    schema: config.databaseSchema,
  });
  const ctx: AppContext = {
    config,
    db,
    clock,
    log: app.log,
    keys: {
      jwt: config.jwtSecret
        ? new TextEncoder().encode(config.jwtSecret)
        : loadOrCreateKey(config.dataDir, 'jwt'),
      seal: loadOrCreateKey(config.dataDir, 'seal'),
    },
    notifications: notificationBusFor(config, db, app.log),
    onShutdown: (task) => shutdownTasks.push(task),
  };

  try {
    await migrateToLatest(db);
    await ensureFirstAdmin(ctx);
  } catch (error) {
    await db.close();
    throw error;
  }

  installValidators(app);
  installErrorHandler(app);
  installSecurityHeaders(app);
  installCachePolicy(app);
  // Before auth: a preflight is answered without credentials.
  await installCors(app, config.corsOrigins);
  installAuth(app, ctx);
  await installOpenApi(app);
  await app.register(apiRoutes, { prefix: API_PREFIX, ctx });
  await app.register(webPlugin, { ctx });
  startScheduler(ctx);

  app.addHook('onClose', async () => {
    for (const task of shutdownTasks.reverse()) {
      try {
        await task();
      } catch (error) {
        app.log.error({ err: error }, 'shutdown task failed');
      }
    }
    await ctx.notifications.close();
    await db.close();
  });

  return { app, ctx };
}
