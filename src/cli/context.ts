import { buildApp, type App } from '../app.js';
import { loadConfig, type ConfigOverrides } from '../config.js';

/** Global flags every command accepts, merged over the environment. */
export interface GlobalFlags {
  dataDir?: string;
  databaseUrl?: string;
}

export function configFrom(flags: GlobalFlags, extra: ConfigOverrides = {}) {
  return loadConfig(process.env, {
    ...(flags.dataDir ? { dataDir: flags.dataDir } : {}),
    ...(flags.databaseUrl ? { databaseUrl: flags.databaseUrl } : {}),
    ...extra,
  });
}

/**
 * Runs a command against the same services the server uses (never over HTTP), then closes
 * the database. Errors print as one line and exit 1.
 */
export async function withApp<T>(flags: GlobalFlags, run: (app: App) => Promise<T>): Promise<T> {
  const app = await buildApp({ config: configFrom(flags, { logLevel: 'warn' }), logger: false });
  try {
    return await run(app);
  } finally {
    await app.app.close();
  }
}
