import type { Command } from 'commander';
import { registerShareCommands } from './shares.js';
import { registerGroupCommands } from './groups.js';
import { registerOpenApiCommands } from './openapi.js';
import { registerUserCommands } from './users.js';
import { registerImportCommands } from './import.js';

/** Every command besides `serve`; each area adds its own. */
export function registerCommands(program: Command): void {
  registerOpenApiCommands(program);
  registerUserCommands(program);
  registerGroupCommands(program);
  registerShareCommands(program);
  registerImportCommands(program);
}
