// Invalidation sweeps (invalidation-in-force.ts) take turns, one at a time per process, each started from
// the event loop's check phase. A sweep is a synchronous pass over up to 100,000s of entries (tens of ms);
// the edges of one process (a bench host runs ten) share one thread, and an edge that has not yet read its
// invalidation from the feed must not wait behind every other edge's sweep to put it in force. Between two
// turns the loop polls for I/O, so a feed event, an ack or a request waits for one sweep at most.
import { setImmediate as nextTurn } from 'node:timers/promises';

let queue: Promise<unknown> = Promise.resolve();

/** Runs `sweep` after every sweep queued before it, and after pending I/O has been polled. */
export function inTurn<T>(sweep: () => Promise<T>): Promise<T> {
  const run = queue.then(async () => {
    await nextTurn();
    return sweep();
  });
  // The queue goes on whatever this sweep does; its caller sees its own outcome.
  queue = run.catch(() => undefined);
  return run;
}
