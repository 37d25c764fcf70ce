import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RateLimiter } from './rate-limiter.js';

test('rate limiter: allows max hits per window per key, then says when to retry', () => {
  let now = 1_000_000;
  const limiter = new RateLimiter({ max: 3, windowMs: 60_000 }, () => now);
  for (let i = 0; i < 3; i++) assert.deepEqual(limiter.hit('a'), { allowed: true });
  now += 15_000;
  assert.deepEqual(limiter.hit('a'), { allowed: false, retryAfterS: 45 });
  assert.deepEqual(limiter.hit('b'), { allowed: true }, 'keys are counted apart');
  now += 45_000;
  assert.deepEqual(limiter.hit('a'), { allowed: true }, 'a new window starts');
});
