// Byte range requests served from a complete stored response (RFC 9110 §14, §13.1.5).
import { getHeader } from './header-fields.js';
import { parseHttpDate } from './http-date.js';
import { parseEntityTags, responseEntityTag, strongMatch } from './entity-tag.js';
import type { HeaderMap } from './types.js';

export interface ByteRange {
  readonly start: number;
  /** Inclusive. */
  readonly end: number;
}

export type RangeRequest =
  | { readonly kind: 'none' }
  | { readonly kind: 'unsatisfiable' }
  | { readonly kind: 'ranges'; readonly ranges: ByteRange[] };

/** More range-specs than this and the header is ignored (§14.2 lets a server ignore abusive sets). */
export const MAX_RANGES = 16;

const NONE: RangeRequest = { kind: 'none' };

type RangeSpec = { readonly first: number; readonly last: number | undefined } | { readonly suffix: number };

/**
 * RFC 9110 §14.2: a Range header against a representation of `size` bytes.
 * - 'none': absent, a unit other than bytes (§14.1), invalid syntax, or more than MAX_RANGES specs —
 *   the header is ignored and the whole representation is sent;
 * - 'unsatisfiable': no range-spec is satisfiable (§14.1.1) → 416;
 * - 'ranges': the satisfiable ranges, ends clipped to size − 1, overlapping or adjacent ones coalesced
 *   (§14.6 allows it), otherwise in request order.
 */
export function parseRange(value: string | undefined, size: number): RangeRequest {
  if (value === undefined) return NONE;
  const eq = value.indexOf('=');
  if (eq < 0 || value.slice(0, eq).trim().toLowerCase() !== 'bytes') return NONE;
  const specs = parseRangeSet(value.slice(eq + 1));
  if (!specs || specs.length > MAX_RANGES) return NONE;
  const ranges = specs.map((spec) => resolveSpec(spec, size)).filter((r): r is ByteRange => r !== undefined);
  if (ranges.length === 0) return { kind: 'unsatisfiable' };
  return { kind: 'ranges', ranges: coalesce(ranges) };
}

/** RFC 9110 §14.1.1 range-set: `1#range-spec`; undefined when any element is malformed. */
function parseRangeSet(text: string): RangeSpec[] | undefined {
  const elements = text.split(',').map((e) => e.replace(/^[ \t]+|[ \t]+$/g, '')).filter((e) => e !== '');
  const specs: RangeSpec[] = [];
  for (const element of elements) {
    const m = /^(\d*)-(\d*)$/.exec(element);
    if (!m) return undefined;
    const [, first = '', last = ''] = m;
    if (first === '' && last === '') return undefined;
    if (first === '') {
      specs.push({ suffix: toNumber(last) });
      continue;
    }
    const spec = { first: toNumber(first), last: last === '' ? undefined : toNumber(last) };
    if (spec.last !== undefined && spec.last < spec.first) return undefined; // §14.1.1: invalid int-range
    specs.push(spec);
  }
  return specs.length === 0 ? undefined : specs;
}

/** Digit strings beyond 2^53 lose precision; they only ever mean "past the end", so that is fine. */
function toNumber(digits: string): number {
  return Number(digits);
}

/**
 * RFC 9110 §14.1.1/§14.1.2: an int-range is satisfiable when first-pos < size; a suffix-range when its
 * length is non-zero (and the representation is not empty). last-pos is clipped to size − 1.
 */
function resolveSpec(spec: RangeSpec, size: number): ByteRange | undefined {
  if ('suffix' in spec) {
    if (spec.suffix === 0 || size === 0) return undefined;
    return { start: Math.max(0, size - spec.suffix), end: size - 1 };
  }
  if (spec.first >= size) return undefined;
  return { start: spec.first, end: Math.min(spec.last ?? size - 1, size - 1) };
}

/**
 * RFC 9110 §14.6: merges ranges that overlap or touch. Each merged range takes the place of the earliest
 * requested member, so parts stay in request order as §14.6 asks for those that were not coalesced.
 */
export function coalesce(ranges: readonly ByteRange[]): ByteRange[] {
  const byStart = ranges.map((range, index) => ({ ...range, index })).sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number; index: number }[] = [];
  for (const r of byStart) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end + 1) {
      last.end = Math.max(last.end, r.end);
      last.index = Math.min(last.index, r.index);
    } else merged.push({ ...r });
  }
  return merged.sort((a, b) => a.index - b.index).map(({ start, end }) => ({ start, end }));
}

/**
 * RFC 9110 §13.1.5: whether the Range applies. No If-Range → yes. An entity-tag must strongly match the
 * stored ETag (a weak tag never matches). An HTTP-date must equal Last-Modified exactly, and that
 * Last-Modified must be strong (§8.8.2.2): at least one second before the stored Date.
 */
export function ifRangeAllows(req: HeaderMap, stored: HeaderMap): boolean {
  const value = getHeader(req, 'if-range');
  if (value === undefined) return true;
  const text = value.trim();
  if (text.startsWith('"') || /^w\//i.test(text)) {
    const tags = parseEntityTags(text);
    const tag = tags !== '*' && tags.length === 1 ? tags[0] : undefined;
    const current = responseEntityTag(stored);
    return tag !== undefined && current !== undefined && strongMatch(tag, current);
  }
  const date = parseHttpDate(text);
  const lastModified = parseHttpDate(getHeader(stored, 'last-modified'));
  const storedDate = parseHttpDate(getHeader(stored, 'date'));
  if (date === undefined || lastModified === undefined || storedDate === undefined) return false;
  return date === lastModified && lastModified <= storedDate - 1000;
}

/** RFC 9110 §14.4: Content-Range of a 206 part. */
export function contentRange(start: number, end: number, size: number): string {
  return `bytes ${start}-${end}/${size}`;
}

/** RFC 9110 §14.4: Content-Range of a 416 (unsatisfied-range). */
export function unsatisfiedRange(size: number): string {
  return `bytes */${size}`;
}
