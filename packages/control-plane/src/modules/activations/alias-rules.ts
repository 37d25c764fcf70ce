// The network-wide alias rule (issue 4, domain.md §2): an alias belongs to one active property in a network,
// so nobody can take over a hostname another configuration serves, whatever SCID or customer holds it.
// Staging and production are separate networks (staging is served on its own listener). A production
// configuration holds the aliases of its current and candidate versions; one deployed without properties
// holds none ("deploying a configuration without a property makes it inactive"). Pure.
import type { ConfigurationDocument } from '@candela/contract';

/**
 * The aliases `wanted` that another service (SCID) holds in the OTHER network (`holders`: alias → SCID).
 * Networks are separate, so one service may move a property between its configurations through staging;
 * but a hostname that one service serves in production cannot be staged by another service (it would
 * answer for someone else's hostname on the staging listener, and its invalidations would reach the other
 * service's objects at the edge, where a property is named by its alias), and the reverse.
 */
export function crossServiceConflicts(input: { readonly wanted: readonly string[]; readonly scid: string; readonly holders: ReadonlyMap<string, string> }): string[] {
  return input.wanted.filter((alias) => {
    const holder = input.holders.get(alias);
    return holder !== undefined && holder !== input.scid;
  });
}

/** Every alias of every property of the documents, sorted, without repeats. */
export function aliasesOf(documents: readonly ConfigurationDocument[]): string[] {
  return [...new Set(documents.flatMap((d) => d.properties.flatMap((p) => p.aliases)))].sort();
}

/**
 * The aliases `wanted` that another configuration holds: active there now (`active`: alias → holder), or
 * reserved by it (`reserved`): freed by an activation of its own that is still propagating, which may yet
 * be rolled back and take them again.
 */
export function aliasConflicts(input: {
  readonly wanted: readonly string[];
  readonly configurationId: string;
  readonly active: ReadonlyMap<string, string>;
  readonly reserved: ReadonlyMap<string, string>;
}): string[] {
  const takenByOther = (holders: ReadonlyMap<string, string>, alias: string) => {
    const holder = holders.get(alias);
    return holder !== undefined && holder !== input.configurationId;
  };
  return input.wanted.filter((alias) => takenByOther(input.active, alias) || takenByOther(input.reserved, alias));
}
