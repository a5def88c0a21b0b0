import { Type } from '@fastify/type-provider-typebox';
import { Nullable, Timestamp, TotalCountHeaders, Uuid } from '../common.schema.js';

export const JobStatusSchema = Type.Union([
  Type.Literal('queued'),
  Type.Literal('running'),
  Type.Literal('completed'),
  Type.Literal('failed'),
  Type.Literal('cancelled'),
]);

export const Job = Type.Object(
  {
    id: Uuid,
    kind: Type.String({ description: 'What the job does, e.g. "import"' }),
    status: JobStatusSchema,
    progress_total: Type.Integer({ minimum: 0, description: 'Items to process (files, for an import)' }),
    progress_done: Type.Integer({ minimum: 0 }),
    result: Type.Object(
      { imported: Type.Integer(), skipped: Type.Integer(), failed: Type.Integer() },
      { description: 'Outcomes so far' },
    ),
    error: Nullable(Type.String({ description: 'Why the job failed' })),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { $id: 'Job', title: 'Job' },
);

export const JobList = Type.Array(Job, { headers: TotalCountHeaders.properties });
