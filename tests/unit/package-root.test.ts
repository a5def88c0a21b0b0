import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { PACKAGE_ROOT, packageRootOf } from '../../src/lib/package-root.js';
import { webBuildProblem, webDistDir } from '../../src/plugins/web-page.js';
import { REPO_ROOT } from '../helpers/fixtures.js';

// The built server lives in dist/, where tsc puts a copy of package.json too.

describe('the package root', () => {
  it('is the checkout when run from source', () => {
    assert.equal(PACKAGE_ROOT, REPO_ROOT);
    assert.equal(packageRootOf('/opt/pinakes/src/lib/package-root.ts'), '/opt/pinakes');
  });

  it('is above dist/ when built, not the dist/ that holds a copy of package.json', () => {
    assert.equal(packageRootOf('/opt/pinakes/dist/src/lib/package-root.js'), '/opt/pinakes');
    assert.equal(
      packageRootOf('/usr/lib/node_modules/pinakes/dist/src/lib/package-root.js'),
      '/usr/lib/node_modules/pinakes',
    );
  });

  it('holds the web app at web/dist unless PINAKES_WEB_DIR says otherwise', () => {
    assert.equal(webDistDir({}), path.join(REPO_ROOT, 'web', 'dist'));
    assert.equal(webDistDir({ PINAKES_WEB_DIR: '/srv/web' }), '/srv/web');
  });

  it('names the missing index.html when the web app is not built', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'pinakes-web-'));
    try {
      assert.match(webBuildProblem(empty) ?? '', /not built: .*index\.html is missing.*npm run build/);
      fs.writeFileSync(path.join(empty, 'index.html'), '<!doctype html>');
      assert.equal(webBuildProblem(empty), null);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
