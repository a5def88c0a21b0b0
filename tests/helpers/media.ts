import fs from 'node:fs';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from './app.js';
import type { TestUser } from './factories.js';

import { fixture } from './fixtures.js';

export { FIXTURES, fixture } from './fixtures.js';

export interface UploadPart {
  bytes: Buffer | string;
  fileName: string;
  /** What the client claims; the server must ignore it. */
  contentType?: string;
}

/** A multipart/form-data body built the way a browser would (FormData). */
export async function multipartBody(
  files: UploadPart[],
  fields: Record<string, string> = {},
  fieldName = 'file',
): Promise<{ body: Buffer; contentType: string }> {
  const form = new FormData();
  for (const file of files) {
    const bytes = typeof file.bytes === 'string' ? Buffer.from(file.bytes) : file.bytes;
    form.append(
      fieldName,
      new Blob([bytes], { type: file.contentType ?? 'application/octet-stream' }),
      file.fileName,
    );
  }
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const response = new Response(form);
  return {
    body: Buffer.from(await response.arrayBuffer()),
    contentType: response.headers.get('content-type') ?? '',
  };
}

export async function uploadFiles(
  t: TestApp,
  user: TestUser,
  files: UploadPart[],
  fields: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  const { body, contentType } = await multipartBody(files, fields);
  return t.request({
    method: 'POST',
    url: '/api/v1/media/upload',
    token: user.token,
    headers: { 'content-type': contentType },
    payload: body,
  });
}

export interface UploadedMedia {
  id: string;
  title: string;
  file_name: string;
  media_type: string;
  mime_type: string;
  size_bytes: number;
  content_hash: string;
  width: number | null;
  height: number | null;
  duration_secs: number | null;
  description: string | null;
  metadata: Record<string, unknown>;
  tags: Array<{ id: string; name: string }>;
  owner_id: string;
  created_at: string;
  updated_at: string;
}

/** Uploads one fixture (or given bytes) and returns the created item; fails loudly otherwise. */
export async function uploadOne(
  t: TestApp,
  user: TestUser,
  name: string,
  options: { bytes?: Buffer | string; fileName?: string; fields?: Record<string, string> } = {},
): Promise<UploadedMedia> {
  const res = await uploadFiles(
    t,
    user,
    [{ bytes: options.bytes ?? fixture(name), fileName: options.fileName ?? name }],
    options.fields,
  );
  if (res.statusCode !== 200) throw new Error(`upload of ${name} failed: ${res.statusCode} ${res.body}`);
  const [item] = res.json<UploadedMedia[]>();
  if (!item) throw new Error(`upload of ${name} returned nothing`);
  return item;
}

/** Every file under a directory (recursively), relative to it. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

/** Stored content files (not temp files) of a test app. */
export const storedFiles = (t: TestApp) => filesUnder(path.join(t.dataDir, 'media'));
export const tempFiles = (t: TestApp) => filesUnder(path.join(t.dataDir, 'tmp'));

export async function mediaCount(t: TestApp): Promise<number> {
  const row = await t.ctx.db.kysely
    .selectFrom('media')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Polls a job until it leaves queued/running (the job runs in the background). */
export async function waitForJob(
  t: TestApp,
  token: string,
  jobId: string,
  timeoutMs = 20_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await t.request({ method: 'GET', url: `/api/v1/jobs/${jobId}`, token });
    const job = res.json<Record<string, unknown>>();
    if (res.statusCode !== 200) throw new Error(`job lookup failed: ${res.statusCode} ${res.body}`);
    if (job.status !== 'queued' && job.status !== 'running') return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${String(job.status)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
