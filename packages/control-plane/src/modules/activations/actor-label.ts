// How an activation names who asked for it: the e-mail, "a as b" while mimicking, or the API key's name.
import type { Caller } from '../../auth/caller.js';

export function actorLabel(caller: Caller): string {
  const p = caller.principal;
  if (p.kind === 'api-key') return `API key ${p.key.name}`;
  return p.mimic === null ? p.user.email : `${p.user.email} as ${p.mimic.email}`;
}
