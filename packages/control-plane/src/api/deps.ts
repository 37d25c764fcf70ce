// What the API's routes are given: the database, the settings, the clock and the few shared services.
// One object, built by platform.ts for the server and by test-app.ts for tests.
import type { Kysely } from 'kysely';
import type { ControlPlaneConfig } from '../config.js';
import type { Database } from '../db/schema.js';
import type { RateLimiter } from '../auth/rate-limiter.js';
import type { FeedHub } from '../feed/feed-hub.js';

export interface AppDeps {
  readonly db: Kysely<Database>;
  readonly config: ControlPlaneConfig;
  /** Epoch milliseconds; tests pass a settable clock. */
  readonly clock: () => number;
  /** Keys that seal API-key secrets, newest first (older ones while rotating). */
  readonly secretKeys: readonly Buffer[];
  /** Asks the mail sender to look at the outbox now rather than at its next tick. */
  readonly wakeMailSender: () => void;
  /** The feed (issue 4): wakes feed streams, the NATS publisher and the activation watcher after a commit. */
  readonly feed: FeedHub;
  readonly limiters: {
    /** Per client address and per e-mail address. */
    readonly signIn: RateLimiter;
    readonly passwordReset: RateLimiter;
    /** Per API key id, for signed requests. */
    readonly apiKey: RateLimiter;
  };
}
