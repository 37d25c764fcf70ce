// The objects every edge stores before the invalidations (issue 5: 100,000 per edge), and which of them a
// wildcard pattern reaches. Pure: the edge hosts build their stores from it, the runner and the tests
// check the edges' own counts against it.
//
// Object i is /assets/d<⌊i / 10⌋ mod 100>/<i>.<ext>, ext = EXTENSIONS[i mod 10]: a site's assets spread
// over 100 directories, one object in ten a .jpg. The other extensions include near misses (.jpeg,
// .jpg.map), so a pattern that is not anchored at its end, or that treats `.` as "any character", would
// count more than it should. The default pattern, /assets/*.jpg, matches exactly the .jpg objects: 10 %.
import { compilePurgePattern } from '@candela/contract';

export const EXTENSIONS = ['jpg', 'png', 'webp', 'svg', 'css', 'js', 'html', 'json', 'jpeg', 'jpg.map'] as const;

export const DEFAULT_PATTERN = '/assets/*.jpg';

/** Where an edge keeps them (edge-store.ts): its memory tier only, or written through both tiers. */
export const TIERS = ['memory', 'both'] as const;
export type Tiers = (typeof TIERS)[number];

export function objectPath(i: number): string {
  return `/assets/d${Math.floor(i / 10) % 100}/${i}.${EXTENSIONS[i % EXTENSIONS.length] ?? 'bin'}`;
}

/** The indexes (ascending) of objects 0 … count − 1 that `pattern` matches, by the contract's own matcher (the one the edges use). */
export function matchingObjects(pattern: string, count: number, ignoreCase = false): number[] {
  const compiled = compilePurgePattern(pattern, { ignoreCase });
  if (!compiled.ok) throw new Error(`invalid pattern ${pattern}: ${compiled.error.message} at position ${compiled.error.position + 1}`);
  const out: number[] = [];
  for (let i = 0; i < count; i++) if (compiled.pattern.matches(objectPath(i), '')) out.push(i);
  return out;
}

/** The first object the pattern does not match: the HTTP check asks for it and expects a plain hit. */
export function firstUnmatched(matching: readonly number[], count: number): number | undefined {
  const set = new Set(matching);
  for (let i = 0; i < count; i++) if (!set.has(i)) return i;
  return undefined;
}
