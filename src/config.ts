import path from 'node:path';

/** Everything Pinakes can be told at start, from the environment and CLI flags. */
export interface Config {
  dataDir: string;
  /** Unset: embedded SQLite in the data dir. `postgres://…`: PostgreSQL. */
  databaseUrl: string | undefined;
  /** PostgreSQL schema to use (tests isolate runs with it); default `public`. */
  databaseSchema: string | undefined;
  host: string;
  port: number;
  publicUrl: string;
  adminUsername: string | undefined;
  adminPassword: string | undefined;
  /** Unset: generated once and kept (mode 0600) in the data dir. */
  jwtSecret: string | undefined;
  trustedProxies: string[];
  /**
   * Other origins allowed to call the API from a browser (CORS). Empty (the default): the app
   * is same-origin and sends no CORS headers at all. `*` is refused: never a wildcard.
   */
  corsOrigins: string[];
  maxUploadBytes: number;
  /** Server directories an admin may import from; empty means import is disabled. */
  importRoots: string[];
  logLevel: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
}

export type ConfigOverrides = Partial<Config>;

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 0) {
    throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  }
  return parsed;
}

/** Exact origins (`scheme://host[:port]`), as a browser sends them in `Origin`. */
function origins(name: string, values: string[]): string[] {
  return values.map((value) => {
    let parsed: URL | undefined;
    try {
      parsed = new URL(value);
    } catch {
      parsed = undefined;
    }
    const origin = parsed && /^https?:$/.test(parsed.protocol) ? parsed.origin : undefined;
    if (!origin || value.includes('*') || origin !== value.replace(/\/+$/, '')) {
      throw new Error(`${name} takes origins like https://app.example.org (no "*", no path), got "${value}"`);
    }
    return origin;
  });
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): Config {
  const host = overrides.host ?? env.PINAKES_HOST ?? '127.0.0.1';
  const port = overrides.port ?? integer('PINAKES_PORT', env.PINAKES_PORT, 8420);
  const publicUrl = (
    overrides.publicUrl ??
    env.PINAKES_PUBLIC_URL ??
    `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  ).replace(/\/+$/, '');
  return {
    dataDir: path.resolve(overrides.dataDir ?? env.PINAKES_DATA_DIR ?? './data'),
    databaseUrl: overrides.databaseUrl ?? (env.PINAKES_DATABASE_URL || undefined),
    databaseSchema: overrides.databaseSchema ?? (env.PINAKES_DATABASE_SCHEMA || undefined),
    host,
    port,
    publicUrl,
    adminUsername: overrides.adminUsername ?? (env.PINAKES_ADMIN_USERNAME || undefined),
    adminPassword: overrides.adminPassword ?? (env.PINAKES_ADMIN_PASSWORD || undefined),
    jwtSecret: overrides.jwtSecret ?? (env.PINAKES_JWT_SECRET || undefined),
    trustedProxies: overrides.trustedProxies ?? list(env.PINAKES_TRUSTED_PROXIES),
    corsOrigins: origins('PINAKES_CORS_ORIGINS', overrides.corsOrigins ?? list(env.PINAKES_CORS_ORIGINS)),
    maxUploadBytes:
      overrides.maxUploadBytes ??
      integer('PINAKES_MAX_UPLOAD_BYTES', env.PINAKES_MAX_UPLOAD_BYTES, 4 * 1024 ** 3),
    importRoots: (overrides.importRoots ?? list(env.PINAKES_IMPORT_ROOTS)).map((root) => path.resolve(root)),
    logLevel: overrides.logLevel ?? env.PINAKES_LOG_LEVEL ?? 'info',
    accessTokenTtlSeconds:
      overrides.accessTokenTtlSeconds ??
      integer('PINAKES_ACCESS_TOKEN_TTL', env.PINAKES_ACCESS_TOKEN_TTL, 15 * 60),
    refreshTokenTtlSeconds:
      overrides.refreshTokenTtlSeconds ??
      integer('PINAKES_REFRESH_TOKEN_TTL', env.PINAKES_REFRESH_TOKEN_TTL, 30 * 24 * 3600),
  };
}
