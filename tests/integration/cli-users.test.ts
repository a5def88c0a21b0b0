import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { DIALECTS, POSTGRES_URL } from '../helpers/dialects.js';
import { login } from '../helpers/people.js';
import { createUser } from '../../src/services/users.service.js';

for (const dialect of DIALECTS) {
  describe(`the user and group commands on ${dialect}`, () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinakes-cli-'));
    const schema = dialect === 'postgres' ? `cli_${crypto.randomBytes(6).toString('hex')}` : undefined;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PINAKES_DATA_DIR: dataDir,
      PINAKES_DATABASE_URL: dialect === 'postgres' ? POSTGRES_URL : '',
      PINAKES_DATABASE_SCHEMA: schema ?? '',
      PINAKES_ADMIN_USERNAME: '',
      PINAKES_ADMIN_PASSWORD: '',
    };
    let t: TestApp;

    const cli = (args: string[], input = ''): Promise<CliResult> => runCli(args, { env, input });

    const failsWith = (result: CliResult, pattern: RegExp) => {
      assert.equal(result.code, 1, result.stdout + result.stderr);
      assert.match(result.stderr, pattern);
      assert.equal(result.stderr.trimEnd().split('\n').length, 1, `one line: ${result.stderr}`);
    };

    before(async () => {
      // The app under test shares the data directory (and schema) with the commands.
      t = await startTestApp(dialect, { dataDir, ...(schema ? { databaseSchema: schema } : {}) });
    });
    after(async () => {
      await t.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (schema) {
        const client = new pg.Client({ connectionString: POSTGRES_URL });
        await client.connect();
        await client.query(`drop schema if exists "${schema}" cascade`);
        await client.end();
      }
    });

    it('adds a user with a piped password who can then sign in, and lists them', async () => {
      const added = await cli(
        ['user', 'add', 'Marta', '--role', 'admin', '--password-stdin'],
        'piped secret 1\n',
      );
      assert.equal(added.code, 0, added.stderr);
      assert.match(added.stdout, /created admin Marta/);

      const listed = await cli(['user', 'list']);
      assert.equal(listed.code, 0, listed.stderr);
      const [header, ...rows] = listed.stdout.trimEnd().split('\n');
      assert.match(header ?? '', /USERNAME\s+ROLE\s+STATUS/);
      assert.ok(
        rows.some((row) => /^Marta\s+admin\s+active\s/.test(row)),
        listed.stdout,
      );

      const signedIn = await login(t, 'marta', 'piped secret 1');
      assert.equal(signedIn.statusCode, 200);
      assert.equal(signedIn.json().user.role, 'admin');
    });

    // Each command is a process of its own (seconds apiece), so the rest runs on SQLite only:
    // the commands call the same services the API tests cover on both databases.
    if (dialect !== 'sqlite') return;

    it('refuses to add a user without a password, with a bad one, or twice', async () => {
      failsWith(await cli(['user', 'add', 'nopass']), /--password-stdin/);
      failsWith(await cli(['user', 'add', 'nopass', '--password-stdin'], 'short\n'), /8 to 256/);
      failsWith(await cli(['user', 'add', 'MARTA', '--password-stdin'], 'long enough\n'), /taken/);
      const badRole = await cli(
        ['user', 'add', 'nopass', '--role', 'root', '--password-stdin'],
        'long enough\n',
      );
      assert.equal(badRole.code, 1);
      assert.match(badRole.stderr.split('\n')[0] ?? '', /'root' is invalid/);
      const users = await t.ctx.db.kysely.selectFrom('users').select('username').execute();
      assert.deepEqual(
        users.map((user) => user.username),
        ['Marta'],
      );
    });

    it('sets a password, disables and enables a user', async () => {
      await createUser(t.ctx, { username: 'sven', password: 'original pass', role: 'editor' });
      const changed = await cli(['user', 'passwd', 'Sven', '--password-stdin'], 'replaced pass\r\n');
      assert.equal(changed.code, 0, changed.stderr);
      assert.equal((await login(t, 'sven', 'original pass')).statusCode, 401);
      assert.equal((await login(t, 'sven', 'replaced pass')).statusCode, 200);

      assert.equal((await cli(['user', 'disable', 'sven'])).code, 0);
      assert.equal((await login(t, 'sven', 'replaced pass')).statusCode, 401);
      assert.equal((await cli(['user', 'enable', 'sven'])).code, 0);
      assert.equal((await login(t, 'sven', 'replaced pass')).statusCode, 200);
    });

    it('deletes a user only with --yes and keeps the last administrator', async () => {
      await createUser(t.ctx, { username: 'temp', password: 'temporary pw', role: 'viewer' });
      failsWith(await cli(['user', 'delete', 'temp']), /--yes/);
      assert.equal((await login(t, 'temp', 'temporary pw')).statusCode, 200);
      const deleted = await cli(['user', 'delete', 'temp', '--yes']);
      assert.equal(deleted.code, 0, deleted.stderr);
      assert.equal((await login(t, 'temp', 'temporary pw')).statusCode, 401);

      failsWith(await cli(['user', 'delete', 'marta', '--yes']), /last active administrator/);
    });

    it('manages groups and their members', async () => {
      await createUser(t.ctx, { username: 'ines', password: 'ines password', role: 'viewer' });
      const added = await cli(['group', 'add', 'Choir', '--description', 'Sunday singers']);
      assert.equal(added.code, 0, added.stderr);
      assert.match(added.stdout, /created group Choir/);

      assert.equal((await cli(['group', 'add-member', 'choir', 'Ines'])).code, 0);
      failsWith(await cli(['group', 'add-member', 'choir', 'nobody']), /not found/);

      const members = await cli(['group', 'members', 'Choir']);
      assert.equal(members.code, 0, members.stderr);
      assert.match(members.stdout, /^USERNAME\s+ID\n^ines\s+[0-9a-f-]{36}$/m);

      const listed = await cli(['group', 'list']);
      assert.match(listed.stdout, /^Choir\s+1\s+[0-9a-f-]{36}\s+Sunday singers$/m);

      const api = await t.request({
        method: 'GET',
        url: '/api/v1/groups?mine=true',
        token: (await login(t, 'ines', 'ines password')).json().access_token,
      });
      assert.deepEqual(
        api.json().map((group: { name: string }) => group.name),
        ['Choir'],
      );

      assert.equal((await cli(['group', 'remove-member', 'Choir', 'ines'])).code, 0);
      failsWith(await cli(['group', 'remove-member', 'Choir', 'ines']), /not a member/);

      failsWith(await cli(['group', 'delete', 'Choir']), /--yes/);
      assert.equal((await cli(['group', 'delete', 'Choir', '--yes'])).code, 0);
      const groups = await t.ctx.db.kysely.selectFrom('groups').select('name').execute();
      assert.deepEqual(groups, []);
    });

    it('explains itself with --help', async () => {
      const userHelp = await cli(['user', '--help']);
      assert.equal(userHelp.code, 0);
      assert.match(userHelp.stdout, /^Usage: pinakes user /);
      for (const command of ['add', 'list', 'passwd', 'delete', 'disable', 'enable']) {
        assert.match(userHelp.stdout, new RegExp(`\\n\\s+${command} `));
      }
      const groupHelp = await cli(['group', '--help']);
      assert.equal(groupHelp.code, 0);
      for (const command of ['add', 'list', 'delete', 'add-member', 'remove-member', 'members']) {
        assert.match(groupHelp.stdout, new RegExp(`\\n\\s+${command} `));
      }
    });
  });
}
