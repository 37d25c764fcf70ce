// Which property answers a request (domain.md §2, issue 4): on the staging listener the staging
// versions first; then production, where a candidate slot (canary) takes its share of clients and the
// current slot the rest. A Host no slot serves gets undefined (404 unknown host).
import { canaryBucket } from '../config/canary.js';
import type { CompiledConfig, CompiledProperty } from '../config/compile.js';

export function resolveProperty(cfg: CompiledConfig, host: string, clientIp: string, staging: boolean): CompiledProperty | undefined {
  if (staging) {
    const s = cfg.staging.get(host) ?? cfg.staging.get('*');
    if (s !== undefined) return s;
  }
  const current = cfg.byAlias.get(host);
  // Most snapshots have no candidate slot: one size check and the request goes on as before.
  if (cfg.candidates.size !== 0) {
    // A `*` candidate stands in only for hosts the current slot does not list by name, as `*` does there.
    const slot = cfg.candidates.get(host) ?? (current === undefined ? cfg.candidates.get('*') : undefined);
    if (slot !== undefined && (slot.percent >= 100 || canaryBucket(clientIp, slot.suffix) < slot.percent)) return slot.property;
  }
  return current ?? cfg.wildcard;
}
