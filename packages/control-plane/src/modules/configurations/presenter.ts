// Rows → the contract's shapes (house rule 6): configurations with their slots, version summaries and
// versions with their documents.
import { primaryAlias } from '@candela/contract';
import type { Configuration, ConfigurationDocument, ConfigurationVersion, Slots, VersionSummary } from '@candela/contract';
import type { ConfigurationRow, SlotsRow, VersionRow } from './repository.js';

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Each slot null when it holds nothing, all of them when the configuration was never activated. */
export function presentSlots(row: SlotsRow | undefined): Slots {
  const version = (v: number | null | undefined) => (v === null || v === undefined ? null : { version: v });
  const candidate = row?.candidate_version ?? null;
  return {
    staging: version(row?.staging_version),
    production: {
      current: version(row?.current_version),
      candidate: candidate === null ? null : { version: candidate, percent: row?.candidate_percent ?? 0 },
    },
  };
}

export function presentConfiguration(row: ConfigurationRow, slots: SlotsRow | undefined): Configuration {
  return { id: row.id, scid: row.scid, name: row.name, latestVersion: row.latest_version, createdAt: iso(row.created_at), createdBy: row.created_by, slots: presentSlots(slots) };
}

/** Stored documents were validated on the way in (house rule 5: inside, trust the types). */
export function storedDocument(row: Pick<VersionRow, 'document'>): ConfigurationDocument {
  return JSON.parse(row.document) as ConfigurationDocument;
}

export function presentVersionSummary(row: VersionRow, document: ConfigurationDocument = storedDocument(row)): VersionSummary {
  return {
    configurationId: row.configuration_id,
    version: row.version,
    comment: row.comment,
    createdAt: iso(row.created_at),
    createdBy: row.created_by,
    properties: document.properties.map(primaryAlias),
  };
}

export function presentVersion(row: VersionRow): ConfigurationVersion {
  const document = storedDocument(row);
  return { ...presentVersionSummary(row, document), document };
}

/** What the audit log keeps of a version: enough to say what changed, not the whole document. */
export function auditedVersion(version: number, document: ConfigurationDocument, comment?: string): Record<string, unknown> {
  return { version, ...(comment === undefined ? {} : { comment }), properties: document.properties.map(primaryAlias) };
}
