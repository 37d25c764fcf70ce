// Parser for the invalidation path wildcard grammar (domain.md §3). It turns a pattern into a flat list
// of tokens for the path part and, when the pattern has a `?`, for the query part. The matcher
// (purge-pattern-match.ts) runs those tokens without backtracking. Positions in errors are 0-based
// indexes into the pattern string as JavaScript indexes it (UTF-16 code units), so a UI can put a caret
// under the offending character.

export type PatternErrorCode =
  | 'EMPTY_PATTERN'
  | 'UNCLOSED_SET'
  | 'EMPTY_SET'
  | 'BAD_SET_ITEM'
  | 'BAD_RANGE'
  | 'UNCLOSED_REPEAT'
  | 'BAD_REPEAT'
  | 'REPEAT_TOO_LARGE';

export interface PatternError {
  readonly code: PatternErrorCode;
  /** 0-based index (UTF-16 code units) of the character the error points at. */
  readonly position: number;
  readonly message: string;
}

/** Largest n or m accepted in `{n,m}`: paths longer than this are not realistic, so larger is a typo. */
export const MAX_PATTERN_REPEAT = 4096;

export const SLASH = 0x2f;
const BACKSLASH = 0x5c;
const STAR = 0x2a;
const PLUS = 0x2b;
const QUESTION = 0x3f;
const OPEN_SET = 0x5b;
const OPEN_REPEAT = 0x7b;
const CARET = 0x5e;
const COMMA = 0x2c;
const DASH = 0x2d;

export type Token =
  /** One exact character; `/` and `\` both become a '/' literal. */
  | { readonly kind: 'literal'; readonly cp: number }
  | {
      readonly kind: 'set';
      readonly negated: boolean;
      readonly singles: readonly number[];
      readonly ranges: readonly (readonly [number, number])[];
    }
  /** `*`: any characters, '/' included. */
  | { readonly kind: 'star' }
  /** `+` (1..∞) and `{n,m}`: characters other than '/'. */
  | { readonly kind: 'run'; readonly min: number; readonly max: number };

export interface ParsedPattern {
  readonly path: readonly Token[];
  /** Undefined when the pattern has no `?`: it then matches every query of a matching path. */
  readonly query: readonly Token[] | undefined;
}

export type ParseResult = { ok: true; parsed: ParsedPattern } | { ok: false; error: PatternError };

type Step<T> = { ok: true; value: T; next: number } | { ok: false; error: PatternError };

function fail(code: PatternErrorCode, position: number, message: string): { ok: false; error: PatternError } {
  return { ok: false, error: { code, position, message } };
}

/** `\` is the Windows spelling of the directory separator in this grammar, never an escape. */
function separatorAware(cp: number): number {
  return cp === BACKSLASH ? SLASH : cp;
}

export function parsePurgePattern(source: string): ParseResult {
  if (source.length === 0) return fail('EMPTY_PATTERN', 0, 'the pattern is empty');
  const path: Token[] = [];
  let query: Token[] | undefined;
  let out = path;
  let i = 0;
  while (i < source.length) {
    const cp = source.codePointAt(i)!;
    if (cp === OPEN_SET || cp === OPEN_REPEAT) {
      const step = cp === OPEN_SET ? parseSet(source, i) : parseRepeat(source, i);
      if (!step.ok) return step;
      out.push(step.value);
      i = step.next;
      continue;
    }
    if (cp === STAR) out.push({ kind: 'star' });
    else if (cp === PLUS) out.push({ kind: 'run', min: 1, max: Number.POSITIVE_INFINITY });
    else if (cp === QUESTION && query === undefined) {
      // Only the first `?` splits path from query; later ones are literal, as in a URL.
      query = [];
      out = query;
    } else out.push({ kind: 'literal', cp: separatorAware(cp) });
    i += cp > 0xffff ? 2 : 1;
  }
  // Paths are relative to the origin web root (domain.md §3), so `img/a.jpg` means `/img/a.jpg`.
  // A leading `*` already covers every directory, so it is left alone.
  const first = path[0];
  const rooted = first !== undefined && (first.kind === 'star' || (first.kind === 'literal' && first.cp === SLASH));
  if (!rooted) path.unshift({ kind: 'literal', cp: SLASH });
  return { ok: true, parsed: { path, query } };
}

interface Item {
  readonly cps: number[];
  readonly positions: number[];
  /** Index of the comma (or closing bracket) that ends the item, for empty-item errors. */
  readonly end: number;
}

function splitItems(source: string, start: number, close: number): Item[] {
  const items: Item[] = [];
  let current: Item = { cps: [], positions: [], end: close };
  let i = start;
  while (i < close) {
    const cp = source.codePointAt(i)!;
    if (cp === COMMA) {
      items.push({ ...current, end: i });
      current = { cps: [], positions: [], end: close };
    } else {
      current.cps.push(separatorAware(cp));
      current.positions.push(i);
    }
    i += cp > 0xffff ? 2 : 1;
  }
  items.push(current);
  return items;
}

/** `[a,x-y]` / `[^a,x-y]`: items are one character or `x-y`; anything else is rejected, not guessed. */
function parseSet(source: string, open: number): Step<Token> {
  const close = source.indexOf(']', open + 1);
  if (close < 0) return fail('UNCLOSED_SET', open, 'the character set opened here has no closing "]"');
  const negated = source.codePointAt(open + 1) === CARET;
  const start = open + (negated ? 2 : 1);
  if (start >= close) return fail('EMPTY_SET', open, 'the character set is empty');
  const singles: number[] = [];
  const ranges: [number, number][] = [];
  for (const item of splitItems(source, start, close)) {
    const [a, dash, b] = item.cps;
    const [at, dashAt, bAt] = item.positions;
    if (a === undefined || at === undefined) {
      return fail('BAD_SET_ITEM', item.end, 'empty item in a character set: commas separate single characters or ranges');
    }
    if (item.cps.length === 1) {
      singles.push(a);
      continue;
    }
    if (dash !== DASH || dashAt === undefined) {
      return fail('BAD_SET_ITEM', item.positions[1] ?? at, 'a set item is one character or a range x-y; separate items with commas');
    }
    if (b === undefined || bAt === undefined) return fail('BAD_RANGE', dashAt, 'the range has no end character');
    if (item.cps.length > 3) {
      return fail('BAD_SET_ITEM', item.positions[3] ?? bAt, 'a set item is one character or a range x-y; separate items with commas');
    }
    if (a > b) return fail('BAD_RANGE', at, 'the range is reversed: its first character comes after its last');
    ranges.push([a, b]);
  }
  return { ok: true, value: { kind: 'set', negated, singles, ranges }, next: close + 1 };
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Reads the digits at `start`; the error says what was found instead. */
function readCount(source: string, start: number, close: number): Step<number> {
  let p = start;
  while (p < close && isDigit(source.charCodeAt(p))) p++;
  if (p === start) {
    const message =
      p === close ? 'a repeat needs a number here, as in {3} or {1,5}' : `a repeat holds digits, found "${source[p] ?? ''}"`;
    return fail('BAD_REPEAT', p, message);
  }
  // Compare digit counts before converting so a thousand-digit count cannot lose precision.
  const digits = source.slice(start, p).replace(/^0+(?=\d)/, '');
  const value = Number(digits);
  if (digits.length > String(MAX_PATTERN_REPEAT).length || value > MAX_PATTERN_REPEAT) {
    return fail('REPEAT_TOO_LARGE', start, `a repeat count may not exceed ${MAX_PATTERN_REPEAT}`);
  }
  return { ok: true, value, next: p };
}

/** `{n}` and `{n,m}`; open forms such as `{n,}` are not part of the grammar and are rejected. */
function parseRepeat(source: string, open: number): Step<Token> {
  const close = source.indexOf('}', open + 1);
  if (close < 0) return fail('UNCLOSED_REPEAT', open, 'the repeat opened here has no closing "}"');
  const min = readCount(source, open + 1, close);
  if (!min.ok) return min;
  let max: Step<number> = min;
  if (min.next < close) {
    if (source.charCodeAt(min.next) !== COMMA) {
      return fail('BAD_REPEAT', min.next, `a repeat is {n} or {n,m}, found "${source[min.next] ?? ''}"`);
    }
    max = readCount(source, min.next + 1, close);
    if (!max.ok) return max;
    if (max.next < close) {
      return fail('BAD_REPEAT', max.next, `a repeat is {n} or {n,m}, found "${source[max.next] ?? ''}"`);
    }
    if (max.value < min.value) {
      return fail('BAD_REPEAT', min.next + 1, `the repeat minimum ${min.value} exceeds its maximum ${max.value}`);
    }
  }
  return { ok: true, value: { kind: 'run', min: min.value, max: max.value }, next: close + 1 };
}
