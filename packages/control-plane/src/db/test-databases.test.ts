// forEachDatabase's promise to CI: PostgreSQL set but unreachable fails; unset says so out loud. Checked by
// running a one-test fixture in a child test runner with each environment.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const fixture = fileURLToPath(new URL('./test-databases.fixture.ts', import.meta.url));

function runFixture(postgresUrl: string | undefined): { status: number | null; output: string } {
  const env = { ...process.env };
  // The parent runner's marker would make the child report in its binary protocol instead of text.
  delete env['NODE_TEST_CONTEXT'];
  delete env['CANDELA_TEST_POSTGRES_URL'];
  if (postgresUrl !== undefined) env['CANDELA_TEST_POSTGRES_URL'] = postgresUrl;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', fixture], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: child.status, output: `${child.stdout}${child.stderr}` };
}

describe('forEachDatabase', () => {
  it('fails (does not skip) when CANDELA_TEST_POSTGRES_URL is set but the server cannot be reached', () => {
    const { status, output } = runFixture('postgres://postgres@127.0.0.1:1/test');
    assert.equal(status, 1, output);
    assert.match(output, /fixture \[sqlite\]/);
    assert.match(output, /✖ fixture \[postgres\]/);
    assert.match(output, /CANDELA_TEST_POSTGRES_URL is set but no test database could be created: .*ECONNREFUSED/);
    assert.match(output, /ℹ skipped 0/);
  });

  it('runs SQLite and says in one line that PostgreSQL was not run when the variable is unset', () => {
    const { status, output } = runFixture(undefined);
    assert.equal(status, 0, output);
    assert.match(output, /✔ fixture \[sqlite\]/);
    assert.doesNotMatch(output, /\[postgres\]/);
    assert.equal(output.match(/PostgreSQL variant NOT run: CANDELA_TEST_POSTGRES_URL is unset/g)?.length, 1, output);
  });
});
