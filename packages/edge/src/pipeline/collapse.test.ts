// Unit tests of the coalescing table (the integration tests cover it end to end).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalCollapser } from './collapse.js';

describe('LocalCollapser', () => {
  test('the first request for a key leads, the next ones follow and wake with its outcome', async () => {
    const c = new LocalCollapser({ waitTimeoutMs: 1_000, passMs: 10_000 });
    const leader = c.joinSync('k', 0);
    const follower = c.joinSync('k', 0);
    assert.equal(leader.role, 'leader');
    assert.equal(follower.role, 'follower');
    assert.equal(c.waiting(), 1);
    if (leader.role === 'leader') leader.finish('stored');
    if (follower.role === 'follower') assert.equal(await follower.wait, 'stored');
    assert.equal(c.waiting(), 0);
    assert.equal(c.joinSync('k', 0).role, 'leader', 'a finished flight is gone');
  });

  test('an uncacheable answer lets later requests pass straight through until passMs has elapsed', () => {
    const c = new LocalCollapser({ waitTimeoutMs: 1_000, passMs: 10_000 });
    const leader = c.joinSync('k', 1_000);
    if (leader.role === 'leader') leader.finish('pass');
    assert.equal(c.joinSync('k', 5_000).role, 'pass');
    assert.equal(c.joinSync('k', 11_001).role, 'leader');
  });

  test('a follower stops waiting after the timeout', async () => {
    const c = new LocalCollapser({ waitTimeoutMs: 20, passMs: 10_000 });
    c.joinSync('k', 0);
    const follower = c.joinSync('k', 0);
    // The collapser's timer is unref'd (it must not keep a stopping edge alive); hold the loop open here.
    const hold = setTimeout(() => undefined, 1_000);
    if (follower.role === 'follower') assert.equal(await follower.wait, 'timeout');
    clearTimeout(hold);
  });

  test('the remembered uncacheable keys are bounded', () => {
    const c = new LocalCollapser({ waitTimeoutMs: 1_000, passMs: 10_000 });
    for (let i = 0; i < 100_010; i++) {
      const l = c.joinSync(`k${i}`, 0);
      if (l.role === 'leader') l.finish('pass');
    }
    assert.equal(c.passKeys(), 100_000);
  });
});
