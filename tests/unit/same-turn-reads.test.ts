import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { SameTurnReads } from '../../src/services/same-turn-reads.js';

// Pure scheduling: no database involved, so no dialect loop.

function countingReads() {
  const started: string[] = [];
  const reads = new SameTurnReads(async (key: string) => {
    started.push(key);
    return { key, read: started.length };
  });
  return { started, reads };
}

describe('reads shared within one event-loop turn', () => {
  it('runs one read for every caller of the same key in the same turn, and shares its value', async () => {
    const { started, reads } = countingReads();
    const values = await Promise.all([reads.get('a'), reads.get('a'), reads.get('a'), reads.get('b')]);
    assert.deepEqual(started, ['a', 'b']);
    assert.equal(values[0], values[1]);
    assert.equal(values[1], values[2]);
    assert.deepEqual(values[3], { key: 'b', read: 2 });
  });

  it('starts the read only after the turn, so it never reads before a caller arrived', async () => {
    const { started, reads } = countingReads();
    const first = reads.get('a');
    assert.deepEqual(started, [], 'nothing is read while the turn still takes callers');
    const second = reads.get('a');
    await Promise.all([first, second]);
    assert.deepEqual(started, ['a']);
  });

  it('gives a caller that comes after the read was sent a read of its own', async () => {
    const { started, reads } = countingReads();
    const first = reads.get('a');
    await nextTurn();
    const later = reads.get('a');
    assert.notEqual(await first, await later);
    assert.deepEqual(started, ['a', 'a']);
  });

  it('hands a failed read to every caller that shared it, and forgets it', async () => {
    let fail = true;
    const reads = new SameTurnReads(async (key: string) => {
      if (fail) throw new Error(`database unavailable for ${key}`);
      return key;
    });
    const outcomes = await Promise.allSettled([reads.get('a'), reads.get('a')]);
    assert.deepEqual(
      outcomes.map((outcome) => outcome.status),
      ['rejected', 'rejected'],
    );
    fail = false;
    assert.equal(await reads.get('a'), 'a');
  });
});
