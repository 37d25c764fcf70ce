// The invalidation path wildcard grammar of domain.md §3, shared by the control plane (to reject a bad
// pattern with the position of the error) and the edge (to match it against stored paths).
//
//   *       zero or more characters, '/' included
//   +       one or more characters other than '/'
//   {n,m}   n to m characters other than '/' ({n} = exactly n; {0,0} matches the empty string)
//   [a,x-y] one character of the set; [^a,x-y] one character outside it, never '/'
//   / and \ the directory separator: both match '/'. `\` is NOT an escape character in this grammar
//   ?       the first one splits path from query; any later one is a literal '?'
//   . and everything else: literal ('.' is a dot, not "any character")
//
// Decisions the reference leaves open, made here:
// - Anchored at both ends; a pattern that does not start with `/`, `\` or `*` is relative to the web
//   root and gets a leading '/' (`img/*.jpg` ≡ `/img/*.jpg`).
// - A pattern with `?` matches its path part against the path and its query part against the query,
//   separately: wildcards never run across the '?' (`/a*?x=1` cannot match path `/a`, query `y?x=1`).
// - The query '' means "no query". `/a?` therefore matches `/a` (and `/a?`), `/a?*` matches `/a` with any
//   query or none, and `/a?+*` only the variants that have a non-empty query.
// - Set items are separated by commas and are one character or `x-y`; `[abc]` and `[jpg,png]` are
//   rejected rather than silently read as single characters. A ',' or ']' can only be reached by a range.
// - Ignore case folds literals, sets and the subject with simple Unicode case folding (one character to
//   one character), so counts such as `{3}` mean the same with and without it.
import { extensionKeyOf } from './purge-pattern-extension.js';
import { compileProgram, foldString, runProgram } from './purge-pattern-match.js';
import { parsePurgePattern } from './purge-pattern-parse.js';
import type { PatternError } from './purge-pattern-parse.js';

export { pathExtensionKey } from './purge-pattern-extension.js';
export { MAX_PATTERN_REPEAT } from './purge-pattern-parse.js';
export type { PatternError, PatternErrorCode } from './purge-pattern-parse.js';

export interface PurgePattern {
  readonly source: string;
  readonly ignoreCase: boolean;
  /** True when the pattern contains a `?` (outside a set): it then constrains the query too. */
  readonly hasQuery: boolean;
  /**
   * The pathExtensionKey of every path this pattern matches, when its literal ending fixes it (`*.jpg`:
   * 'jpg'; `/a/+/`: ''); undefined when it does not (`/a/*`). Lets a store visit only those paths.
   */
  readonly extensionKey: string | undefined;
  /**
   * Whether a stored object matches. `path` starts at the web root ('/a/b.jpg'); `query` is the text
   * after '?', without the '?', and '' when there is none. Cheap to call: compile once, match many.
   */
  matches(path: string, query: string): boolean;
}

export type CompiledPurgePattern = { ok: true; pattern: PurgePattern } | { ok: false; error: PatternError };

export function compilePurgePattern(source: string, opts: { ignoreCase?: boolean } = {}): CompiledPurgePattern {
  const parsed = parsePurgePattern(source);
  if (!parsed.ok) return parsed;
  const ignoreCase = opts.ignoreCase === true;
  const prepare = ignoreCase ? foldString : (text: string): string => text;
  const pathProgram = compileProgram(parsed.parsed.path, ignoreCase);
  const queryTokens = parsed.parsed.query;
  const queryProgram = queryTokens === undefined ? undefined : compileProgram(queryTokens, ignoreCase);
  const matches =
    queryProgram === undefined
      ? (path: string): boolean => runProgram(pathProgram, prepare(path))
      : (path: string, query: string): boolean =>
          runProgram(pathProgram, prepare(path)) && runProgram(queryProgram, prepare(query));
  const pattern: PurgePattern = Object.freeze({
    source,
    ignoreCase,
    hasQuery: queryProgram !== undefined,
    extensionKey: extensionKeyOf(parsed.parsed.path),
    matches,
  });
  return { ok: true, pattern };
}
