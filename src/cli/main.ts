#!/usr/bin/env node
import { Command, Option } from 'commander';
import { AppError } from '../errors.js';
import { serve } from '../server.js';
import { configFrom, type GlobalFlags } from './context.js';
import { registerCommands } from './commands/index.js';
import pkg from '../../package.json' with { type: 'json' };

const program = new Command('pinakes')
  .description('Pinakes: a self-hosted media library built around sharing')
  .version(pkg.version)
  .addOption(new Option('--data-dir <dir>', 'data directory').env('PINAKES_DATA_DIR'))
  .addOption(
    new Option('--database-url <url>', 'postgres:// URL; unset means embedded SQLite').env(
      'PINAKES_DATABASE_URL',
    ),
  )
  .showHelpAfterError();

program
  .command('serve', { isDefault: true })
  .description('serve the API and the web app')
  .option('--host <host>', 'address to listen on (PINAKES_HOST, default 127.0.0.1)')
  .option('--port <port>', 'port to listen on (PINAKES_PORT, default 8420)', (value) => {
    const port = Number(value);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port takes 0-65535');
    return port;
  })
  .action(async (options: { host?: string; port?: number }) => {
    const flags = program.opts<GlobalFlags>();
    await serve(
      configFrom(flags, {
        ...(options.host ? { host: options.host } : {}),
        ...(options.port !== undefined ? { port: options.port } : {}),
      }),
    );
  });

registerCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  const message =
    error instanceof AppError
      ? `${error.message}${error.details ? ` (${error.details.map((d) => `${d.field}: ${d.message}`).join('; ')})` : ''}`
      : error instanceof Error
        ? error.message
        : String(error);
  process.stderr.write(`pinakes: ${message}\n`);
  process.exit(1);
});
