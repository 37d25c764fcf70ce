// Activations in the database: one row per request to move a version, with its propagation status.
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ActivationsTable } from '../../db/schema-configurations.js';

export type ActivationRow = Selectable<ActivationsTable>;

export async function findActivation(db: Kysely<Database>, id: string): Promise<ActivationRow | undefined> {
  return db.selectFrom('activations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Newest first; `after` is the (created_at, id) of the previous page's last row. */
export async function pageActivations(db: Kysely<Database>, input: { configurationId: string; after: readonly [number, string] | undefined; limit: number }): Promise<{ rows: ActivationRow[]; more: boolean }> {
  let query = db.selectFrom('activations').selectAll().where('configuration_id', '=', input.configurationId);
  const after = input.after;
  if (after !== undefined) {
    query = query.where((eb) => eb.or([eb('created_at', '<', after[0]), eb.and([eb('created_at', '=', after[0]), eb('id', '<', after[1])])]));
  }
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(input.limit + 1).execute();
  return { rows: rows.slice(0, input.limit), more: rows.length > input.limit };
}

export async function propagatingActivations(db: Kysely<Database>): Promise<ActivationRow[]> {
  return db.selectFrom('activations').selectAll().where('status', '=', 'propagating').orderBy('created_at').execute();
}

/** An older activation still propagating when a newer one of the same configuration is made. */
export async function supersedePropagating(db: Kysely<Database>, configurationId: string, nowMs: number): Promise<void> {
  await db.updateTable('activations').set({ status: 'superseded', finished_at: nowMs }).where('configuration_id', '=', configurationId).where('status', '=', 'propagating').execute();
}

/** Aliases freed by other configurations' activations still propagating (alias-rules.ts "reserved"), in one network. */
export async function reservedAliases(
  db: Kysely<Database>,
  input: { network: string; exceptConfigurationId: string; decode: (text: string) => { aliases: readonly { alias: string; network: string }[] } },
): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('activations')
    .select(['configuration_id', 'previous_slots'])
    .where('status', '=', 'propagating')
    .where('configuration_id', '<>', input.exceptConfigurationId)
    .execute();
  const { network, decode } = input;
  const reserved = new Map<string, string>();
  for (const row of rows) for (const a of decode(row.previous_slots).aliases) if (a.network === network) reserved.set(a.alias, row.configuration_id);
  return reserved;
}

/** Sets status (and the rest) only if the activation is still propagating; false when someone else settled it first. */
export async function settle(db: Kysely<Database>, id: string, changes: { status: ActivationRow['status']; edges_done: number; edges_total: number; finished_at: number; reason_code?: string; reason_detail?: string }): Promise<boolean> {
  const result = await db.updateTable('activations').set(changes).where('id', '=', id).where('status', '=', 'propagating').executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function recordProgress(db: Kysely<Database>, id: string, progress: { edges_done: number; edges_total: number }): Promise<void> {
  await db.updateTable('activations').set(progress).where('id', '=', id).where('status', '=', 'propagating').execute();
}
