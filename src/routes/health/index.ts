import { Type } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import type { RoutesPlugin } from '../index.js';
import pkg from '../../../package.json' with { type: 'json' };

const Health = Type.Object({
  status: Type.Literal('ok'),
  version: Type.String(),
  database: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
});

export const healthRoutes: RoutesPlugin = async (app, { ctx }) => {
  app.get(
    '/health',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['system'],
        operationId: 'getHealth',
        summary: 'Is the server up and its database reachable?',
        security: [],
        response: { 200: Health },
      },
    },
    async () => {
      await sql`select 1`.execute(ctx.db.kysely);
      return { status: 'ok' as const, version: pkg.version, database: ctx.db.dialect };
    },
  );
};
