import { Option, type Command } from 'commander';
import type { AppContext } from '../../context.js';
import type { ShareRecipientType, ShareTargetType } from '../../db/schema.js';
import type { Principal } from '../../plugins/auth.js';
import { presentShareActivity } from '../../presenters/share-activity.presenter.js';
import type { Share } from '../../presenters/share.presenter.js';
import { requireGroupByName } from '../../services/groups.service.js';
import { createShare, type CreateShareInput } from '../../services/shares-create.service.js';
import { presentNamedShare, presentOneShare, presentShares } from '../../services/shares-present.service.js';
import { activityOf, getShare, incomingShares, outgoingShares } from '../../services/shares-read.service.js';
import { revokeShare } from '../../services/shares-revoke.service.js';
import { requireUserByName } from '../../services/users.service.js';
import { findLiveShare } from '../../repositories/shares.repository.js';
import { notFound } from '../../errors.js';
import { withApp, type GlobalFlags } from '../context.js';
import { printTable, readNewPassword } from './people.io.js';

const PAGE = 200;

const flagsOf = (command: Command) => command.optsWithGlobals<GlobalFlags>();

/** Commands act as a named user, through the same services and rules as the API. */
async function actAs(ctx: AppContext, username: string): Promise<Principal> {
  const user = await requireUserByName(ctx, username);
  if (user.disabled === 1) throw new Error(`user ${user.username} is disabled`);
  return { userId: user.id, username: user.username, role: user.role, sessionId: 'cli' };
}

function integerOption(name: string) {
  return (value: string) => {
    const parsed = Number(value);
    if (!Number.isSafeInteger(parsed)) throw new Error(`${name} takes a whole number`);
    return parsed;
  };
}

interface CreateOptions {
  owner: string;
  media?: string;
  collection?: string;
  tag?: string;
  search?: string;
  link?: boolean;
  user?: string;
  group?: string;
  download?: boolean;
  edit?: boolean;
  delete?: boolean;
  reshare?: boolean;
  add?: boolean;
  passwordStdin?: boolean;
  expiresInHours?: number;
  maxUses?: number;
  note?: string;
  noInherit?: boolean;
  json?: boolean;
}

function exactlyOne<T>(
  what: string,
  choices: Array<[T, string | boolean | undefined]>,
): [T, string | boolean] {
  const given = choices.filter((choice): choice is [T, string | boolean] => choice[1] !== undefined);
  if (given.length !== 1) throw new Error(`give exactly one ${what}`);
  return given[0] as [T, string | boolean];
}

async function createInput(ctx: AppContext, options: CreateOptions): Promise<CreateShareInput> {
  const [targetType, targetId] = exactlyOne<ShareTargetType>('of --media, --collection, --tag, --search', [
    ['media', options.media],
    ['collection', options.collection],
    ['tag', options.tag],
    ['saved_search', options.search],
  ]);
  const [recipientType, recipient] = exactlyOne<ShareRecipientType>('of --link, --user, --group', [
    ['public_link', options.link],
    ['user', options.user],
    ['group', options.group],
  ]);
  const permissions = {
    can_download: options.download,
    can_edit: options.edit,
    can_delete: options.delete,
    can_reshare: options.reshare,
    can_add: options.add,
  };
  return {
    target_type: targetType,
    target_id: String(targetId),
    recipient_type: recipientType,
    recipient_user_id:
      recipientType === 'user' ? (await requireUserByName(ctx, String(recipient))).id : undefined,
    recipient_group_id:
      recipientType === 'group' ? (await requireGroupByName(ctx, String(recipient))).id : undefined,
    permissions: Object.fromEntries(Object.entries(permissions).filter(([, value]) => value !== undefined)),
    password: options.passwordStdin ? await readNewPassword({ passwordStdin: true }) : undefined,
    note: options.note,
    expires_in_hours: options.expiresInHours,
    max_access_count: options.maxUses,
    inherit_to_children: options.noInherit ? false : undefined,
  };
}

function recipientLabel(share: Share): string {
  if (share.recipient_type === 'user') return `user ${share.recipient_username ?? share.recipient_user_id}`;
  if (share.recipient_type === 'group')
    return `group ${share.recipient_group_name ?? share.recipient_group_id}`;
  return 'public link';
}

const grantedNames = (share: Share) =>
  Object.entries(share.permissions)
    .filter(([, granted]) => granted)
    .map(([name]) => name.replace(/^can_/, ''))
    .join(', ');

function printShare(share: Share): void {
  const lines = [
    `share ${share.id} (${share.status})`,
    `  target       ${share.target_type} ${share.target_id}${share.target_name ? ` "${share.target_name}"` : ''}`,
    `  owner        ${share.owner_username}`,
    `  recipient    ${recipientLabel(share)}`,
    `  permissions  ${grantedNames(share)}`,
    `  expires      ${share.expires_at ?? 'never'}`,
    ...(share.recipient_type === 'public_link'
      ? [
          `  password     ${share.has_password ? 'yes' : 'no'}`,
          `  accesses     ${share.access_count}${share.max_access_count === null ? '' : ` of ${share.max_access_count}`}`,
        ]
      : []),
    ...(share.note ? [`  note         ${share.note}`] : []),
    ...(share.parent_share_id ? [`  reshared     from ${share.parent_share_id}`] : []),
    ...(share.public_url ? [`  url          ${share.public_url}`] : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

const writeJson = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

export function registerShareCommands(program: Command): void {
  const share = program.command('share').description('manage shares');

  share
    .command('create')
    .description(
      'share a media item, collection, tag or saved search (prints the share, and the URL of a link)',
    )
    .requiredOption(
      '--owner <name>',
      'the user who shares (the owner of the target, or a recipient who may reshare)',
    )
    .option('--media <id>', 'share this media item')
    .option('--collection <id>', 'share this collection')
    .option('--tag <id>', 'share the media carrying this tag')
    .option('--search <id>', 'share the results of this saved search')
    .option('--link', 'make a public link')
    .option('--user <name>', 'share with this user')
    .option('--group <name>', 'share with the members of this group')
    .option('--download', 'let recipients download (the default)')
    .option('--no-download', 'do not let recipients download')
    .option('--edit', 'let recipients edit titles, descriptions and tags')
    .option('--delete', 'let recipients delete the media')
    .option('--reshare', 'let recipients share it onwards')
    .option('--add', 'let recipients add their media to a shared collection')
    .option('--no-inherit', 'do not cover the media inside a collection, tag or search')
    .option('--password-stdin', 'read a link password from standard input')
    .addOption(
      new Option('--expires-in-hours <n>', 'end the share after this many hours').argParser(
        integerOption('--expires-in-hours'),
      ),
    )
    .addOption(
      new Option('--max-uses <n>', 'a link dies after this many accesses').argParser(
        integerOption('--max-uses'),
      ),
    )
    .option('--note <text>', 'a note for the recipients')
    .option('--json', 'print the share as JSON')
    .action(async (options: CreateOptions, command: Command) => {
      await withApp(flagsOf(command), async ({ ctx }) => {
        const actor = await actAs(ctx, options.owner);
        const { share, names } = await createShare(
          ctx,
          { principal: actor, ip: null },
          await createInput(ctx, options),
        );
        const created = presentNamedShare(ctx, actor.userId, share, names);
        if (options.json) writeJson(created);
        else printShare(created);
      });
    });

  share
    .command('list')
    .description("list a user's shares (or, with --incoming, the shares made with them)")
    .requiredOption('--owner <name>', 'whose shares')
    .option('--incoming', 'shares to this user or their groups, instead of shares they made')
    .option('--json', 'print the shares as JSON')
    .action(async (options: { owner: string; incoming?: boolean; json?: boolean }, command: Command) => {
      await withApp(flagsOf(command), async ({ ctx }) => {
        const actor = await actAs(ctx, options.owner);
        const list = options.incoming ? incomingShares : outgoingShares;
        const shares: Share[] = [];
        for (let offset = 0; ; offset += PAGE) {
          const { items, total } = await list(ctx, actor, { offset, limit: PAGE });
          shares.push(...(await presentShares(ctx, actor.userId, items)));
          if (items.length === 0 || offset + PAGE >= total) break;
        }
        if (options.json) return writeJson(shares);
        printTable(
          ['ID', 'STATUS', 'TARGET', 'NAME', options.incoming ? 'FROM' : 'TO', 'PERMISSIONS', 'EXPIRES'],
          shares.map((item) => [
            item.id,
            item.status,
            item.target_type,
            item.target_name ?? '',
            options.incoming ? item.owner_username : recipientLabel(item),
            grantedNames(item),
            item.expires_at ?? 'never',
          ]),
        );
      });
    });

  share
    .command('show <id>')
    .description('show one share, as a user may see it')
    .requiredOption('--as <name>', 'the user looking (its owner, a recipient or an admin)')
    .option('--json', 'print the share as JSON')
    .action(async (id: string, options: { as: string; json?: boolean }, command: Command) => {
      await withApp(flagsOf(command), async ({ ctx }) => {
        const actor = await actAs(ctx, options.as);
        const shown = await presentOneShare(ctx, actor.userId, await getShare(ctx, actor, id));
        if (options.json) writeJson(shown);
        else printShare(shown);
      });
    });

  share
    .command('revoke <id>')
    .description('revoke a share and every reshare made from it')
    .requiredOption('--as <name>', 'the owner of the share, or an administrator')
    .action(async (id: string, options: { as: string }, command: Command) => {
      await withApp(flagsOf(command), async ({ ctx }) => {
        const actor = await actAs(ctx, options.as);
        await revokeShare(ctx, { principal: actor, ip: null }, id);
        process.stdout.write(`revoked share ${id}\n`);
      });
    });

  share
    .command('activity <id>')
    .description("print a share's activity log, newest first")
    .option('--limit <n>', 'at most this many entries', integerOption('--limit'), 50)
    .option('--json', 'print the entries as JSON')
    .action(async (id: string, options: { limit: number; json?: boolean }, command: Command) => {
      await withApp(flagsOf(command), async ({ ctx }) => {
        if (!(await findLiveShare(ctx.db.kysely, id))) throw notFound('Share');
        const limit = Math.min(Math.max(options.limit, 1), PAGE);
        const entries = (await activityOf(ctx, id, { offset: 0, limit })).items.map(presentShareActivity);
        if (options.json) return writeJson(entries);
        printTable(
          ['TIME', 'ACTION', 'ACTOR', 'ADDRESS', 'DETAILS'],
          entries.map((entry) => [
            entry.timestamp,
            entry.action,
            entry.actor_username ?? '-',
            entry.actor_ip ?? '-',
            JSON.stringify(entry.details),
          ]),
        );
      });
    });
}
