// Reads the property registry of an access group: every configuration with something in a slot, among
// the services the group and its children hold.
import type { Kysely } from 'kysely';
import type { RegistryEntry } from '@candela/contract';
import type { Database } from '../../db/schema.js';
import { loadDocuments, versionKey } from '../../feed/snapshot-source.js';
import { registryEntries } from './registry-rules.js';
import type { RegistrySource } from './registry-rules.js';

export async function loadRegistry(db: Kysely<Database>, groupIds: readonly string[]): Promise<RegistryEntry[]> {
  if (groupIds.length === 0) return [];
  const rows = await db
    .selectFrom('configuration_slots as s')
    .innerJoin('configurations as c', 'c.id', 's.configuration_id')
    .select(['s.configuration_id', 'c.name', 'c.scid', 's.staging_version', 's.current_version', 's.candidate_version', 's.candidate_percent'])
    .where((eb) =>
      eb.or([
        eb('c.scid', 'in', eb.selectFrom('services').select('services.scid').where('services.access_group_id', 'in', [...groupIds])),
        eb('c.scid', 'in', eb.selectFrom('access_group_services').select('access_group_services.scid').where('access_group_services.access_group_id', 'in', [...groupIds])),
      ]),
    )
    .execute();
  const docs = await loadDocuments(
    db,
    rows.flatMap((r) => [r.staging_version, r.current_version, r.candidate_version].filter((v): v is number => v !== null).map((version) => ({ configurationId: r.configuration_id, version }))),
  );
  const slot = (id: string, version: number | null) => {
    const document = version === null ? undefined : docs.get(versionKey(id, version));
    return version === null || document === undefined ? null : { version, document };
  };
  const sources: RegistrySource[] = rows.map((r) => {
    const candidate = slot(r.configuration_id, r.candidate_version);
    return {
      configurationId: r.configuration_id,
      configurationName: r.name,
      scid: r.scid,
      staging: slot(r.configuration_id, r.staging_version),
      current: slot(r.configuration_id, r.current_version),
      candidate: candidate === null ? null : { ...candidate, percent: r.candidate_percent ?? 0 },
    };
  });
  return registryEntries(sources);
}
