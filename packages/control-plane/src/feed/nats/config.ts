// NATS settings for tests, read from the environment (only files named config.ts read process.env).
// CANDELA_NATS_URL itself belongs to the control plane's config.ts (loadConfig).
import type { Env } from '../../db/config.js';

/**
 * CANDELA_TEST_NATS_URL: a NATS server with JetStream where the tests may create and delete their own
 * streams (CI: nats://127.0.0.1:4222). Unset or blank: the NATS transport tests are not registered, and
 * the test file says so; set but unreachable: they fail.
 */
export function testNatsUrl(env: Env = process.env): string | undefined {
  const value = env['CANDELA_TEST_NATS_URL']?.trim();
  return value === undefined || value === '' ? undefined : value;
}
