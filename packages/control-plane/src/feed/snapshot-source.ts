// Reads what the snapshot builder needs (every configuration_slots row, its SCID and the documents its
// slots name) and appends the snapshot to the feed. Versions are immutable, so a version's compiled
// properties are kept in memory by (configuration, version): an activation reads and compiles only the
// versions it has not seen before, not every customer's configuration again.
import type { Kysely } from 'kysely';
import { compileConfiguration, configurationDocumentSchema } from '@candela/contract';
import type { CompileSource, ConfigurationDocument, FeedEvent, Property } from '@candela/contract';
import type { Database } from '../db/schema.js';
import { insertEvent } from './feed-log.js';
import { buildSnapshot } from './snapshot-builder.js';
import type { SlotSource, SlotVersion } from './snapshot-builder.js';

const CACHE_LIMIT = 5_000;
const documents = new Map<string, ConfigurationDocument>();
const compiled = new Map<string, Property[]>();

/** How loadDocuments keys its answer. */
export const versionKey = (configurationId: string, version: number) => `${configurationId}@${version}`;
const keyOf = versionKey;

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value ?? '');
  cache.set(key, value);
  return value;
}

function cachedCompile(document: ConfigurationDocument, source: CompileSource): Property[] {
  const key = `${source.scid}/${keyOf(source.configurationId, source.version)}`;
  return compiled.get(key) ?? remember(compiled, key, compileConfiguration(document, source));
}

/** The parsed documents of these versions, from the cache or the database (in chunks). */
export async function loadDocuments(db: Kysely<Database>, wanted: readonly { configurationId: string; version: number }[]): Promise<Map<string, ConfigurationDocument>> {
  const found = new Map<string, ConfigurationDocument>();
  const missing: { configurationId: string; version: number }[] = [];
  for (const w of wanted) {
    const key = keyOf(w.configurationId, w.version);
    const hit = documents.get(key);
    if (hit !== undefined) found.set(key, hit);
    else if (!missing.some((m) => keyOf(m.configurationId, m.version) === key)) missing.push(w);
  }
  for (let i = 0; i < missing.length; i += 100) {
    const chunk = missing.slice(i, i + 100);
    const rows = await db
      .selectFrom('configuration_versions')
      .select(['configuration_id', 'version', 'document'])
      .where((eb) => eb.or(chunk.map((c) => eb.and([eb('configuration_id', '=', c.configurationId), eb('version', '=', c.version)]))))
      .execute();
    for (const row of rows) {
      // Stored documents passed this schema when saved; parsing again applies the defaults of today's schema.
      const document = configurationDocumentSchema.parse(JSON.parse(row.document));
      found.set(keyOf(row.configuration_id, row.version), remember(documents, keyOf(row.configuration_id, row.version), document));
    }
  }
  return found;
}

/** Every configuration's slots with their documents: the builder's input. */
export async function loadSlotSources(db: Kysely<Database>): Promise<SlotSource[]> {
  const rows = await db
    .selectFrom('configuration_slots as s')
    .innerJoin('configurations as c', 'c.id', 's.configuration_id')
    .select(['s.configuration_id', 'c.scid', 's.staging_version', 's.current_version', 's.candidate_version', 's.candidate_percent'])
    .execute();
  const wanted = rows.flatMap((r) =>
    [r.staging_version, r.current_version, r.candidate_version].filter((v): v is number => v !== null).map((version) => ({ configurationId: r.configuration_id, version })),
  );
  const docs = await loadDocuments(db, wanted);
  const slot = (id: string, version: number | null): SlotVersion | null => {
    if (version === null) return null;
    const document = docs.get(keyOf(id, version));
    if (document === undefined) throw new Error(`configuration ${id} has no version ${version} (a slot names a missing version)`);
    return { version, document };
  };
  return rows.map((r) => {
    const candidate = slot(r.configuration_id, r.candidate_version);
    return {
      configurationId: r.configuration_id,
      scid: r.scid,
      staging: slot(r.configuration_id, r.staging_version),
      current: slot(r.configuration_id, r.current_version),
      candidate: candidate === null ? null : { ...candidate, percent: r.candidate_percent ?? 0 },
    };
  });
}

/**
 * Appends the snapshot of the slots as they are in `trx` under `seq`, which the caller took with nextSeq
 * at the start of the same transaction (so no other feed writer changed the slots in between).
 */
export async function writeSnapshot(trx: Kysely<Database>, seq: number, nowMs: number): Promise<FeedEvent> {
  const snapshot = buildSnapshot(seq, await loadSlotSources(trx), cachedCompile);
  const event: FeedEvent = { seq, at: nowMs, kind: 'snapshot', snapshot };
  await insertEvent(trx, event);
  return event;
}
