import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { presentNotification } from '../../src/presenters/notification.presenter.js';
import type { NotificationEvent } from '../../src/services/notification-bus.js';
import { MAX_PAYLOAD_BYTES, packPayloads } from '../../src/services/pg-notification-bus.js';

// Packing NOTIFY payloads is pure computation: no database involved, so no dialect loop.

const ORIGIN = '6f1c2a9e-5d1b-4c7a-9a55-0d3e8f1b2c44';

function event(index: number, messageChars = 40): NotificationEvent {
  const row = {
    id: `notification-${index}`,
    user_id: `user-${index}`,
    share_id: `share-${index}`,
    notification_type: 'new_share' as const,
    message: `Ünïcödé ${'x'.repeat(messageChars)} #${index}`,
    is_read: 0 as const,
    dedupe_key: null,
    created_at: '2026-11-27T10:00:00.000Z',
  };
  const summary = { target_type: 'media' as const, target_name: 'Holiday', owner_username: 'alice' };
  return { userId: row.user_id, notification: presentNotification(row, summary) };
}

type Unpacked = { o: string; events?: NotificationEvent[]; ids?: string[] };

const unpack = (payloads: string[]) => payloads.map((payload) => JSON.parse(payload) as Unpacked);

describe('NOTIFY payload packing', () => {
  it('carries every event once, in order, each payload within the limit', () => {
    const events = Array.from({ length: 2000 }, (_, index) => event(index, index % 200));
    const payloads = packPayloads(ORIGIN, events);
    for (const payload of payloads) assert.ok(Buffer.byteLength(payload) <= MAX_PAYLOAD_BYTES);
    const carried = unpack(payloads).flatMap((payload) => {
      assert.equal(payload.o, ORIGIN);
      return payload.events ?? [];
    });
    assert.deepEqual(carried, events);
    // Packed tightly: no payload but the last could have taken the next event.
    const batches = unpack(payloads).map((payload) => payload.events ?? []);
    batches.slice(0, -1).forEach((batch, index) => {
      const next = batches[index + 1]?.[0];
      const withNext = Buffer.byteLength(payloads[index] ?? '') + 1 + Buffer.byteLength(JSON.stringify(next));
      assert.ok(withNext > MAX_PAYLOAD_BYTES, `payload ${index} had room for the next event`);
    });
    assert.ok(batches.length > 1);
  });

  it('sends an event too large for one payload as its id, and the others whole', () => {
    const events = [event(1), event(2, MAX_PAYLOAD_BYTES), event(3), event(4, MAX_PAYLOAD_BYTES * 2)];
    const unpacked = unpack(packPayloads(ORIGIN, events));
    assert.deepEqual(
      unpacked.flatMap((payload) => payload.events ?? []),
      [events[0], events[2]],
    );
    assert.deepEqual(
      unpacked.flatMap((payload) => payload.ids ?? []),
      ['notification-2', 'notification-4'],
    );
  });

  it('splits thousands of ids over payloads within the limit', () => {
    const events = Array.from({ length: 1500 }, (_, index) => event(index, MAX_PAYLOAD_BYTES));
    const payloads = packPayloads(ORIGIN, events);
    for (const payload of payloads) assert.ok(Buffer.byteLength(payload) <= MAX_PAYLOAD_BYTES);
    const ids = unpack(payloads).flatMap((payload) => payload.ids ?? []);
    assert.deepEqual(
      ids,
      events.map((item) => item.notification.id),
    );
    assert.ok(payloads.length > 1);
  });

  it('packs nothing for no events', () => {
    assert.deepEqual(packPayloads(ORIGIN, []), []);
  });
});
