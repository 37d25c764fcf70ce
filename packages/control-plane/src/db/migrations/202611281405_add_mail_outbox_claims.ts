// Mail outbox claims: several control-plane processes may share one database, and each runs the mail
// sender. A sender first claims a message (claimed_by = its id, claimed_until = the end of its lease) with
// one conditional UPDATE, and only then sends it, so no two processes send the same message. A sender that
// crashes holds its claims only until the lease ends; another process then picks the messages up. After a
// failed delivery claimed_until is the time of the next attempt, which every process therefore honours.
//
// Both columns are nullable with no default: rows written before this migration are unclaimed, and so due
// at once. One column per statement: SQLite's ALTER TABLE adds (and drops) a single column at a time.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('mail_outbox').addColumn('claimed_by', 'text').execute();
  await db.schema.alterTable('mail_outbox').addColumn('claimed_until', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('mail_outbox').dropColumn('claimed_until').execute();
  await db.schema.alterTable('mail_outbox').dropColumn('claimed_by').execute();
}
