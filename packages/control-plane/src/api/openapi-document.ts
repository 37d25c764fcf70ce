// The OpenAPI document as the running app serves it at /api/docs/json, built from a throwaway app on an
// in-memory database. Committed as packages/contract/openapi.json; openapi.test.ts fails when the code
// and the committed file disagree (house rule 9), and `npm run openapi` rewrites it.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.js';
import { loadConfig } from '../config.js';
import { openDatabase, SQLITE_MEMORY } from '../db/database.js';
import { RateLimiter } from '../auth/rate-limiter.js';
import { FeedHub } from '../feed/feed-hub.js';

export const OPENAPI_FILE = fileURLToPath(new URL('../../../contract/openapi.json', import.meta.url));

export async function buildOpenApiDocument(): Promise<string> {
  const database = await openDatabase({ url: `sqlite:${SQLITE_MEMORY}`, dataDir: '.' });
  const clock = () => 0;
  const limiter = new RateLimiter({ max: 1, windowMs: 1 }, clock);
  const app = await buildApp({
    db: database.db,
    config: loadConfig({}),
    clock,
    secretKeys: [randomBytes(32)],
    wakeMailSender: () => undefined,
    feed: new FeedHub(),
    limiters: { signIn: limiter, passwordReset: limiter, apiKey: limiter },
  });
  try {
    await app.ready();
    return JSON.stringify(app.swagger(), null, 2) + '\n';
  } finally {
    await app.close();
    await database.close();
  }
}
