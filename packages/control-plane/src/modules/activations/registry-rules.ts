// The property registry (domain.md §2: "lists active properties"): one entry per property (primary alias)
// of each configuration, saying which version serves it in staging, production-current and the candidate.
// Pure: slots and their documents in, entries sorted by primary alias out.
import type { ConfigurationDocument, RegistryEntry } from '@candela/contract';

export interface RegistrySource {
  readonly configurationId: string;
  readonly configurationName: string;
  readonly scid: string;
  readonly staging: { readonly version: number; readonly document: ConfigurationDocument } | null;
  readonly current: { readonly version: number; readonly document: ConfigurationDocument } | null;
  readonly candidate: { readonly version: number; readonly percent: number; readonly document: ConfigurationDocument } | null;
}

export function registryEntries(sources: readonly RegistrySource[]): RegistryEntry[] {
  const entries: RegistryEntry[] = [];
  for (const s of sources) {
    const byAlias = new Map<string, RegistryEntry>();
    const entryFor = (aliases: readonly string[]): RegistryEntry => {
      const primary = aliases[0]!;
      let entry = byAlias.get(primary);
      if (entry === undefined) {
        entry = { primaryAlias: primary, aliases: [...aliases], scid: s.scid, configurationId: s.configurationId, configurationName: s.configurationName, staging: null, productionCurrent: null, productionCandidate: null };
        byAlias.set(primary, entry);
      }
      return entry;
    };
    // Production current first, so its alias list is the one shown when versions differ.
    for (const p of s.current?.document.properties ?? []) entryFor(p.aliases).productionCurrent = s.current!.version;
    for (const p of s.candidate?.document.properties ?? []) entryFor(p.aliases).productionCandidate = { version: s.candidate!.version, percent: s.candidate!.percent };
    for (const p of s.staging?.document.properties ?? []) entryFor(p.aliases).staging = s.staging!.version;
    entries.push(...byAlias.values());
  }
  return entries.sort((a, b) => (a.primaryAlias < b.primaryAlias ? -1 : a.primaryAlias > b.primaryAlias ? 1 : a.configurationId < b.configurationId ? -1 : 1));
}
