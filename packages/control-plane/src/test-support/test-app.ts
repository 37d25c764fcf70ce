// A real control-plane app for route tests: a migrated database of each dialect (forEachDatabase), a
// settable clock, requests through fastify's inject() (the full HTTP pipeline without a socket), and
// helpers that create customers and users and sign them in. Tests assert on status codes and bodies
// exactly as a client sees them.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { after, before } from 'node:test';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../config.js';
import type { ControlPlaneConfig } from '../config.js';
import { forEachDatabase } from '../db/test-databases.js';
import type { DatabaseTestContext } from '../db/test-databases.js';
import { buildApp } from '../api/app.js';
import type { AppDeps } from '../api/deps.js';
import { RateLimiter } from '../auth/rate-limiter.js';
import { syncBuiltInRoles } from '../bootstrap/built-in-roles.js';
import { FeedHub } from '../feed/feed-hub.js';

export const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);

export interface TestApp extends DatabaseTestContext {
  readonly app: () => FastifyInstance;
  readonly deps: () => AppDeps;
  /** The app's clock; tests move it forward. */
  readonly clock: { now: number };
  readonly inject: (options: InjectOptions) => Promise<LightMyRequestResponse>;
}

export function testConfig(overrides: Partial<ControlPlaneConfig> = {}): ControlPlaneConfig {
  const dataDir = mkdtempSync(join(tmpdir(), 'candela-cp-test-'));
  return { ...loadConfig({ CANDELA_DATA_DIR: dataDir }), secretKey: randomBytes(32), ...overrides };
}

/** Like forEachDatabase, with an app on top; one app (and database) per suite. */
export function forEachApp(title: string, body: (t: TestApp) => void, configOverrides: Partial<ControlPlaneConfig> = {}): void {
  forEachDatabase(title, (ctx) => {
    const clock = { now: T0 };
    let app: FastifyInstance | undefined;
    let deps: AppDeps | undefined;
    before(async () => {
      const config = testConfig(configOverrides);
      const now = () => clock.now;
      await syncBuiltInRoles(ctx.db());
      deps = {
        db: ctx.db(),
        config,
        clock: now,
        secretKeys: [config.secretKey ?? randomBytes(32)],
        wakeMailSender: () => undefined,
        feed: new FeedHub(),
        limiters: {
          signIn: new RateLimiter({ max: 1000, windowMs: 60_000 }, now),
          passwordReset: new RateLimiter({ max: 1000, windowMs: 60_000 }, now),
          apiKey: new RateLimiter({ max: 1000, windowMs: 60_000 }, now),
        },
      };
      app = await buildApp(deps);
      await app.ready();
    });
    after(async () => {
      await app?.close();
    });
    const getApp = () => {
      if (app === undefined) throw new Error('the test app is not built (yet)');
      return app;
    };
    body({
      ...ctx,
      clock,
      app: getApp,
      deps: () => {
        if (deps === undefined) throw new Error('the test app is not built (yet)');
        return deps;
      },
      inject: (options) => getApp().inject(options),
    });
  });
}
