import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { NotificationEvent } from '../../src/services/notification-bus.js';
import { notifyShareRecipients } from '../../src/services/notifications.service.js';
import { PostgresNotificationBus } from '../../src/services/pg-notification-bus.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { startTwinApp } from '../helpers/app-twin.js';
import { DIALECTS, POSTGRES_URL } from '../helpers/dialects.js';
import { buildUser, type TestUser } from '../helpers/factories.js';
import { insertShare, insertStoredMedia } from '../helpers/links.js';
import { openEventStream } from '../helpers/sse.js';

for (const dialect of DIALECTS) {
  describe(`live notification stream on ${dialect}`, () => {
    let t: TestApp;
    let owner: TestUser;
    let base: string;
    before(async () => {
      t = await startTestApp(dialect);
      owner = await buildUser(t);
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    });
    // Closing with streams still open must not hang: the app ends them.
    after(() => t.close());

    async function shareWith(recipient: TestUser, title: string) {
      const media = await insertStoredMedia(t, owner.id, { title });
      const share = await insertShare(t, owner.id, { target_id: media.id, user_id: recipient.id });
      await notifyShareRecipients(t.ctx, [{ share, type: 'new_share' }]);
      return share;
    }

    it('streams new notifications as server-sent events to a bearer-authenticated client', async () => {
      const reader = await buildUser(t, { role: 'viewer' });
      const other = await buildUser(t, { role: 'viewer' });
      const stream = await openEventStream(`${base}/api/v1/notifications/stream`, {
        authorization: `Bearer ${reader.token}`,
      });
      try {
        assert.match(stream.response.headers['content-type'] ?? '', /^text\/event-stream/);
        assert.equal(stream.response.headers['cache-control'], 'no-cache');
        assert.equal(stream.response.headers['x-accel-buffering'], 'no');
        const retry = await stream.next('retry');
        assert.equal(retry.retry, 5000);
        await stream.next('ready');

        await shareWith(other, 'Not for the reader');
        const share = await shareWith(reader, 'Live');
        const event = await stream.next('notification');
        const notification = JSON.parse(event.data);
        assert.equal(notification.share_id, share.id);
        assert.equal(notification.notification_type, 'new_share');
        assert.deepEqual(notification.share, {
          target_type: 'media',
          target_name: 'Live',
          owner_username: owner.username,
        });
        assert.equal(event.id, notification.id);
        const delivered = stream.events.filter((e) => e.event === 'notification');
        assert.equal(delivered.length, 1);
      } finally {
        stream.close();
      }
    });

    it('accepts the access token in the query on the stream (EventSource), and nothing invalid', async () => {
      const reader = await buildUser(t, { role: 'viewer' });
      const stream = await openEventStream(`${base}/api/notifications/stream?access_token=${reader.token}`);
      try {
        await stream.next('ready');
        await shareWith(reader, 'Via query');
        assert.equal(JSON.parse((await stream.next('notification')).data).share.target_name, 'Via query');
      } finally {
        stream.close();
      }
      await assert.rejects(openEventStream(`${base}/api/v1/notifications/stream?access_token=forged`), {
        statusCode: 401,
      });
      await assert.rejects(openEventStream(`${base}/api/v1/notifications/stream`), { statusCode: 401 });
      // The query token is for the stream only: other routes want the header.
      const elsewhere = await t.request({
        method: 'GET',
        url: `/api/v1/notifications/shares?access_token=${reader.token}`,
      });
      assert.equal(elsewhere.statusCode, 401);
    });

    it('replays unread notifications missed since Last-Event-ID', async () => {
      const reader = await buildUser(t, { role: 'viewer' });
      await shareWith(reader, 'Seen');
      const [seen] = await t.ctx.db.kysely
        .selectFrom('notifications')
        .select('id')
        .where('user_id', '=', reader.id)
        .execute();
      await shareWith(reader, 'Missed');
      const stream = await openEventStream(`${base}/api/v1/notifications/stream`, {
        authorization: `Bearer ${reader.token}`,
        'last-event-id': seen?.id ?? '',
      });
      try {
        await stream.next('ready');
        const replayed = JSON.parse((await stream.next('notification')).data);
        assert.equal(replayed.share.target_name, 'Missed');
      } finally {
        stream.close();
      }
    });

    it('ends open streams when the app closes', async () => {
      const other = await startTwinApp(t);
      await other.app.listen({ host: '127.0.0.1', port: 0 });
      const port = (other.app.server.address() as AddressInfo).port;
      const reader = await buildUser(t, { role: 'viewer' });
      const stream = await openEventStream(`http://127.0.0.1:${port}/api/v1/notifications/stream`, {
        authorization: `Bearer ${reader.token}`,
      });
      await stream.next('ready');
      await other.close();
      await stream.ended;
    });

    if (dialect === 'postgres') {
      it('delivers a notification written by one app to a stream on another app (LISTEN/NOTIFY)', async () => {
        const twin = await startTwinApp(t);
        try {
          await twin.app.listen({ host: '127.0.0.1', port: 0 });
          const port = (twin.app.server.address() as AddressInfo).port;
          const reader = await buildUser(t, { role: 'viewer' });
          const stream = await openEventStream(`http://127.0.0.1:${port}/api/v1/notifications/stream`, {
            authorization: `Bearer ${reader.token}`,
          });
          try {
            await stream.next('ready');
            await shareWith(reader, 'Across processes');
            const notification = JSON.parse((await stream.next('notification')).data);
            assert.equal(notification.share.target_name, 'Across processes');
          } finally {
            stream.close();
          }
        } finally {
          await twin.close();
        }
      });

      it('reloads notifications too large for a NOTIFY payload, and reconnects after losing its connection', async () => {
        const twin = await startTwinApp(t);
        try {
          const bus = twin.ctx.notifications as PostgresNotificationBus;
          const reader = await buildUser(t, { role: 'viewer' });
          const received: NotificationEvent['notification'][] = [];
          const unsubscribe = bus.subscribe(reader.id, (notification) => received.push(notification));
          await bus.ready();

          // A huge target name makes the event too large to travel: only its id does.
          await shareWith(reader, `Big ${'x'.repeat(9000)}`);
          await waitFor(() => received.length === 1);
          assert.ok(received[0]?.share?.target_name.startsWith('Big x'));

          // The database drops the LISTEN connection (as on a restart): the bus reconnects.
          const pid = bus.listenerPid;
          assert.ok(pid);
          const admin = new pg.Client({ connectionString: POSTGRES_URL });
          await admin.connect();
          await admin.query('select pg_terminate_backend($1)', [pid]);
          await admin.end();
          await waitFor(() => bus.listenerPid !== undefined && bus.listenerPid !== pid);
          await shareWith(reader, 'After reconnect');
          await waitFor(() => received.length === 2);
          assert.equal(received[1]?.share?.target_name, 'After reconnect');
          unsubscribe();
        } finally {
          await twin.close();
        }
      });

      it('keeps schemas apart: an app on another schema hears nothing', async () => {
        const stranger = await startTestApp('postgres');
        try {
          const reader = await buildUser(t, { role: 'viewer' });
          const heard: unknown[] = [];
          const unsubscribe = stranger.ctx.notifications.subscribe(reader.id, (n) => heard.push(n));
          await stranger.ctx.notifications.ready();
          const mine: unknown[] = [];
          const twin = await startTwinApp(t);
          const unsubscribeTwin = twin.ctx.notifications.subscribe(reader.id, (n) => mine.push(n));
          await twin.ctx.notifications.ready();
          await shareWith(reader, 'Private to this schema');
          await waitFor(() => mine.length === 1);
          assert.equal(heard.length, 0);
          unsubscribe();
          unsubscribeTwin();
          await twin.close();
        } finally {
          await stranger.close();
        }
      });
    }
  });
}

/** Polls a condition (events arrive asynchronously); fails after a few seconds. */
async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
