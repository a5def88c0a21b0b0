import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { API_ALIAS_PREFIX, API_PREFIX } from '../routes/prefix.js';
import pkg from '../../package.json' with { type: 'json' };

interface Operation {
  operationId?: string;
  responses?: Record<string, { description?: string }>;
}

type OpenApiDocument = {
  paths?: Record<string, Record<string, Operation>>;
  [key: string]: unknown;
};

const STATUS_TEXT: Record<string, string> = {
  200: 'OK',
  202: 'Accepted',
  204: 'No content',
  206: 'Partial content',
  304: 'Not modified',
  400: 'Bad request: the details say which field',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Payload too large',
  416: 'Range not satisfiable',
  429: 'Too many requests: see Retry-After',
  500: 'Internal server error',
  503: 'Service unavailable',
  507: 'Insufficient storage',
};

/** Replaces the generator's "Default Response" with the status's meaning where a route gave none. */
function describeResponses(operation: Operation): Operation {
  const responses = Object.fromEntries(
    Object.entries(operation.responses ?? {}).map(([status, response]) => [
      status,
      response.description === 'Default Response' && STATUS_TEXT[status]
        ? { ...response, description: STATUS_TEXT[status] }
        : response,
    ]),
  );
  return { ...operation, responses };
}

/**
 * Routes are declared once under /api/v1; /api is an alias served by URL rewriting.
 * The document lists both, the alias operations with ids of their own.
 */
export function withAliasPaths(document: OpenApiDocument): OpenApiDocument {
  const paths: NonNullable<OpenApiDocument['paths']> = {};
  const aliased: NonNullable<OpenApiDocument['paths']> = {};
  for (const [route, operations] of Object.entries(document.paths ?? {})) {
    const described = Object.fromEntries(
      Object.entries(operations).map(([method, operation]) => [method, describeResponses(operation)]),
    );
    paths[route] = described;
    if (!route.startsWith(`${API_PREFIX}/`)) continue;
    aliased[`${API_ALIAS_PREFIX}${route.slice(API_PREFIX.length)}`] = Object.fromEntries(
      Object.entries(described).map(([method, operation]) => [
        method,
        operation.operationId ? { ...operation, operationId: `${operation.operationId}Alias` } : operation,
      ]),
    );
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
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  });
  // The reference page is public; its routes come from the plugin, so mark them as they are added.
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, auth: 'public' };
    });
    await scope.register(swaggerUi, {
      routePrefix: '/api/docs',
      uiConfig: { docExpansion: 'list', deepLinking: true },
      staticCSP: true,
      logLevel: 'warn',
    });
  });
  app.get(
    `${API_PREFIX}/openapi.json`,
    {
      config: { auth: 'public' },
      schema: {
        tags: ['system'],
        operationId: 'getOpenApiDocument',
        summary: 'This API description (OpenAPI 3.1), the same document as docs/api/openapi.json',
        security: [],
        response: {
          200: { type: 'object', additionalProperties: true, description: 'An OpenAPI 3.1 document' },
        },
      },
    },
    async () => withAliasPaths(app.swagger() as OpenApiDocument),
  );
}
