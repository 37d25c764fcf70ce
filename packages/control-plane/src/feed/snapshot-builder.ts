// The edge snapshot (contract edge-config.ts) from what every configuration has in its slots (domain.md
// §2 Activation): production = each configuration's current version, one candidate slot per configuration
// with a canary, staging = the staging versions. Pure: rows and parsed documents in, the document out.
import { compileConfiguration } from '@candela/contract';
import type { CompileSource, ConfigurationDocument, EdgeConfig, Property } from '@candela/contract';

export interface SlotVersion {
  readonly version: number;
  readonly document: ConfigurationDocument;
}

/** One configuration_slots row with its configuration's SCID and the documents its slots name. */
export interface SlotSource {
  readonly configurationId: string;
  readonly scid: string;
  readonly staging: SlotVersion | null;
  readonly current: SlotVersion | null;
  readonly candidate: (SlotVersion & { readonly percent: number }) | null;
}

export type Compile = (document: ConfigurationDocument, source: CompileSource) => Property[];

/**
 * The snapshot at feed position `seq` (its version). Configurations in id order, so the same slots always
 * give the same document. Certificates arrive with issue 6.
 */
export function buildSnapshot(seq: number, slots: readonly SlotSource[], compile: Compile = compileConfiguration): EdgeConfig {
  const ordered = [...slots].sort((a, b) => (a.configurationId < b.configurationId ? -1 : a.configurationId > b.configurationId ? 1 : 0));
  const properties = (s: SlotSource, v: SlotVersion) => compile(v.document, { scid: s.scid, configurationId: s.configurationId, version: v.version });
  return {
    version: seq,
    properties: ordered.flatMap((s) => (s.current === null ? [] : properties(s, s.current))),
    certificates: [],
    candidates: ordered.flatMap((s) =>
      s.candidate === null || s.candidate.percent <= 0 ? [] : [{ key: s.configurationId, percent: s.candidate.percent, properties: properties(s, s.candidate) }],
    ),
    staging: ordered.flatMap((s) => (s.staging === null ? [] : properties(s, s.staging))),
  };
}
