// When an edge on the NATS transport has caught up (issue 5): the stream's last sequence on the feed's
// subjects, measured at the start of a session and after each reconnect, against what the consumer has
// delivered and acked and what the edge has handled since.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CatchUpTracker } from './nats-feed.js';

function tracker() {
  const events: string[] = [];
  return { t: new CatchUpTracker(() => events.push('caught-up')), events };
}

describe('CatchUpTracker', () => {
  it('an empty stream, or a consumer already acked through its end, is caught up at once', () => {
    const a = tracker();
    a.t.measured(0, 0);
    assert.deepEqual(a.events, ['caught-up']);
    const b = tracker();
    b.t.measured(7, 7);
    assert.deepEqual(b.events, ['caught-up']);
  });

  it('otherwise once the message with the measured sequence has been handled, not before', () => {
    const { t, events } = tracker();
    t.measured(9, 5);
    t.handled(8);
    assert.deepEqual(events, []);
    t.handled(9);
    assert.deepEqual(events, ['caught-up']);
    t.handled(10);
    assert.deepEqual(events, ['caught-up'], 'once');
  });

  it('a message handled before the measurement counts', () => {
    const { t, events } = tracker();
    t.handled(12);
    t.measured(12, 3);
    assert.deepEqual(events, ['caught-up']);
  });

  it('after a lost connection nothing is caught up until measured again', () => {
    const { t, events } = tracker();
    t.measured(4, 2);
    t.lost();
    t.handled(4);
    assert.deepEqual(events, []);
    t.measured(4, 4);
    assert.deepEqual(events, ['caught-up']);
  });
});
