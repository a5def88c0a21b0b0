import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../../src/app.js';
import { jobRunner } from '../../src/jobs/index.js';
import { newId } from '../../src/lib/ids.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { runCli } from '../helpers/cli.js';
import { DIALECTS, POSTGRES_URL } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import { FIXTURES, waitForJob } from '../helpers/media.js';

/** Enough files that a cancel usually lands mid-import. */
const MANY = 150;
/** Generous: every file is fsynced, and the suite runs files in parallel. */
const SLOW_JOB_MS = 90_000;

const LIBRARY_FILES = ['photo.jpg', 'song.mp3', 'document.pdf', 'plain.txt', 'random.bin'];

/** A directory tree to import: fixtures, a nested folder, and things that must be left alone. */
function makeTree(base: string): { root: string; library: string; outside: string; expected: number } {
  const root = path.join(base, 'roots');
  const library = path.join(root, 'library');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(path.join(library, 'nested', 'deeper'), { recursive: true });
  fs.mkdirSync(outside, { recursive: true });
  for (const name of LIBRARY_FILES.slice(0, 3))
    fs.copyFileSync(path.join(FIXTURES, name), path.join(library, name));
  fs.copyFileSync(path.join(FIXTURES, 'plain.txt'), path.join(library, 'nested', 'plain.txt'));
  fs.copyFileSync(path.join(FIXTURES, 'random.bin'), path.join(library, 'nested', 'deeper', 'random.bin'));
  // The same bytes twice: the second is a duplicate and is skipped.
  fs.copyFileSync(path.join(FIXTURES, 'photo.jpg'), path.join(library, 'nested', 'copy-of-photo.jpg'));
  fs.writeFileSync(path.join(library, '.hidden'), 'not imported');
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'outside the root');
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(library, 'link-to-secret.txt'));
  fs.symlinkSync(outside, path.join(library, 'link-to-outside'));
  return { root, library, outside, expected: LIBRARY_FILES.length + 1 };
}

for (const dialect of DIALECTS) {
  describe(`import on ${dialect}`, () => {
    let t: TestApp;
    let admin: TestUser;
    let editor: TestUser;
    let base: string;
    let tree: ReturnType<typeof makeTree>;
    const importPath = (token: string, payload: Record<string, unknown>) =>
      t.request({ method: 'POST', url: '/api/v1/media/import', token, payload });

    before(async () => {
      base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pinakes-import-')));
      tree = makeTree(base);
      t = await startTestApp(dialect, { importRoots: [tree.root] });
      admin = await buildUser(t, { role: 'admin' });
      editor = await buildUser(t, { role: 'editor' });
    });
    after(async () => {
      await t.close();
      fs.rmSync(base, { recursive: true, force: true });
    });

    it('is for admins only', async () => {
      const res = await importPath(editor.token, { path: tree.library });
      assert.equal(res.statusCode, 403);
      assert.equal(
        (await t.request({ method: 'POST', url: '/api/v1/media/import', payload: { path: tree.library } }))
          .statusCode,
        401,
      );
    });

    it('refuses paths outside the import roots, traversal, links out and junk', async () => {
      const refused = [
        base,
        tree.outside,
        path.join(tree.root, '..', 'outside'),
        `${tree.library}/../../outside`,
        path.join(tree.library, 'link-to-outside'),
        path.join(tree.library, '%2e%2e', '%2e%2e', 'outside'),
        `${tree.library}\u0000/x`,
        'roots/library',
        path.join(tree.library, 'photo.jpg'),
        path.join(tree.library, 'does-not-exist'),
        '/',
      ];
      for (const candidate of refused) {
        const res = await importPath(admin.token, { path: candidate });
        assert.equal(res.statusCode, 400, candidate);
        assert.equal(res.json().error, 'bad_request');
      }
      for (const payload of [
        {},
        { path: '' },
        { path: tree.library, extra: 1 },
        { path: tree.library, owner_id: 'x' },
      ]) {
        assert.equal((await importPath(admin.token, payload)).statusCode, 400, JSON.stringify(payload));
      }
      const ownData = await startTestApp(dialect, { importRoots: ['/'] });
      try {
        const boss = await buildUser(ownData, { role: 'admin' });
        const res = await ownData.request({
          method: 'POST',
          url: '/api/v1/media/import',
          token: boss.token,
          payload: { path: ownData.dataDir },
        });
        assert.equal(res.statusCode, 400);
        assert.equal(res.json().details[0].message, 'is inside the data directory');
      } finally {
        await ownData.close();
      }
      const unknownOwner = await importPath(admin.token, { path: tree.library, owner_id: newId() });
      assert.equal(unknownOwner.statusCode, 400);
      const viewer = await buildUser(t, { role: 'viewer' });
      assert.equal(
        (await importPath(admin.token, { path: tree.library, owner_id: viewer.id })).statusCode,
        400,
      );
      const jobs = await t.ctx.db.kysely.selectFrom('jobs').select('id').execute();
      assert.equal(jobs.length, 0);
    });

    it('imports a directory in the background and shows progress', async () => {
      const res = await importPath(admin.token, { path: tree.library, owner_id: editor.id });
      assert.equal(res.statusCode, 202);
      const { job } = res.json();
      assert.equal(job.kind, 'import');
      assert.ok(['queued', 'running', 'completed'].includes(job.status));
      assert.equal(JSON.stringify(job).includes(tree.library), false);

      const done = await waitForJob(t, admin.token, job.id, SLOW_JOB_MS);
      assert.equal(done.status, 'completed');
      assert.equal(done.progress_total, tree.expected);
      assert.equal(done.progress_done, tree.expected);
      assert.deepEqual(done.result, { imported: tree.expected - 1, skipped: 1, failed: 0 });
      assert.equal(done.error, null);

      const list = await t.request({ method: 'GET', url: '/api/v1/media?limit=200', token: editor.token });
      const names = list
        .json<Array<{ file_name: string }>>()
        .map((item) => item.file_name)
        .sort();
      // Walked in sorted order, depth first: nested/copy-of-photo.jpg comes before photo.jpg, which is its duplicate.
      assert.deepEqual(names, ['copy-of-photo.jpg', 'document.pdf', 'plain.txt', 'random.bin', 'song.mp3']);
      const song = list
        .json<Array<{ file_name: string; title: string }>>()
        .find((i) => i.file_name === 'song.mp3');
      assert.equal(song?.title, 'Fixture Song');
      // Nothing came in through the links.
      const secret = await t.request({ method: 'GET', url: '/api/v1/media?q=outside', token: editor.token });
      assert.equal(secret.headers['x-total-count'], '0');

      // The job is its creator's (and admins'): others do not see it.
      assert.equal(
        (await t.request({ method: 'GET', url: `/api/v1/jobs/${job.id}`, token: editor.token })).statusCode,
        404,
      );
      const mine = await t.request({ method: 'GET', url: '/api/v1/jobs', token: admin.token });
      assert.ok(mine.json<Array<{ id: string }>>().some((j) => j.id === job.id));
      assert.equal(
        (await t.request({ method: 'GET', url: '/api/v1/jobs/not-a-uuid', token: admin.token })).statusCode,
        404,
      );
      assert.equal(
        (await t.request({ method: 'POST', url: `/api/v1/jobs/${job.id}/cancel`, token: admin.token }))
          .statusCode,
        409,
      );
      assert.equal(
        (await t.request({ method: 'POST', url: `/api/v1/jobs/${job.id}/resume`, token: admin.token }))
          .statusCode,
        409,
      );
    });

    it('skips everything on a second run', async () => {
      const res = await importPath(admin.token, { path: tree.library, owner_id: editor.id });
      const done = await waitForJob(t, admin.token, res.json().job.id, SLOW_JOB_MS);
      assert.equal(done.status, 'completed');
      assert.deepEqual(done.result, { imported: 0, skipped: tree.expected, failed: 0 });
      const list = await t.request({ method: 'GET', url: '/api/v1/media', token: editor.token });
      assert.equal(list.headers['x-total-count'], String(tree.expected - 1));
    });

    it('imports for the admin when no owner is given, and resumes a cancelled job', async () => {
      const res = await importPath(admin.token, { path: path.join(tree.library, 'nested') });
      const { job } = res.json();
      await waitForJob(t, admin.token, job.id, SLOW_JOB_MS);
      const cancelledAt = t.clock.now().toISOString();
      await t.ctx.db.kysely
        .updateTable('jobs')
        .set({ status: 'cancelled', updated_at: cancelledAt })
        .where('id', '=', job.id)
        .execute();
      const resumed = await t.request({
        method: 'POST',
        url: `/api/v1/jobs/${job.id}/resume`,
        token: admin.token,
      });
      assert.equal(resumed.statusCode, 200);
      const done = await waitForJob(t, admin.token, job.id, SLOW_JOB_MS);
      assert.equal(done.status, 'completed');
      const mine = await t.request({ method: 'GET', url: '/api/v1/media', token: admin.token });
      assert.equal(mine.headers['x-total-count'], '3');
    });

    it('cancels a running import and resumes it later', async () => {
      const many = path.join(tree.root, 'many');
      fs.mkdirSync(many, { recursive: true });
      for (let i = 0; i < MANY; i += 1)
        fs.writeFileSync(path.join(many, `note-${String(i).padStart(3, '0')}.txt`), `note number ${i}`);
      const owner = await buildUser(t);
      const started = await importPath(admin.token, { path: many, owner_id: owner.id });
      const { job } = started.json();
      const cancel = await t.request({
        method: 'POST',
        url: `/api/v1/jobs/${job.id}/cancel`,
        token: admin.token,
      });
      // Usually the cancel lands while files are still being copied; if the job was quicker, it is done.
      if (cancel.statusCode === 200) {
        assert.equal(cancel.json().status, 'cancelled');
        await jobRunner(t.ctx).settled(job.id);
        const stopped = await waitForJob(t, admin.token, job.id, SLOW_JOB_MS);
        assert.equal(stopped.status, 'cancelled');
        const resumed = await t.request({
          method: 'POST',
          url: `/api/v1/jobs/${job.id}/resume`,
          token: admin.token,
        });
        assert.equal(resumed.statusCode, 200);
      } else {
        assert.equal(cancel.statusCode, 409);
      }
      const done = await waitForJob(t, admin.token, job.id, SLOW_JOB_MS);
      assert.equal(done.status, 'completed');
      assert.equal(done.progress_done, MANY);
      const list = await t.request({ method: 'GET', url: '/api/v1/media', token: owner.token });
      assert.equal(list.headers['x-total-count'], String(MANY));
      const { imported, skipped, failed } = done.result as {
        imported: number;
        skipped: number;
        failed: number;
      };
      assert.equal(failed, 0);
      assert.equal(imported + skipped, MANY);
    });

    it('resumes a job left running when the app starts again', async () => {
      const owner = await buildUser(t);
      const now = t.clock.now().toISOString();
      const jobId = newId();
      await t.ctx.db.kysely
        .insertInto('jobs')
        .values({
          id: jobId,
          kind: 'import',
          owner_id: admin.id,
          status: 'running',
          progress_total: tree.expected,
          progress_done: 0,
          params: JSON.stringify({ path: tree.library, owner_id: owner.id }),
          result: JSON.stringify({ imported: 0, skipped: 0, failed: 0 }),
          error: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      const restarted = await buildApp({ config: t.ctx.config, clock: t.clock, logger: false });
      try {
        await restarted.app.ready();
        const deadline = Date.now() + SLOW_JOB_MS;
        let status = 'running';
        while (status === 'running' && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 25));
          const row = await t.ctx.db.kysely
            .selectFrom('jobs')
            .select('status')
            .where('id', '=', jobId)
            .executeTakeFirstOrThrow();
          status = row.status;
        }
        assert.equal(status, 'completed');
      } finally {
        await restarted.app.close();
      }
      const list = await t.request({ method: 'GET', url: '/api/v1/media', token: owner.token });
      assert.equal(list.headers['x-total-count'], String(tree.expected - 1));
    });

    it('is disabled without import roots', async () => {
      const bare = await startTestApp(dialect);
      try {
        const boss = await buildUser(bare, { role: 'admin' });
        const res = await bare.request({
          method: 'POST',
          url: '/api/v1/media/import',
          token: boss.token,
          payload: { path: tree.library },
        });
        assert.equal(res.statusCode, 400);
        assert.equal(res.json().message, 'import is disabled; set PINAKES_IMPORT_ROOTS');
      } finally {
        await bare.close();
      }
    });

    it('imports from the command line, with progress lines when not on a terminal', async () => {
      const owner = await buildUser(t);
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PINAKES_DATA_DIR: t.dataDir,
        PINAKES_LOG_LEVEL: 'silent',
        PINAKES_DATABASE_URL: dialect === 'postgres' ? POSTGRES_URL : '',
        PINAKES_DATABASE_SCHEMA: t.ctx.config.databaseSchema ?? '',
      };
      const run = () =>
        runCli(['import', tree.library, '--owner', owner.username], { env, timeoutMs: SLOW_JOB_MS });
      const first = await run();
      assert.equal(first.code, 0, first.stderr);
      assert.match(
        first.stdout,
        new RegExp(`imported ${tree.expected - 1}, skipped 1, failed 0 of ${tree.expected} files`),
      );
      assert.match(first.stderr, new RegExp(`progress ${tree.expected}/${tree.expected} files`));
      const second = await run();
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, new RegExp(`imported 0, skipped ${tree.expected}, failed 0`));
      const list = await t.request({ method: 'GET', url: '/api/v1/media', token: owner.token });
      assert.equal(list.headers['x-total-count'], String(tree.expected - 1));

      const unknown = await runCli(['import', tree.library, '--owner', 'nobody-by-this-name'], {
        env,
        timeoutMs: SLOW_JOB_MS,
      });
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /not found/);
    });
  });
}
