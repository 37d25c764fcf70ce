// A fixed-window request counter per key (client address, e-mail, API key id). In memory and per process:
// it bounds guessing and abuse on one instance; the account lockout (account-rules.ts) is the durable
// defence against password guessing. The clock is passed in so tests need no waiting.

export interface RateLimit {
  readonly max: number;
  readonly windowMs: number;
}

export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterS: number };

export class RateLimiter {
  private readonly windows = new Map<string, { startMs: number; count: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: () => number,
  ) {}

  hit(key: string): RateDecision {
    const now = this.clock();
    let window = this.windows.get(key);
    if (window === undefined || now - window.startMs >= this.limit.windowMs) {
      if (this.windows.size > 100_000) this.sweep(now);
      window = { startMs: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    if (window.count <= this.limit.max) return { allowed: true };
    return { allowed: false, retryAfterS: Math.max(1, Math.ceil((window.startMs + this.limit.windowMs - now) / 1000)) };
  }

  /** Drops finished windows so a flood of distinct keys cannot grow the map without bound. */
  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (now - window.startMs >= this.limit.windowMs) this.windows.delete(key);
  }
}
