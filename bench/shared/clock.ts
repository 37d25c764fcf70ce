// One clock for every process of a benchmark: the runner takes t0 when an API call returns, the edge
// hosts take the moment each edge did something. performance.timeOrigin + performance.now() is
// wall-clock based (so comparable between processes on one machine) with sub-millisecond resolution,
// unlike Date.now().
import { performance } from 'node:perf_hooks';

export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}
