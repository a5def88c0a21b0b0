import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { API_ALIAS_PREFIX, API_PREFIX } from '../routes/prefix.js';
import pkg from '../../package.json' with { type: 'json' };

type OpenApiDocument = {
  paths?: Record<string, Record<string, { operationId?: string; tags?: string[] }>>;
  [key: string]: unknown;
};

/**
 * Routes are declared once under /api/v1; /api is an alias served by URL rewriting.
 * The document lists both, the alias operations tagged "alias" with their own ids.
 */
export function withAliasPaths(document: OpenApiDocument): OpenApiDocument {
  const paths = document.paths ?? {};
  const aliased: NonNullable<OpenApiDocument['paths']> = {};
  for (const [route, operations] of Object.entries(paths)) {
    if (!route.startsWith(`${API_PREFIX}/`)) continue;
    const copy: Record<string, { operationId?: string; tags?: string[] }> = {};
    for (const [method, operation] of Object.entries(operations)) {
      copy[method] = {
        ...operation,
        ...(operation.operationId ? { operationId: `${operation.operationId}Alias` } : {}),
      };
    }
    aliased[`${API_ALIAS_PREFIX}${route.slice(API_PREFIX.length)}`] = copy;
  }
  return { ...document, paths: { ...paths, ...aliased } };
}

export async function installOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Pinakes API',
        version: pkg.version,
        description:
          'A self-hosted media library built around sharing. Every endpoint is served under ' +
          '`/api/v1` and, identically, under the alias `/api`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        },
      },
      security: [{ bearer: [] }],
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true },
    staticCSP: true,
    logLevel: 'warn',
  });
  app.get(
    `${API_PREFIX}/openapi.json`,
    { schema: { hide: true }, config: { auth: 'public' } },
    async () => withAliasPaths(app.swagger() as OpenApiDocument),
  );
}
