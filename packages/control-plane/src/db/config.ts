// Database settings read from the environment. Only files named config.ts read process.env (house rule
// 7); the environment is a parameter (process.env by default), so tests pass their own.
// CANDELA_DATABASE_URL belongs to the control plane's own config.ts (loadConfig), which hands the URL to
// openDatabase.

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * CANDELA_TEST_POSTGRES_URL: a PostgreSQL server on which the tests may create and drop their own
 * databases (e.g. postgres://postgres@127.0.0.1:5432/test). Unset or blank: the PostgreSQL variant of the
 * database tests does not run, and the test helper says so.
 */
export function testPostgresUrl(env: Env = process.env): string | undefined {
  const value = env['CANDELA_TEST_POSTGRES_URL']?.trim();
  return value === undefined || value === '' ? undefined : value;
}
