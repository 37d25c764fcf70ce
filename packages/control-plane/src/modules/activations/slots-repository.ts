// configuration_slots and active_aliases: what a configuration serves now, and the aliases it holds.
import type { Kysely } from 'kysely';
import type { Network } from '@candela/contract';
import type { Database } from '../../db/schema.js';
import type { SlotState } from './slot-rules.js';
import { EMPTY_SLOTS } from './slot-rules.js';

export async function readSlots(db: Kysely<Database>, configurationId: string): Promise<SlotState> {
  const row = await db.selectFrom('configuration_slots').selectAll().where('configuration_id', '=', configurationId).executeTakeFirst();
  if (row === undefined) return EMPTY_SLOTS;
  const candidate = row.candidate_version === null || row.candidate_percent === null ? null : { version: row.candidate_version, percent: row.candidate_percent };
  return { staging: row.staging_version, current: row.current_version, candidate };
}

export async function writeSlots(db: Kysely<Database>, configurationId: string, slots: SlotState, nowMs: number): Promise<void> {
  const values = {
    staging_version: slots.staging,
    current_version: slots.current,
    candidate_version: slots.candidate?.version ?? null,
    candidate_percent: slots.candidate?.percent ?? null,
    updated_at: nowMs,
  };
  await db
    .insertInto('configuration_slots')
    .values({ configuration_id: configurationId, ...values })
    .onConflict((oc) => oc.column('configuration_id').doUpdateSet(values))
    .execute();
}

/** Who holds each of these aliases in the network now. */
export async function aliasHolders(db: Kysely<Database>, network: Network, aliases: readonly string[]): Promise<Map<string, string>> {
  const holders = new Map<string, string>();
  for (let i = 0; i < aliases.length; i += 500) {
    const rows = await db.selectFrom('active_aliases').select(['alias', 'configuration_id']).where('network', '=', network).where('alias', 'in', aliases.slice(i, i + 500)).execute();
    for (const row of rows) holders.set(row.alias, row.configuration_id);
  }
  return holders;
}

/** alias → the SCID holding it in `network`, for the aliases held there. */
export async function aliasServices(db: Kysely<Database>, network: Network, aliases: readonly string[]): Promise<Map<string, string>> {
  const holders = new Map<string, string>();
  for (let i = 0; i < aliases.length; i += 500) {
    const rows = await db.selectFrom('active_aliases').select(['alias', 'scid']).where('network', '=', network).where('alias', 'in', aliases.slice(i, i + 500)).execute();
    for (const row of rows) holders.set(row.alias, row.scid);
  }
  return holders;
}

export async function aliasesHeldBy(db: Kysely<Database>, configurationId: string): Promise<{ alias: string; network: Network }[]> {
  return db.selectFrom('active_aliases').select(['alias', 'network']).where('configuration_id', '=', configurationId).orderBy('network').orderBy('alias').execute();
}

/** The configuration holds exactly `held` (alias, network) pairs from now on; `networks` says which networks are replaced. */
export async function replaceAliases(
  db: Kysely<Database>,
  input: { configurationId: string; scid: string; networks: readonly Network[]; held: readonly { alias: string; network: Network }[] },
): Promise<void> {
  if (input.networks.length === 0) return;
  await db.deleteFrom('active_aliases').where('configuration_id', '=', input.configurationId).where('network', 'in', [...input.networks]).execute();
  const rows = input.held.filter((h) => input.networks.includes(h.network)).map((h) => ({ alias: h.alias, network: h.network, configuration_id: input.configurationId, scid: input.scid }));
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('active_aliases').values(rows.slice(i, i + 500)).execute();
}
