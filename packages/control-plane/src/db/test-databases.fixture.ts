// Run by test-databases.test.ts in a child process (not a *.test.ts file, so the test command skips it):
// one trivial suite, to see what forEachDatabase does with the environment it is given.
import { it } from 'node:test';
import { forEachDatabase } from './test-databases.js';

forEachDatabase('fixture', ({ db }) => {
  void it('reads a migrated table', async () => {
    await db().selectFrom('users').select('id').execute();
  });
});
