// Runs the migrations of migrations/index.ts. Kysely's Migrator never throws; these wrappers do, naming
// each migration that failed, so start-up stops with the reason instead of serving a half-built schema.
import { Migrator, NO_MIGRATIONS } from 'kysely';
import type { Kysely, MigrationResultSet } from 'kysely';
import { describeError } from './errors.js';
import { migrationProvider } from './migrations/index.js';

export interface MigrationRun {
  /** Names of the migrations that ran, in the order they ran. */
  readonly applied: readonly string[];
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(
    message: string,
    readonly failed: readonly string[],
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

// The schema type does not matter to the migrator, and a Kysely<Database> is what callers hold.
function migrator<DB>(db: Kysely<DB>): Migrator {
  return new Migrator({ db, provider: migrationProvider });
}

function outcome(direction: 'up' | 'down', set: MigrationResultSet): MigrationRun {
  const results = set.results ?? [];
  if (set.error === undefined) return { applied: results.map((r) => r.migrationName) };
  const failed = results.filter((r) => r.status === 'Error').map((r) => r.migrationName);
  const notRun = results.filter((r) => r.status === 'NotExecuted').map((r) => r.migrationName);
  const parts = [
    failed.length > 0 ? `failed: ${failed.join(', ')}` : 'failed before any migration ran',
    notRun.length > 0 ? `not run: ${notRun.join(', ')}` : undefined,
    `cause: ${describeError(set.error)}`,
  ].filter((p) => p !== undefined);
  throw new MigrationError(`migrating ${direction}: ${parts.join('; ')}`, failed, { cause: set.error });
}

/** Applies every migration not yet applied. */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<MigrationRun> {
  return outcome('up', await migrator(db).migrateToLatest());
}

/** Undoes the last `steps` applied migrations (all of them if steps is at least their number). */
export async function migrateDown<DB>(db: Kysely<DB>, steps: number): Promise<MigrationRun> {
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps must be a positive integer, got ${steps}`);
  const m = migrator(db);
  const executed = (await m.getMigrations()).filter((info) => info.executedAt !== undefined).map((info) => info.name);
  if (executed.length === 0) return { applied: [] };
  // One migrateTo call takes the migration lock once for the whole walk down.
  const target = executed[executed.length - 1 - steps] ?? NO_MIGRATIONS;
  return outcome('down', await m.migrateTo(target));
}
