// The invalidation API's limits per access group (contract INVALIDATION_LIMITS: 60 requests in any minute,
// 10,000 items in any hour) apply to the benchmark like to any customer, and the control plane has no
// setting to lift them. The runner therefore paces itself by the control plane's own rule
// (rate-limit-rules.ts, pure), fed with the requests it made to this cell's control plane (each cell has
// a fresh one, so nothing else counts): a request that would be refused waits until it fits. With the
// defaults (22 requests of 1 item per cell, each one after the previous had reached every edge) it never
// has to. Pure: times in, a wait out.
import { invalidationRateDecision } from '../../packages/control-plane/src/modules/invalidations/rate-limit-rules.js';
import type { RecentRequest } from '../../packages/control-plane/src/modules/invalidations/rate-limit-rules.js';

export type { RecentRequest };

/**
 * Added to any wait: the control plane stamps a request when it handles it, a little after the runner
 * sent it, so the runner's record would let the request leave the window a little too early.
 */
export const PACE_MARGIN_MS = 250;

/** How long to wait before asking for an invalidation of `items` items at `nowMs`; 0: now. */
export function paceMs(sent: readonly RecentRequest[], nowMs: number, items: number): number {
  const d = invalidationRateDecision({ nowMs, items, recent: sent });
  return d.allowed ? 0 : d.retryAfterS * 1000 + PACE_MARGIN_MS;
}
