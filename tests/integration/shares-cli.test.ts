import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import { insertCollection, insertGroup, insertMedia, notificationsOf, shareRow } from '../helpers/shares.js';

// The commands run the same services as the API; one database is enough to show they are wired.
describe('the share commands (SQLite)', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let admin: TestUser;

  const cli = (args: string[], input = ''): Promise<CliResult> =>
    runCli(args, {
      env: {
        ...process.env,
        PINAKES_DATA_DIR: t.dataDir,
        PINAKES_DATABASE_URL: '',
        PINAKES_PUBLIC_URL: 'https://media.example.org',
        PINAKES_ADMIN_USERNAME: '',
        PINAKES_ADMIN_PASSWORD: '',
      },
      input,
    });

  const succeeds = (result: CliResult) => assert.equal(result.code, 0, result.stdout + result.stderr);
  const failsWith = (result: CliResult, pattern: RegExp) => {
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stderr, pattern);
    assert.equal(result.stderr.trimEnd().split('\n').length, 1, `one line: ${result.stderr}`);
  };

  before(async () => {
    t = await startTestApp('sqlite');
    alice = await buildUser(t, { role: 'editor' });
    bob = await buildUser(t, { role: 'viewer' });
    admin = await buildUser(t, { role: 'admin' });
  });
  after(() => t.close());

  it('shares a media item with a user and prints it', async () => {
    const media = await insertMedia(t, alice.id, { title: 'Harbour at night' });
    const result = await cli([
      'share',
      'create',
      '--owner',
      alice.username,
      '--media',
      media.id,
      '--user',
      bob.username,
      '--reshare',
    ]);
    succeeds(result);
    const id = /^share (\S+) \(active\)$/m.exec(result.stdout)?.[1] ?? '';
    assert.match(result.stdout, new RegExp(`recipient +user ${bob.username}`));
    assert.match(result.stdout, /permissions +view, download, reshare/);
    assert.match(result.stdout, /"Harbour at night"/);
    const row = await shareRow(t, id);
    assert.equal(row.owner_id, alice.id);
    assert.equal(row.recipient_user_id, bob.id);
    assert.equal(row.can_reshare, 1);
    assert.equal((await notificationsOf(t, bob.id)).at(-1)?.notification_type, 'new_share');
  });

  it('makes a public link with a piped password and prints its URL', async () => {
    const collection = await insertCollection(t, alice.id, [(await insertMedia(t, alice.id)).id]);
    const password = 'piped secret phrase';
    const result = await cli(
      [
        'share',
        'create',
        '--owner',
        alice.username,
        '--collection',
        collection,
        '--link',
        '--no-download',
        '--password-stdin',
        '--max-uses',
        '3',
        '--expires-in-hours',
        '24',
        '--note',
        'for the family',
        '--json',
      ],
      `${password}\n`,
    );
    succeeds(result);
    const share = JSON.parse(result.stdout);
    assert.equal(share.recipient_type, 'public_link');
    assert.equal(share.public_url, `https://media.example.org/s/${share.public_token}`);
    assert.equal(share.has_password, true);
    assert.equal(share.permissions.can_download, false);
    assert.equal(share.max_access_count, 3);
    assert.equal(share.note, 'for the family');
    assert.ok(share.expires_at);
    assert.equal(result.stdout.includes(password), false);
    assert.match((await shareRow(t, share.id)).password_hash ?? '', /^\$argon2id\$/);

    const plain = await cli([
      'share',
      'create',
      '--owner',
      alice.username,
      '--collection',
      collection,
      '--link',
    ]);
    succeeds(plain);
    assert.match(plain.stdout, /url +https:\/\/media\.example\.org\/s\/[A-Za-z0-9_-]{43}/);
  });

  it('shares with a group by name', async () => {
    const groupId = await insertGroup(t, [bob.id]);
    const group = await t.ctx.db.kysely
      .selectFrom('groups')
      .select('name')
      .where('id', '=', groupId)
      .executeTakeFirstOrThrow();
    const media = await insertMedia(t, alice.id);
    const result = await cli([
      'share',
      'create',
      '--owner',
      alice.username,
      '--media',
      media.id,
      '--group',
      group.name,
      '--json',
    ]);
    succeeds(result);
    assert.equal(JSON.parse(result.stdout).recipient_group_id, groupId);
  });

  it('lists outgoing and incoming shares', async () => {
    const outgoing = await cli(['share', 'list', '--owner', alice.username]);
    succeeds(outgoing);
    assert.match(outgoing.stdout, /^ID +STATUS +TARGET +NAME +TO +PERMISSIONS +EXPIRES$/m);
    assert.match(outgoing.stdout, /Harbour at night/);
    assert.match(outgoing.stdout, /public link/);

    const incoming = await cli(['share', 'list', '--owner', bob.username, '--incoming', '--json']);
    succeeds(incoming);
    const shares = JSON.parse(incoming.stdout) as Array<{ owner_id: string; public_token: string | null }>;
    assert.ok(shares.length >= 2);
    assert.ok(shares.every((share) => share.owner_id === alice.id && share.public_token === null));
  });

  it('revokes as the owner or an admin, never as a recipient, and prints the log', async () => {
    const media = await insertMedia(t, alice.id);
    const created = await cli([
      'share',
      'create',
      '--owner',
      alice.username,
      '--media',
      media.id,
      '--link',
      '--json',
    ]);
    const id = JSON.parse(created.stdout).id as string;

    failsWith(
      await cli(['share', 'revoke', id, '--as', bob.username]),
      /owner of this share or an administrator/,
    );
    assert.equal((await shareRow(t, id)).revoked_at, null);
    succeeds(await cli(['share', 'revoke', id, '--as', alice.username]));
    assert.ok((await shareRow(t, id)).revoked_at);
    failsWith(await cli(['share', 'revoke', id, '--as', alice.username]), /Share not found/);

    const second = JSON.parse(
      (await cli(['share', 'create', '--owner', alice.username, '--media', media.id, '--link', '--json']))
        .stdout,
    ).id as string;
    succeeds(await cli(['share', 'revoke', second, '--as', admin.username]));

    const log = await cli(['share', 'activity', id]);
    failsWith(log, /Share not found/);
    const media2 = await insertMedia(t, alice.id);
    const third = JSON.parse(
      (
        await cli([
          'share',
          'create',
          '--owner',
          alice.username,
          '--media',
          media2.id,
          '--user',
          bob.username,
          '--json',
        ])
      ).stdout,
    ).id as string;
    const entries = await cli(['share', 'activity', third, '--json']);
    succeeds(entries);
    const [created3] = JSON.parse(entries.stdout);
    assert.equal(created3.action, 'created');
    assert.equal(created3.actor_username, alice.username);
    assert.equal(created3.actor_ip, null);
    const table = await cli(['share', 'activity', third]);
    assert.match(table.stdout, /^TIME +ACTION +ACTOR +ADDRESS +DETAILS$/m);
    assert.match(table.stdout, new RegExp(`created +${alice.username} +-`));
  });

  it('refuses bad requests with one line and exit code 1', async () => {
    const media = await insertMedia(t, alice.id);
    failsWith(
      await cli(['share', 'create', '--owner', 'nobody-here', '--media', media.id, '--link']),
      /nobody-here/,
    );
    failsWith(
      await cli([
        'share',
        'create',
        '--owner',
        alice.username,
        '--media',
        media.id,
        '--link',
        '--user',
        bob.username,
      ]),
      /exactly one of --link, --user, --group/,
    );
    failsWith(await cli(['share', 'create', '--owner', alice.username, '--link']), /exactly one of --media/);
    failsWith(
      await cli(['share', 'create', '--owner', bob.username, '--media', media.id, '--link']),
      /target does not exist or you may not share it/,
    );
    failsWith(
      await cli(['share', 'create', '--owner', alice.username, '--media', media.id, '--link', '--edit']),
      /public link may only grant view and download/,
    );
    failsWith(
      await cli([
        'share',
        'create',
        '--owner',
        alice.username,
        '--media',
        media.id,
        '--link',
        '--max-uses',
        'many',
      ]),
      /--max-uses takes a whole number/,
    );
  });
});
