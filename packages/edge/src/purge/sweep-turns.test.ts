// Invalidation sweeps take turns, one at a time per process, with the event loop free between two turns
// (a feed event of another edge is read between two sweeps, not after all of them).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inTurn } from './sweep-turns.js';

describe('sweep turns', () => {
  it('one sweep at a time, in the order asked; work queued during one runs before the next begins', async () => {
    const log: string[] = [];
    // Synchronous, as a store pass is: the callback it queues can only run between two turns.
    const sweep = (name: string) => () => {
      log.push(`${name} begins`);
      setImmediate(() => log.push(`callback queued by ${name}`));
      log.push(`${name} ends`);
      return Promise.resolve(name);
    };
    const results = await Promise.all([inTurn(sweep('a')), inTurn(sweep('b'))]);
    assert.deepEqual(results, ['a', 'b']);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(log, ['a begins', 'a ends', 'callback queued by a', 'b begins', 'b ends', 'callback queued by b']);
  });

  it('a failed sweep reaches its caller and the next one still runs', async () => {
    const failed = inTurn(() => Promise.reject(new Error('boom')));
    const next = inTurn(() => Promise.resolve('ran'));
    await assert.rejects(failed, /boom/);
    assert.equal(await next, 'ran');
  });

  it('nothing of a sweep runs in the turn it was asked in', async () => {
    let ran = false;
    const done = inTurn(() => {
      ran = true;
      return Promise.resolve();
    });
    await Promise.resolve();
    assert.equal(ran, false);
    await done;
    assert.equal(ran, true);
  });
});
