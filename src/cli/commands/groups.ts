import type { Command } from 'commander';
import { withApp, type GlobalFlags } from '../context.js';
import {
  addMember,
  createGroup,
  deleteGroup,
  groupWithMembers,
  listGroups,
  removeMember,
  requireGroupByName,
} from '../../services/groups.service.js';
import { requireUserByName } from '../../services/users.service.js';
import { printTable, requireYes } from './people.io.js';

const PAGE = 200;

const flagsOf = (command: Command) => command.optsWithGlobals<GlobalFlags>();

export function registerGroupCommands(program: Command): void {
  const group = program.command('group').description('manage groups');

  group
    .command('add <name>')
    .description('create a group')
    .option('--description <text>', 'what the group is for')
    .action(async (name: string, options: { description?: string }, command: Command) => {
      await withApp(flagsOf(command), async ({ ctx }) => {
        const { group: created } = await createGroup(ctx, { name, description: options.description });
        process.stdout.write(`created group ${created.name} (${created.id})\n`);
      });
    });

  group
    .command('list')
    .description('list groups')
    .action(async (_options: unknown, command: Command) => {
      await withApp(flagsOf(command), async ({ ctx }) => {
        const rows: string[][] = [];
        for (let offset = 0; ; offset += PAGE) {
          const { items, total } = await listGroups(ctx, { offset, limit: PAGE });
          for (const row of items) {
            rows.push([row.name, String(row.member_count), row.id, row.description ?? '']);
          }
          if (items.length === 0 || offset + PAGE >= total) break;
        }
        printTable(['NAME', 'MEMBERS', 'ID', 'DESCRIPTION'], rows);
      });
    });

  group
    .command('delete <name>')
    .description('delete a group; the shares to it end with it')
    .option('--yes', 'really delete')
    .action(async (name: string, options: { yes?: boolean }, command: Command) => {
      requireYes(options, `delete group ${name}`);
      await withApp(flagsOf(command), async ({ ctx }) => {
        const target = await requireGroupByName(ctx, name);
        await deleteGroup(ctx, target.id);
        process.stdout.write(`deleted group ${target.name}\n`);
      });
    });

  group
    .command('add-member <group> <user>')
    .description('add a user to a group')
    .action(async (groupName: string, username: string, _options: unknown, command: Command) => {
      await withApp(flagsOf(command), async ({ ctx }) => {
        const target = await requireGroupByName(ctx, groupName);
        const member = await requireUserByName(ctx, username);
        await addMember(ctx, target.id, member.id);
        process.stdout.write(`added ${member.username} to ${target.name}\n`);
      });
    });

  group
    .command('remove-member <group> <user>')
    .description('remove a user from a group; the reshares they made from its shares end')
    .action(async (groupName: string, username: string, _options: unknown, command: Command) => {
      await withApp(flagsOf(command), async ({ ctx }) => {
        const target = await requireGroupByName(ctx, groupName);
        const member = await requireUserByName(ctx, username);
        const revoked = await removeMember(ctx, target.id, member.id, null);
        const ended = revoked.length > 0 ? `; ${revoked.length} reshare(s) ended` : '';
        process.stdout.write(`removed ${member.username} from ${target.name}${ended}\n`);
      });
    });

  group
    .command('members <group>')
    .description("list a group's members")
    .action(async (groupName: string, _options: unknown, command: Command) => {
      await withApp(flagsOf(command), async ({ ctx }) => {
        const target = await requireGroupByName(ctx, groupName);
        const { members } = await groupWithMembers(ctx, target.id);
        printTable(
          ['USERNAME', 'ID'],
          members.map((member) => [member.username, member.id]),
        );
      });
    });
}
