import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './2026-11-27T0800-initial.js';
import { listCounts } from './2026-11-27T1200-list-counts.js';

export type MigrationDialect = 'sqlite' | 'postgres';

/** Every migration in order. Names are timestamps, so the order never depends on a file listing. */
export class PinakesMigrations implements MigrationProvider {
  constructor(private readonly dialect: MigrationDialect) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return {
      '2026-11-27T0800-initial': initial(this.dialect),
      '2026-11-27T1200-list-counts': listCounts(this.dialect),
    };
  }
}
