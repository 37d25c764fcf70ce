// Reconnection delays for the feed: capped exponential back-off with "equal jitter" (half the delay
// fixed, half random), so an edge retries quickly after a blip but a fleet that lost its control plane
// neither hammers it nor comes back in lock-step. Pure: the random source is passed in.

export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
}

/** Delay before reconnection attempt `attempt` (0 = the first retry): within [ceiling / 2, ceiling]. */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
