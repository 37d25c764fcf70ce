import assert from 'node:assert/strict';
import { test } from 'node:test';
import { every } from './periodic.js';

test('periodic job: runs at once, then on the interval, never overlapping; a failure does not stop it', async () => {
  let active = 0;
  let maxActive = 0;
  let runs = 0;
  const errors: unknown[] = [];
  const job = every(
    5,
    async () => {
      runs += 1;
      active += 1;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setTimeout(r, 12));
      active -= 1;
      if (runs === 1) throw new Error('first run fails');
    },
    (e) => errors.push(e),
  );
  await new Promise((r) => setTimeout(r, 80));
  await job.stop();
  const after = runs;
  await new Promise((r) => setTimeout(r, 30));
  assert.ok(after >= 3, `ran ${after} times`);
  assert.equal(maxActive, 1);
  assert.equal(errors.length, 1);
  assert.equal(runs, after, 'no run after stop');
});
