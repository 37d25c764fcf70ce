// domain.md §2: "the first [alias] is the primary alias, which names the property everywhere and can never
// change". Checked when a new version is saved, against the version the edit started from: a property of
// the new document that contains an alias which was a primary alias in the base version must keep it as
// its first alias. Removing the property altogether is allowed (a configuration may stop serving a
// hostname); demoting its primary alias to a secondary one, or moving it into another property behind
// a different primary alias, is not, since the edge, the registry, reports and tickets all name the
// property by it. Pure; the route turns the problems into a VALIDATION_FAILED answer.
import { hint, primaryAlias } from '@candela/contract';
import type { ConfigurationDocument, Problem } from '@candela/contract';

export interface BaseVersion {
  readonly version: number;
  readonly document: ConfigurationDocument;
}

/**
 * One problem per demoted primary alias, at `pointerPrefix` + /properties/i/aliases/j of the new document
 * (the prefix locates the document in the request body, e.g. "/document").
 */
export function primaryAliasProblems(base: BaseVersion, next: ConfigurationDocument, pointerPrefix = ''): Problem[] {
  const primaries = new Set(base.document.properties.map(primaryAlias));
  const problems: Problem[] = [];
  next.properties.forEach((p, i) =>
    p.aliases.forEach((alias, j) => {
      if (j > 0 && primaries.has(alias)) {
        problems.push(hint(`${pointerPrefix}/properties/${i}/aliases/${j}`, 'configuration.primaryAliasFixed', { alias, version: base.version }));
      }
    }),
  );
  return problems;
}
