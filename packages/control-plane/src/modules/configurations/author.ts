// Who saved a configuration version, as the version lists show it (contract: "Display name (e-mail) of the
// author; 'x as y' while mimicking"). Stored as written at the time, so the history still names a user or
// key deleted since; the audit log keeps the ids.
import type { CallerIdentity } from '../../auth/caller.js';

export function authorLabel(principal: CallerIdentity['principal']): string {
  if (principal.kind === 'api-key') return `${principal.key.name} (${principal.key.id})`;
  // domain.md §1 mimic: the change is recorded under both names.
  return principal.mimic === null ? principal.user.email : `${principal.user.email} as ${principal.mimic.email}`;
}
