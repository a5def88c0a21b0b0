import type { AppContext } from '../context.js';
import {
  deleteExpiredSessions,
  deleteSpentRefreshTokens,
} from '../repositories/scheduled-work.repository.js';
import { logExpiredShares } from './share-expired.job.js';
import { notifyExpiringShares } from './share-expiring.job.js';

/** Spent refresh tokens are kept this long (a reuse within it still revokes its family). */
const SPENT_TOKEN_RETENTION_MS = 24 * 60 * 60 * 1000;

export interface DueWorkReport {
  expiringNotices: number;
  expiredLogged: number;
  refreshTokensDeleted: number;
  sessionsDeleted: number;
}

async function cleanUpSessions(
  ctx: AppContext,
): Promise<Pick<DueWorkReport, 'refreshTokensDeleted' | 'sessionsDeleted'>> {
  const now = ctx.clock.now();
  const db = ctx.db.kysely;
  const refreshTokensDeleted = await deleteSpentRefreshTokens(
    db,
    new Date(now.getTime() - SPENT_TOKEN_RETENTION_MS).toISOString(),
  );
  const sessionsDeleted = await deleteExpiredSessions(db, now.toISOString());
  return { refreshTokensDeleted, sessionsDeleted };
}

/**
 * Everything time-driven, once: expiry warnings, expiry log entries, token and session
 * clean-up. Each part is idempotent and safe to run from several processes at once. Every
 * part runs even if another fails; failures are then thrown together.
 */
export async function runDueWork(ctx: AppContext): Promise<DueWorkReport> {
  const report: DueWorkReport = {
    expiringNotices: 0,
    expiredLogged: 0,
    refreshTokensDeleted: 0,
    sessionsDeleted: 0,
  };
  const failures: unknown[] = [];
  const parts: Array<() => Promise<void>> = [
    async () => {
      report.expiringNotices = await notifyExpiringShares(ctx);
    },
    async () => {
      report.expiredLogged = await logExpiredShares(ctx);
    },
    async () => {
      Object.assign(report, await cleanUpSessions(ctx));
    },
  ];
  for (const part of parts) {
    try {
      await part();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, 'scheduled work failed');
  return report;
}

/**
 * Runs the due work every `intervalMs` on a timer that keeps no process alive; a run never
 * starts while the previous one is still going. Stops (waiting for a running pass) when the
 * app shuts down; the returned function stops it too.
 */
export function startScheduler(ctx: AppContext, intervalMs = 60_000): () => Promise<void> {
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = runDueWork(ctx)
      .then((report) => {
        if (report.expiringNotices + report.expiredLogged > 0)
          ctx.log.info({ report }, 'scheduled work done');
      })
      .catch((error: unknown) => ctx.log.error({ err: error }, 'scheduled work failed'))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  const stop = async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
  ctx.onShutdown(stop);
  return stop;
}
