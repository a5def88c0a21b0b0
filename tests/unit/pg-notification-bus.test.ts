import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../src/db/database.js';
import type { SameStatementNotify } from '../../src/repositories/notifications.repository.js';
import { PostgresNotificationBus } from '../../src/services/pg-notification-bus.js';

// Publishing hands the statement to a writer: no connection is opened until someone subscribes.

function busWithLog() {
  const logged: string[] = [];
  const log = {
    error: (_details: unknown, message: string) => void logged.push(message),
  } as unknown as FastifyBaseLogger;
  const bus = new PostgresNotificationBus({
    db: {} as Db,
    url: 'postgres://unused@127.0.0.1:1/unused',
    schema: 'unit',
    log,
  });
  return { bus, logged };
}

const event = {
  userId: 'user-1',
  notification: {
    id: 'notification-1',
    share_id: 'share-1',
    notification_type: 'new_share' as const,
    message: 'alice shared "Holiday" with you.',
    is_read: false,
    created_at: '2026-11-27T10:00:00.000Z',
    share: { target_type: 'media' as const, target_name: 'Holiday', owner_username: 'alice' },
  },
};

describe('notifications written with their NOTIFY', () => {
  it('hands the writer the NOTIFY of this schema with the events packed', async () => {
    const { bus, logged } = busWithLog();
    const seen: Array<SameStatementNotify | null> = [];
    await bus.publishWritten([event], async (notify) => void seen.push(notify));
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.channel, bus.channel);
    assert.deepEqual(
      seen[0]?.payloads.map((payload) => (JSON.parse(payload) as { events: unknown[] }).events),
      [[event]],
    );
    assert.deepEqual(logged, []);
  });

  it('still stores the notifications when the statement with the NOTIFY fails, and says so', async () => {
    const { bus, logged } = busWithLog();
    const seen: Array<SameStatementNotify | null> = [];
    await bus.publishWritten([event], async (notify) => {
      seen.push(notify);
      if (notify) throw new Error('too many notifications in the NOTIFY queue');
    });
    assert.deepEqual(
      seen.map((notify) => notify !== null),
      [true, false],
    );
    assert.equal(logged.length, 1);
  });

  it('fails when the notifications cannot be stored at all', async () => {
    const { bus } = busWithLog();
    await assert.rejects(
      bus.publishWritten([event], async () => {
        throw new Error('database unavailable');
      }),
      /database unavailable/,
    );
  });
});
