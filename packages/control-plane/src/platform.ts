// One control-plane process: database (migrated at start), built-in roles, the server key, the mail
// sender, the background jobs (activation and invalidation watchers, feed pruner, API-key lifecycle, the
// NATS publisher when configured), and the HTTP app (API + portal) listening. `candela start` and
// `candela control-plane` both use this; tests that need a real socket do too.
import type { FastifyInstance } from 'fastify';
import type { ControlPlaneConfig } from './config.js';
import { openDatabase } from './db/database.js';
import type { DatabaseHandle } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { buildApp } from './api/app.js';
import type { AppDeps } from './api/deps.js';
import { RateLimiter } from './auth/rate-limiter.js';
import { syncBuiltInRoles } from './bootstrap/built-in-roles.js';
import { loadOrCreateSecretKey } from './bootstrap/secret-key.js';
import { startMailSender } from './jobs/mail-sender.js';
import { runApiKeyLifecycle } from './jobs/api-key-lifecycle.js';
import { every } from './jobs/periodic.js';
import type { MailSender } from './jobs/mail-sender.js';
import { selectMailTransport } from './modules/mail/select-transport.js';
import { FeedHub } from './feed/feed-hub.js';
import { startNatsPublisher } from './feed/nats/nats-publisher.js';
import type { NatsPublisher } from './feed/nats/nats-publisher.js';
import { startActivationWatcher } from './jobs/activation-watcher.js';
import { startInvalidationWatcher } from './jobs/invalidation-watcher.js';
import { pruneFeed } from './jobs/feed-pruner.js';
import { enrolmentToken } from './modules/edges/enrolment-token.js';
import { mailFolder } from './modules/mail/folder-transport.js';

export interface PlatformOptions {
  /** The built portal; omitted, only the API is served. */
  readonly portalDir?: string | undefined;
  readonly clock?: () => number;
  /** Start-up hook run after migrations, before listening (e.g. seeding the demo organisation). */
  readonly beforeListen?: (handle: DatabaseHandle) => Promise<void>;
}

export interface ControlPlane {
  readonly app: FastifyInstance;
  readonly database: DatabaseHandle;
  /** http://host:port of the listening socket. */
  readonly url: string;
  readonly mailFolder: string | undefined;
  readonly mail: MailSender;
  /** The token edges enrol with (CANDELA_EDGE_ENROLMENT_TOKEN, or generated into the data directory). */
  readonly edgeEnrolmentToken: string;
  close(): Promise<void>;
}

/** Limits per process; see docs/api.md "Rate limits". */
function limiters(clock: () => number): AppDeps['limiters'] {
  return {
    signIn: new RateLimiter({ max: 10, windowMs: 60_000 }, clock),
    passwordReset: new RateLimiter({ max: 5, windowMs: 15 * 60_000 }, clock),
    apiKey: new RateLimiter({ max: 6_000, windowMs: 60_000 }, clock),
  };
}

export async function startControlPlane(config: ControlPlaneConfig, options: PlatformOptions = {}): Promise<ControlPlane> {
  const clock = options.clock ?? Date.now;
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    await syncBuiltInRoles(database.db);
    await options.beforeListen?.(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  const secretKey = config.secretKey ?? loadOrCreateSecretKey(config.dataDir);
  // Created now rather than at the first enrolment, so the operator (and `candela start`) can read it.
  const edgeEnrolmentToken = enrolmentToken(config);
  const transport = selectMailTransport({ dataDir: config.dataDir, smtpUrl: config.smtpUrl, from: config.mailFrom });
  const mail = startMailSender({ db: database.db, transport, clock, intervalMs: 5_000 });
  // Anything left in the outbox by a previous run goes out now, not one interval later.
  mail.wake();
  const deps: AppDeps = {
    db: database.db,
    config,
    clock,
    secretKeys: [secretKey],
    wakeMailSender: () => mail.wake(),
    feed: new FeedHub(),
    limiters: limiters(clock),
  };
  const app = await buildApp(deps, { portalDir: options.portalDir, logger: config.logLevel === 'silent' ? false : { level: config.logLevel } });
  // domain.md §1 API-key inactivity (warn at 90 days, disable at 120, delete at 180): hourly is plenty.
  const keyLifecycle = every(
    3_600_000,
    () => runApiKeyLifecycle({ db: database.db, nowMs: clock(), publicUrl: config.publicUrl, wakeMailSender: () => mail.wake() }),
    (error) => app.log.error({ err: error }, 'API-key lifecycle run failed'),
  );
  // Issues 4 and 5: superseded snapshots are never sent again, invalidation events expire after the feed's
  // retention (feed-pruner.ts); a few minutes apart is plenty.
  const feedPruner = every(
    300_000,
    () => pruneFeed(database.db, clock()),
    (error) => app.log.error({ err: error }, 'feed pruning failed'),
  );
  // Issue 4: settle activations as edges report; publish the feed to NATS JetStream when configured.
  const watcher = startActivationWatcher({ db: database.db, hub: deps.feed, clock, deadlineMs: config.activationDeadlineMs, logger: app.log });
  // Issue 5: complete invalidations as edges ack them (notify mails), alert on those open 12 hours.
  const invalidations = startInvalidationWatcher({ db: database.db, hub: deps.feed, clock, publicUrl: config.publicUrl, wakeMailSender: () => mail.wake(), logger: app.log });
  const natsPublisher: NatsPublisher | undefined =
    config.natsUrl === undefined ? undefined : startNatsPublisher({ url: config.natsUrl, db: database.db, hub: deps.feed, logger: app.log });
  const close = async () => {
    await watcher.stop();
    await invalidations.stop();
    await natsPublisher?.stop();
    await keyLifecycle.stop();
    await feedPruner.stop();
    await app.close();
    await mail.stop();
    await transport.close();
    await database.close();
  };
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return {
    app,
    database,
    url: `http://${host}:${port}`,
    mailFolder: config.smtpUrl === undefined ? mailFolder(config.dataDir) : undefined,
    mail,
    edgeEnrolmentToken,
    close,
  };
}
