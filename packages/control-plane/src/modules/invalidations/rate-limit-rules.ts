// The per-access-group limits of content invalidation (contract INVALIDATION_LIMITS, docs/api.md): at most
// requestsPerMinutePerGroup requests in any 60 s and itemsPerHourPerGroup items (paths, tags, or the
// properties of a whole-property request) in any hour, as sliding windows over the group's own requests.
// Pure: the group's recent requests (read from the invalidations table, so every control-plane process
// counts the same ones) and the clock in, a decision out; over a limit, how long until the request fits.
import { INVALIDATION_LIMITS } from '@candela/contract';

export const REQUEST_WINDOW_MS = 60_000;
export const ITEM_WINDOW_MS = 3_600_000;

export interface RecentRequest {
  readonly createdAtMs: number;
  readonly items: number;
}

export interface InvalidationLimits {
  readonly requestsPerMinute: number;
  readonly itemsPerHour: number;
}

export const DEFAULT_LIMITS: InvalidationLimits = {
  requestsPerMinute: INVALIDATION_LIMITS.requestsPerMinutePerGroup,
  itemsPerHour: INVALIDATION_LIMITS.itemsPerHourPerGroup,
};

export type RateDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly limit: 'requests-per-minute' | 'items-per-hour'; readonly retryAfterS: number };

/** A request made at `createdAtMs` still counts at `nowMs` (one from a clock ahead of ours counts too). */
function inWindow(request: RecentRequest, nowMs: number, windowMs: number): boolean {
  return nowMs - request.createdAtMs < windowMs;
}

/** How long until enough of `requests` (oldest first) leave the window for `fits` to hold; 0 if it holds. */
function waitMs(requests: readonly RecentRequest[], nowMs: number, windowMs: number, fits: (left: readonly RecentRequest[]) => boolean): number {
  const sorted = requests.filter((r) => inWindow(r, nowMs, windowMs)).sort((a, b) => a.createdAtMs - b.createdAtMs);
  for (let gone = 0; gone <= sorted.length; gone++) {
    if (fits(sorted.slice(gone))) return gone === 0 ? 0 : sorted[gone - 1]!.createdAtMs + windowMs - nowMs;
  }
  // Not even an empty window fits (a request larger than the hourly limit): a whole window, every time.
  return windowMs;
}

export function invalidationRateDecision(input: { nowMs: number; items: number; recent: readonly RecentRequest[]; limits?: InvalidationLimits }): RateDecision {
  const limits = input.limits ?? DEFAULT_LIMITS;
  const requestWait = waitMs(input.recent, input.nowMs, REQUEST_WINDOW_MS, (left) => left.length < limits.requestsPerMinute);
  const itemWait = waitMs(input.recent, input.nowMs, ITEM_WINDOW_MS, (left) => left.reduce((sum, r) => sum + r.items, 0) + input.items <= limits.itemsPerHour);
  if (requestWait === 0 && itemWait === 0) return { allowed: true };
  const limit = requestWait >= itemWait ? 'requests-per-minute' : 'items-per-hour';
  return { allowed: false, limit, retryAfterS: Math.max(1, Math.ceil(Math.max(requestWait, itemWait) / 1000)) };
}
