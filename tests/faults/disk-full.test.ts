import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import { filesUnder, fixture, mediaCount, uploadFiles, uploadOne } from '../helpers/media.js';

/*
 * A full disk during an upload: 507 `insufficient_storage`, nothing already stored is lost,
 * no temp file or half-stored file is left, and uploads work again once there is room. The
 * data dir lives on a small tmpfs mounted for the test (root only; skipped, with the reason,
 * where mounting is not possible).
 */
const SIZE = '3m';

function tryMount(dir: string): string | undefined {
  if (process.platform !== 'linux') return 'tmpfs mounts need Linux';
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root';
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${SIZE}`, 'tmpfs', dir], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `mount failed: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`;
  }
}

const mountDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinakes-full-'));
const cannotMount = tryMount(mountDir);
if (cannotMount) console.log(`disk-full tests skipped: ${cannotMount}`);

for (const dialect of DIALECTS) {
  describe(`a full disk on ${dialect}`, { skip: cannotMount ?? false }, () => {
    let t: TestApp;
    let owner: TestUser;
    const dataDir = path.join(mountDir, dialect);

    before(async () => {
      t = await startTestApp(dialect, { dataDir });
      owner = await buildUser(t);
    });
    after(() => t.close());

    const storedFiles = () => filesUnder(path.join(dataDir, 'media'));
    const tempFiles = () => filesUnder(path.join(dataDir, 'tmp'));

    it('answers 507, keeps what was stored, leaves nothing behind, and recovers', async () => {
      const photo = await uploadOne(t, owner, 'photo.jpg');
      const storedBefore = storedFiles();
      const countBefore = await mediaCount(t);

      const tooBig = crypto.randomBytes(4 * 1024 * 1024);
      const res = await uploadFiles(t, owner, [{ bytes: tooBig, fileName: 'huge.bin' }]);
      assert.equal(res.statusCode, 507, `${res.statusCode} ${res.body}`);
      assert.equal(res.json().error, 'insufficient_storage');

      // A batch whose second file does not fit stores neither (nothing half-done).
      const batch = await uploadFiles(t, owner, [
        { bytes: crypto.randomBytes(1024), fileName: 'small.bin' },
        { bytes: tooBig, fileName: 'huge-again.bin' },
      ]);
      assert.equal(batch.statusCode, 507, `${batch.statusCode} ${batch.body}`);

      assert.deepEqual(tempFiles(), [], 'no temp file left');
      assert.deepEqual(storedFiles(), storedBefore, 'no new or half-stored content file');
      assert.equal(await mediaCount(t), countBefore, 'no row for a file that was not stored');
      const stream = await t.request({
        method: 'GET',
        url: `/api/v1/media/${photo.id}/download`,
        token: owner.token,
      });
      assert.equal(stream.statusCode, 200);
      assert.ok(stream.rawPayload.equals(fixture('photo.jpg')), 'the earlier file is intact');

      const small = await uploadOne(t, owner, 'plain.txt');
      assert.equal(small.size_bytes, fixture('plain.txt').length, 'uploads work again once there is room');
      assert.equal((await t.request({ method: 'GET', url: '/api/v1/health' })).statusCode, 200);
    });
  });
}

// After every suite of this file: the mount goes away with the runs.
after(() => {
  if (!cannotMount) execFileSync('umount', ['-l', mountDir]);
  fs.rmSync(mountDir, { recursive: true, force: true });
});
