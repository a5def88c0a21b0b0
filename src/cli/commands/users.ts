import { Option, type Command } from 'commander';
import { withApp, type GlobalFlags } from '../context.js';
import type { Role } from '../../plugins/auth.js';
import {
  createUser,
  deleteUser,
  listUsers,
  requireUserByName,
  updateUser,
} from '../../services/users.service.js';
import { printTable, readNewPassword, requireYes } from './people.io.js';

const PAGE = 200;

const flagsOf = (command: Command) => command.optsWithGlobals<GlobalFlags>();

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('manage users');

  user
    .command('add <name>')
    .description('create a user')
    .addOption(
      new Option('--role <role>', 'what they may do')
        .choices(['admin', 'editor', 'viewer'])
        .default('editor'),
    )
    .option('--password-stdin', 'read the password from standard input')
    .action(async (name: string, options: { role: Role; passwordStdin?: boolean }, command: Command) => {
      const password = await readNewPassword(options);
      await withApp(flagsOf(command), async ({ ctx }) => {
        const created = await createUser(ctx, { username: name, password, role: options.role });
        process.stdout.write(`created ${created.role} ${created.username} (${created.id})\n`);
      });
    });

  user
    .command('list')
    .description('list users')
    .option('-q, --search <text>', 'only users whose name contains this')
    .action(async (options: { search?: string }, command: Command) => {
      await withApp(flagsOf(command), async ({ ctx }) => {
        const rows: string[][] = [];
        for (let offset = 0; ; offset += PAGE) {
          const { items, total } = await listUsers(ctx, { offset, limit: PAGE, q: options.search });
          for (const row of items) {
            rows.push([row.username, row.role, row.disabled ? 'disabled' : 'active', row.created_at, row.id]);
          }
          if (items.length === 0 || offset + PAGE >= total) break;
        }
        printTable(['USERNAME', 'ROLE', 'STATUS', 'CREATED', 'ID'], rows);
      });
    });

  user
    .command('passwd <name>')
    .description("set a user's password (ends all their sessions)")
    .option('--password-stdin', 'read the password from standard input')
    .action(async (name: string, options: { passwordStdin?: boolean }, command: Command) => {
      const password = await readNewPassword(options);
      await withApp(flagsOf(command), async ({ ctx }) => {
        const target = await requireUserByName(ctx, name);
        await updateUser(ctx, target.id, { password });
        process.stdout.write(`changed the password of ${target.username}\n`);
      });
    });

  user
    .command('delete <name>')
    .description('delete a user with their media, collections, shares and memberships')
    .option('--yes', 'really delete')
    .action(async (name: string, options: { yes?: boolean }, command: Command) => {
      requireYes(options, `delete user ${name}`);
      await withApp(flagsOf(command), async ({ ctx }) => {
        const target = await requireUserByName(ctx, name);
        await deleteUser(ctx, target.id);
        process.stdout.write(`deleted ${target.username}\n`);
      });
    });

  for (const [verb, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    user
      .command(`${verb} <name>`)
      .description(
        disabled ? 'stop a user signing in (ends their sessions)' : 'let a disabled user sign in again',
      )
      .action(async (name: string, _options: unknown, command: Command) => {
        await withApp(flagsOf(command), async ({ ctx }) => {
          const target = await requireUserByName(ctx, name);
          await updateUser(ctx, target.id, { disabled });
          process.stdout.write(`${verb}d ${target.username}\n`);
        });
      });
  }
}
