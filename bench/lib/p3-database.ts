import { sql } from 'kysely';
import type { DialectName } from '../../src/db/database.js';
import type { BenchOptions } from './options.js';
import { fmt, type Table } from './report.js';
import { seedScale, type SeedManifest } from './scale-seed.js';
import { forgetKept, freshTarget, keptTarget, saveManifest, type Target } from './target.js';

export interface SeededDatabase {
  target: Target;
  manifest: SeedManifest;
  /** True when this run seeded it (false: a kept one was reused). */
  seeded: boolean;
}

/** Seeds a P3 database into a kept location (replacing whatever was there). */
export async function seedKept(dialect: DialectName, options: BenchOptions): Promise<SeededDatabase> {
  const { target } = keptTarget(dialect, options, 'p3');
  await forgetKept(target, options);
  const { target: fresh } = keptTarget(dialect, options, 'p3');
  process.stdout.write(
    `seeding ${dialect} at scale ${options.scale} into ${fresh.dataDir}${fresh.schema ? ` (schema ${fresh.schema})` : ''}\n`,
  );
  const manifest = await seedScale(fresh, options.scale);
  saveManifest(fresh, manifest);
  return { target: fresh, manifest, seeded: true };
}

/**
 * Brings a kept database to the state a fresh seed leaves: migrated to the current schema (so
 * start-up times never include a one-off migration) and, on PostgreSQL, vacuumed as autovacuum
 * would have done since the last run (earlier runs' link visits leave dead row versions behind
 * and clear the visibility map that index-only scans rely on).
 */
async function settleKept(target: Target, manifest: SeedManifest): Promise<boolean> {
  const began = Date.now();
  const db = await target.open();
  try {
    // The manifest outlives its database when someone drops the schema or the file: seed again.
    const owner = await db.kysely
      .selectFrom('users')
      .select('id')
      .where('id', '=', manifest.bigOwner.id)
      .executeTakeFirst();
    if (!owner) return false;
    if (db.dialect === 'postgres') await sql`vacuum analyze`.execute(db.kysely);
  } finally {
    await db.close();
  }
  process.stdout.write(
    `migrated${target.dialect === 'postgres' ? ' and vacuumed' : ''} in ${((Date.now() - began) / 1000).toFixed(1)} s\n`,
  );
  return true;
}

/**
 * The P3 database for this run: a kept one of the same scale when BENCH_KEEP=1 (seeded and kept
 * when there is none), otherwise a fresh one seeded now and removed after the run.
 */
export async function p3Database(dialect: DialectName, options: BenchOptions): Promise<SeededDatabase> {
  if (options.keep) {
    const kept = keptTarget(dialect, options, 'p3');
    const manifest = kept.manifest as SeedManifest | null;
    if (manifest && manifest.scale === options.scale) {
      process.stdout.write(
        `reusing the kept ${dialect} P3 database (scale ${manifest.scale}, seeded in ${manifest.totalSeconds} s)\n`,
      );
      if (await settleKept(kept.target, manifest)) return { target: kept.target, manifest, seeded: false };
      process.stdout.write('the kept database is gone (its manifest is left): seeding it again\n');
    }
    return seedKept(dialect, options);
  }
  const target = freshTarget(dialect, options, 'p3');
  process.stdout.write(`seeding ${dialect} at scale ${options.scale}\n`);
  try {
    return { target, manifest: await seedScale(target, options.scale), seeded: true };
  } catch (error) {
    await target.destroy();
    throw error;
  }
}

export function seedTable(dialect: DialectName, manifest: SeedManifest): Table {
  const sizes = manifest.sizes;
  return {
    scenario: 'p3',
    dialect,
    title: `seed at scale ${manifest.scale}`,
    rows: [
      { metric: 'users / groups', value: `${fmt.int(sizes.users)} / ${fmt.int(sizes.groups)}` },
      { metric: 'shares / activity rows', value: `${fmt.int(sizes.shares)} / ${fmt.int(sizes.activity)}` },
      {
        metric: 'big owner / recipient / hot link',
        value: `${fmt.int(sizes.bigOwnerShares)} shares / ${fmt.int(sizes.recipientIncoming)} incoming in ${sizes.recipientGroups} groups / ${fmt.int(sizes.hotLinkActivity)} activity rows`,
      },
      ...Object.entries(manifest.seconds).map(([step, seconds]) => ({
        metric: `seed: ${step}`,
        value: `${seconds} s`,
      })),
      {
        metric: 'seed: total',
        value: `${manifest.totalSeconds} s`,
        goal: 'minutes, not hours',
        ok: manifest.totalSeconds < 1800,
      },
    ],
  };
}
