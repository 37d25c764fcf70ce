// Request coalescing: concurrent misses for one cache key make one origin fetch. The first request
// becomes the leader; the others wait (bounded by a timeout) and then look the key up again.
// When the leader's response turns out not to be storable, the key is remembered as "pass" for a
// while so later requests go straight to the origin instead of queueing behind each other.

export type FlightOutcome = 'stored' | 'pass' | 'error';
export type WaitOutcome = FlightOutcome | 'timeout';

export interface Leader {
  readonly role: 'leader';
  /** Wakes the waiters; must be called exactly once (later calls are ignored). */
  finish(outcome: FlightOutcome): void;
}
export interface Follower {
  readonly role: 'follower';
  readonly wait: Promise<WaitOutcome>;
}

/** The coordination contract; in cluster mode a primary-process implementation spans workers. */
export type Role = Leader | Follower | { readonly role: 'pass' };

export interface Collapser {
  /** Asynchronous because in cluster mode the coordinator lives in the primary process. */
  join(key: string, nowMs: number): Promise<Role>;
  /** Number of requests currently waiting behind a leader. */
  waiting(): number;
}

const MAX_PASS_KEYS = 100_000;

interface Flight {
  waiters: Array<(o: WaitOutcome) => void>;
}

export class LocalCollapser implements Collapser {
  readonly #flights = new Map<string, Flight>();
  readonly #passUntil = new Map<string, number>();
  #waiting = 0;

  constructor(
    private readonly opts: {
      /** Longest a follower waits for the leader before fetching on its own. */
      waitTimeoutMs: number;
      /** How long an uncacheable answer keeps the key out of coalescing. */
      passMs: number;
    },
  ) {}

  join(key: string, nowMs: number): Promise<Role> {
    return Promise.resolve(this.joinSync(key, nowMs));
  }

  joinSync(key: string, nowMs: number): Role {
    const until = this.#passUntil.get(key);
    if (until !== undefined) {
      if (until > nowMs) return { role: 'pass' };
      this.#passUntil.delete(key);
    }
    const flight = this.#flights.get(key);
    if (flight) return { role: 'follower', wait: this.#follow(flight) };
    const created: Flight = { waiters: [] };
    this.#flights.set(key, created);
    let finished = false;
    return {
      role: 'leader',
      finish: (outcome) => {
        if (finished) return;
        finished = true;
        if (this.#flights.get(key) === created) this.#flights.delete(key);
        if (outcome === 'pass') this.#rememberPass(key, nowMs + this.opts.passMs);
        for (const wake of created.waiters) wake(outcome);
      },
    };
  }

  waiting(): number {
    return this.#waiting;
  }

  /** Bounded: past MAX_PASS_KEYS the oldest remembered keys are forgotten (they only cost a collapse). */
  #rememberPass(key: string, untilMs: number): void {
    this.#passUntil.delete(key);
    this.#passUntil.set(key, untilMs);
    if (this.#passUntil.size > MAX_PASS_KEYS) {
      const oldest = this.#passUntil.keys().next().value;
      if (oldest !== undefined) this.#passUntil.delete(oldest);
    }
  }

  /** Keys remembered as uncacheable (for tests and metrics). */
  passKeys(): number {
    return this.#passUntil.size;
  }

  #follow(flight: Flight): Promise<WaitOutcome> {
    this.#waiting++;
    return new Promise<WaitOutcome>((resolve) => {
      let settled = false;
      const settle = (o: WaitOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.#waiting--;
        resolve(o);
      };
      const timer = setTimeout(() => settle('timeout'), this.opts.waitTimeoutMs);
      timer.unref();
      flight.waiters.push(settle);
    });
  }
}
