// Test data for activations and the feed: configurations with versions written straight to the database
// (the configurations module's own routes are tested there), and small documents.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { configurationDocumentSchema } from '@candela/contract';
import type { ConfigurationDocumentInput } from '@candela/contract';
import type { Database } from '../../db/schema.js';

/** A document with one property per alias list, each to a demo origin, with a TTL naming the version. */
export function documentWith(...aliasLists: string[][]): ConfigurationDocumentInput {
  return {
    properties: aliasLists.map((aliases, i) => ({
      aliases,
      origin: { host: `origin-${i}.example`, protocol: 'http' as const },
      defaults: { cacheControl: { internal: { policy: 'ttl' as const, ttl: '5m' } } },
    })),
  };
}

export async function addVersion(db: Kysely<Database>, configurationId: string, document: ConfigurationDocumentInput, nowMs: number): Promise<number> {
  const latest = await db.selectFrom('configurations').select('latest_version').where('id', '=', configurationId).executeTakeFirstOrThrow();
  const version = latest.latest_version + 1;
  await db
    .insertInto('configuration_versions')
    .values({ configuration_id: configurationId, version, document: JSON.stringify(configurationDocumentSchema.parse(document)), comment: `v${version}`, created_by: 'fixture', created_at: nowMs })
    .execute();
  await db.updateTable('configurations').set({ latest_version: version }).where('id', '=', configurationId).execute();
  return version;
}

/** A configuration of `scid` with the given versions (1, 2, …); returns its id. */
export async function createConfiguration(db: Kysely<Database>, input: { scid: string; name?: string; versions: ConfigurationDocumentInput[]; nowMs: number }): Promise<string> {
  const id = `cfg_${randomUUID()}`;
  await db.insertInto('configurations').values({ id, scid: input.scid, name: input.name ?? `config ${id.slice(4, 12)}`, latest_version: 0, created_by: 'fixture', created_at: input.nowMs }).execute();
  for (const document of input.versions) await addVersion(db, id, document, input.nowMs);
  return id;
}
