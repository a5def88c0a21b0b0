import type { Command } from 'commander';

/** Every command besides `serve`; each area adds its own. */
export function registerCommands(program: Command): void {
  void program;
}
