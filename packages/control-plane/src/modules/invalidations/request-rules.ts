// What a create request becomes (domain.md §3, contract api/invalidations.ts and feed.ts): the items the
// progress is counted by, the pattern problems to refuse it with, and the feed event's edge requests (one
// per property, in the request's mode: Normal = soft, Force = hard). Pure.
import { compilePurgePattern, hint, invalidationMode, patternErrorHint } from '@candela/contract';
import type { InvalidationKind, InvalidationRequest, InvalidationType, Problem } from '@candela/contract';

export interface ParsedRequest {
  readonly kind: InvalidationKind;
  readonly type: InvalidationType;
  readonly properties: readonly string[];
  readonly paths?: readonly string[] | undefined;
  readonly tags?: readonly string[] | undefined;
  readonly ignoreCase: boolean;
}

/** The items progress is reported by: the paths, the tags, or (kind property) the properties. */
export function itemsOf(request: ParsedRequest): string[] {
  if (request.kind === 'path') return [...(request.paths ?? [])];
  if (request.kind === 'tag') return [...(request.tags ?? [])];
  return [...request.properties];
}

/** domain.md §3: an invalid pattern is rejected with the position of the error; one problem per bad path. */
export function patternProblems(paths: readonly string[], ignoreCase: boolean): Problem[] {
  return paths.flatMap((path, i) => {
    const compiled = compilePurgePattern(path, { ignoreCase });
    if (compiled.ok) return [];
    const { key, params } = patternErrorHint(compiled.error);
    return [hint(`/paths/${i}`, key, params)];
  });
}

/** One edge request per property, all in the request's mode. */
export function edgeRequests(request: ParsedRequest): InvalidationRequest[] {
  const mode = invalidationMode(request.type);
  return request.properties.map((property): InvalidationRequest => {
    if (request.kind === 'path') return { type: 'path', property, patterns: [...(request.paths ?? [])], ignoreCase: request.ignoreCase, mode };
    if (request.kind === 'tag') return { type: 'tag', property, tags: [...(request.tags ?? [])], mode };
    return { type: 'property', property, mode };
  });
}
