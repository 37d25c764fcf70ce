// What lets an edge index its stored objects for wildcard invalidation (issue 5: a purge of
// `/assets/*.jpg` among 100,000 objects should visit the .jpg ones, not all of them). An object is filed
// under the extension of its path's last segment; a pattern whose literal ending fixes that extension
// names the one key every path it can match is filed under. Both sides fold case the way the matcher
// does (foldString), so an ignore-case pattern finds `/A.JPG` under the same key as `/a.jpg`, and a
// case-sensitive one finds a superset that its own matcher then narrows.
import { foldString } from './purge-pattern-match.js';
import { SLASH, type Token } from './purge-pattern-parse.js';

const DOT = 0x2e;

/**
 * The key a stored path is filed under: its last segment's text after the last '.', case-folded; ''
 * when the last segment has no '.' (`/a/b`, `/a.d/`).
 */
export function pathExtensionKey(path: string): string {
  const dot = path.lastIndexOf('.');
  if (dot < 0 || dot < path.lastIndexOf('/')) return '';
  return foldString(path.slice(dot + 1));
}

/**
 * The one pathExtensionKey every path matching `tokens` has, or undefined when the pattern leaves it open.
 * Only the trailing literals can decide it, because whatever a wildcard matched lies before them: when
 * they hold a '.' after their last '/', the extension is what follows it; when they hold a '/' with no
 * '.' after it, there is none (''). Folding is per character and never turns anything into '.' or '/'
 * (both ASCII), so those positions are the same in the path and in its folded form.
 */
export function extensionKeyOf(tokens: readonly Token[]): string | undefined {
  const tail: number[] = [];
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i]!;
    if (token.kind !== 'literal') break;
    if (token.cp === DOT) return foldString(String.fromCodePoint(...tail.reverse()));
    if (token.cp === SLASH) return '';
    tail.push(token.cp);
  }
  return undefined;
}
