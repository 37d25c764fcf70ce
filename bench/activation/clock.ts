// One clock for every process of the benchmark: the runner takes t0 when the activation API call
// returns, the edge hosts take the moment each edge swaps in the new document. performance.timeOrigin +
// performance.now() is wall-clock based (so comparable between processes on one machine) with
// sub-millisecond resolution, unlike Date.now().
import { performance } from 'node:perf_hooks';

export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}
