// Runs parsed purge-pattern tokens (purge-pattern-parse.ts) against a string without backtracking.
// A purge is matched against ~100,000 stored paths, and a RegExp built from `*a*a*a*b` would backtrack
// polynomially on long paths, so this is a position-set (NFA) simulation instead: every character of
// the subject advances all live pattern positions at once, so the cost is O(characters × tokens).
// `{n,m}` is not unrolled into m states: each counted run keeps a queue of the times it was entered,
// which makes {4096} as cheap as {1}.
import { SLASH, type Token } from './purge-pattern-parse.js';

type CharTest = (cp: number) => boolean;

/** Ranges up to this size are expanded when ignoring case, so folding is exact for realistic sets. */
const MAX_EXPANDED_RANGE = 4096;

/**
 * Simple case folding through the runtime's Unicode tables: lower(upper(c)), so that 'ſ', 's' and 'S'
 * fold together. Mappings that produce several code points (ß → SS) are skipped: a fold must keep one
 * character per character, or `{3}` would count differently with and without ignore case.
 */
export function foldCodePoint(cp: number): number {
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a ? cp + 0x20 : cp;
  const upper = single(String.fromCodePoint(cp).toUpperCase()) ?? cp;
  return single(String.fromCodePoint(upper).toLowerCase()) ?? upper;
}

function single(text: string): number | undefined {
  const cp = text.codePointAt(0);
  return cp !== undefined && text.length === (cp > 0xffff ? 2 : 1) ? cp : undefined;
}

const NON_ASCII = /[\u0080-\uffff]/;

export function foldString(text: string): string {
  // Paths are almost always ASCII (percent-encoded), where the built-in lower-casing is the fold.
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  let out = '';
  for (const ch of text) out += String.fromCodePoint(foldCodePoint(ch.codePointAt(0)!));
  return out;
}

/** Token kinds as small integers: the simulation loop compares them for every character. */
type Kind = 0 | 1 | 2;
const CHAR: Kind = 0;
const STAR: Kind = 1;
const RUN: Kind = 2;

export interface Program {
  /** Literal text every match starts / ends with, compared directly instead of simulated. */
  readonly prefix: string;
  readonly suffix: string;
  /** 'exact': the pattern is all literals; 'star': prefix + `*` + suffix; 'nfa': anything else. */
  readonly shape: 'exact' | 'star' | 'nfa';
  /** The tokens between prefix and suffix, in parallel arrays for the simulation loop. */
  readonly kinds: readonly Kind[];
  readonly tests: readonly (CharTest | undefined)[];
  readonly mins: readonly number[];
  readonly maxs: readonly number[];
  /**
   * Working memory reused by every call: a purge runs one program over ~100,000 paths, and allocating
   * it per path costs more than the matching. Matching is synchronous and calls no outside code, so no
   * two runs can interleave; each run resets what it uses.
   */
  readonly scratch: Scratch;
}

interface Scratch {
  readonly live: Uint8Array;
  readonly next: Uint8Array;
  readonly starReached: Uint8Array;
  /** Per run token: the times it was entered since the last '/', oldest first, from heads[i] on. */
  readonly entries: number[][];
  readonly heads: Int32Array;
}

function setTest(token: Extract<Token, { kind: 'set' }>, ignoreCase: boolean): CharTest {
  const singles = new Set<number>();
  const ranges: (readonly [number, number])[] = [];
  for (const cp of token.singles) singles.add(ignoreCase ? foldCodePoint(cp) : cp);
  for (const range of token.ranges) {
    const [lo, hi] = range;
    if (ignoreCase && hi - lo < MAX_EXPANDED_RANGE) {
      for (let cp = lo; cp <= hi; cp++) singles.add(foldCodePoint(cp));
    } else ranges.push(range);
  }
  const inRanges = (cp: number): boolean => ranges.some(([lo, hi]) => cp >= lo && cp <= hi);
  // The subject is already folded when ignoring case; for huge ranges, also try the upper-case form.
  const member = ignoreCase
    ? (cp: number): boolean => singles.has(cp) || inRanges(cp) || inRanges(upperOf(cp))
    : (cp: number): boolean => singles.has(cp) || inRanges(cp);
  // A set stands for one character inside a path segment, so a negated set never matches '/':
  // `/a[^x]b` must not match `/a/b`. A positive set may still list '/' explicitly.
  return token.negated ? (cp) => cp !== SLASH && !member(cp) : member;
}

function upperOf(cp: number): number {
  return single(String.fromCodePoint(cp).toUpperCase()) ?? cp;
}

function literalText(tokens: readonly Token[], ignoreCase: boolean): string {
  let text = '';
  for (const t of tokens) if (t.kind === 'literal') text += String.fromCodePoint(ignoreCase ? foldCodePoint(t.cp) : t.cp);
  return text;
}

export function compileProgram(tokens: readonly Token[], ignoreCase: boolean): Program {
  let start = 0;
  while (tokens[start]?.kind === 'literal') start++;
  let end = tokens.length;
  while (end > start && tokens[end - 1]?.kind === 'literal') end--;
  const prefix = literalText(tokens.slice(0, start), ignoreCase);
  const suffix = literalText(tokens.slice(end), ignoreCase);
  const middle = tokens.slice(start, end);
  const shape = middle.length === 0 ? 'exact' : middle.length === 1 && middle[0]?.kind === 'star' ? 'star' : 'nfa';
  const k = middle.length;
  return {
    prefix,
    suffix,
    shape,
    kinds: middle.map((t) => (t.kind === 'star' ? STAR : t.kind === 'run' ? RUN : CHAR)),
    tests: middle.map((t) => {
      if (t.kind === 'set') return setTest(t, ignoreCase);
      if (t.kind !== 'literal') return undefined;
      const want = ignoreCase ? foldCodePoint(t.cp) : t.cp;
      return (cp: number) => cp === want;
    }),
    mins: middle.map((t) => (t.kind === 'run' ? t.min : 0)),
    maxs: middle.map((t) => (t.kind === 'run' ? t.max : 0)),
    scratch: {
      live: new Uint8Array(k + 1),
      next: new Uint8Array(k + 1),
      starReached: new Uint8Array(k),
      entries: middle.map(() => []),
      heads: new Int32Array(k),
    },
  };
}

/** Whole-string match of `subject` (already folded when the program ignores case). */
export function runProgram(program: Program, subject: string): boolean {
  const { prefix, suffix } = program;
  if (program.shape === 'exact') return subject.length === prefix.length && subject === prefix;
  if (subject.length < prefix.length + suffix.length) return false;
  if (!subject.startsWith(prefix) || !subject.endsWith(suffix)) return false;
  // prefix * suffix: the star takes whatever lies between.
  if (program.shape === 'star') return true;
  // The literal ends are anchored, so they consume exactly their own length: only the middle is left.
  return simulate(program, subject, prefix.length, subject.length - suffix.length);
}

/**
 * live[i] = "tokens 0..i-1 match the characters read so far". At each time t (characters consumed) a
 * zero-width pass lets `*` and counted runs hand over to the next token, then one character advances
 * the single-character tokens; `*` stays live forever once reached, and a run remembers the times it was
 * entered since the last '/' so it can hand over when between min and max characters have gone by.
 */
function simulate(program: Program, subject: string, from: number, to: number): boolean {
  const { kinds, tests, mins, maxs, scratch } = program;
  const { starReached, entries, heads } = scratch;
  const k = kinds.length;
  let { live, next } = scratch;
  live.fill(0);
  starReached.fill(0);
  heads.fill(0);
  for (const queue of entries) queue.length = 0;
  live[0] = 1;
  let t = 0;
  let index = from;
  for (;;) {
    for (let i = 0; i < k; i++) {
      const kind = kinds[i];
      if (kind === STAR) {
        if (live[i] === 1) starReached[i] = 1;
        if (starReached[i] === 1) live[i + 1] = 1;
      } else if (kind === RUN) {
        const queue = entries[i]!;
        const max = maxs[i]!;
        let head = heads[i]!;
        // With no upper bound the earliest entry dominates every later one, so later ones are not kept.
        if (live[i] === 1 && (max !== Number.POSITIVE_INFINITY || head === queue.length)) queue.push(t);
        while (head < queue.length && queue[head]! < t - max) head++;
        heads[i] = head;
        if (head < queue.length && queue[head]! <= t - mins[i]!) live[i + 1] = 1;
      }
    }
    if (index >= to) return live[k] === 1;
    const cp = subject.codePointAt(index)!;
    index += cp > 0xffff ? 2 : 1;
    t++;
    next.fill(0);
    let alive = false;
    for (let i = 0; i < k; i++) {
      const kind = kinds[i];
      if (kind === CHAR) {
        if (live[i] === 1 && tests[i]!(cp)) {
          next[i + 1] = 1;
          alive = true;
        }
      } else if (kind === STAR) {
        if (starReached[i] === 1) alive = true;
      } else if (cp === SLASH) {
        // A run never contains '/': every pending entry dies here.
        entries[i]!.length = 0;
        heads[i] = 0;
      } else if (heads[i]! < entries[i]!.length) alive = true;
    }
    if (!alive) return false;
    [live, next] = [next, live];
  }
}
