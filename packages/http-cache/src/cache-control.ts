// Cache-Control (RFC 9111 §5.2): `#cache-directive`, `cache-directive = token [ "=" ( token /
// quoted-string ) ]`. The scanner is quote-aware, so `ext="max-age=9, x"` is one directive, and it
// drops malformed elements (e.g. `max-age =5`, `max-age= 5`) instead of guessing what they meant.
import { isToken } from './header-fields.js';
import type { Directives } from './types.js';

/** RFC 9111 §1.2.2: the value a cache uses for a delta-seconds it cannot represent. */
export const DELTA_SECONDS_MAX = 2_147_483_648;

export interface DirectiveElement {
  readonly name: string; // lower-cased
  readonly arg: string | true;
  /** Surrogate-Control's `;device-token` suffix (Edge Architecture 1.0); never set for Cache-Control. */
  readonly target: string | undefined;
}

/**
 * RFC 9111 §5.2: parses a Cache-Control value. Names compare case-insensitively (lower-cased here);
 * quoted-string arguments are unquoted (§5.6.4). A directive that appears twice keeps its FIRST
 * occurrence: §4.2.1 lets a cache use the first occurrence or treat the response as stale, and
 * first-wins keeps `max-age=60, max-age=0` cacheable the way most caches do.
 */
export function parseCacheControl(value: string | undefined): Directives {
  const out = new Map<string, string | true>();
  for (const element of scanDirectives(value ?? '', false)) {
    if (!out.has(element.name)) out.set(element.name, element.arg);
  }
  return out;
}

/**
 * RFC 9111 §1.2.2: delta-seconds is `1*DIGIT`; anything else (negative, '1.5', empty, no argument) is
 * invalid → undefined. Values past 2^31 become 2^31 (the §1.2.2 overflow rule).
 */
export function deltaSeconds(arg: string | true | undefined): number | undefined {
  if (typeof arg !== 'string' || !/^\d+$/.test(arg)) return undefined;
  const n = Number(arg);
  return n > DELTA_SECONDS_MAX ? DELTA_SECONDS_MAX : n;
}

/** Splits a directive list into well-formed elements; `allowTarget` accepts a `;token` suffix. */
export function scanDirectives(text: string, allowTarget: boolean): DirectiveElement[] {
  const out: DirectiveElement[] = [];
  let pos = 0;
  while (pos < text.length) {
    const read = readElement(text, pos, allowTarget);
    if (read.element) out.push(read.element);
    pos = read.next;
  }
  return out;
}

interface ElementRead {
  readonly element?: DirectiveElement;
  readonly next: number;
}

function readElement(text: string, start: number, allowTarget: boolean): ElementRead {
  let pos = skipOws(text, start);
  if (pos >= text.length) return { next: pos };
  if (text[pos] === ',') return { next: pos + 1 }; // RFC 9110 §5.6.1: tolerate empty elements
  const name = readToken(text, pos);
  pos += name.length;
  let ok = name.length > 0;
  let arg: string | true = true;
  if (ok && text[pos] === '=') {
    const value = readArgument(text, pos + 1);
    ok = value !== undefined;
    if (value) {
      arg = value.arg;
      pos = value.next;
    }
  }
  let target: string | undefined;
  if (ok && allowTarget && text[pos] === ';') {
    target = readToken(text, pos + 1).toLowerCase();
    ok = target.length > 0;
    pos += 1 + target.length;
  }
  pos = skipOws(text, pos);
  if (ok && (pos >= text.length || text[pos] === ',')) {
    return { element: { name: name.toLowerCase(), arg, target }, next: pos + 1 };
  }
  return { next: skipPastComma(text, pos) }; // junk: drop the whole element, keep the rest
}

function readArgument(text: string, start: number): { arg: string; next: number } | undefined {
  if (text[start] === '"') return readQuoted(text, start);
  const token = readToken(text, start);
  return token.length === 0 ? undefined : { arg: token, next: start + token.length };
}

/** RFC 9110 §5.6.4: a quoted-string with its quotes and backslash escapes removed. */
function readQuoted(text: string, start: number): { arg: string; next: number } | undefined {
  let arg = '';
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch === '"') return { arg, next: i + 1 };
    if (ch === '\\') arg += text[++i] ?? '';
    else arg += ch;
  }
  return undefined; // unterminated
}

function readToken(text: string, start: number): string {
  const m = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/.exec(text.slice(start));
  return m ? m[0] : '';
}

function skipOws(text: string, pos: number): number {
  let i = pos;
  while (text[i] === ' ' || text[i] === '\t') i++;
  return i;
}

function skipPastComma(text: string, pos: number): number {
  let quoted = false;
  for (let i = pos; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') return i + 1;
  }
  return text.length;
}

/** Serialises directives back into a Cache-Control value (arguments quoted when not tokens). */
export function formatCacheControl(directives: Directives): string {
  const parts: string[] = [];
  for (const [name, arg] of directives) {
    if (arg === true) parts.push(name);
    else parts.push(isToken(arg) ? `${name}=${arg}` : `${name}="${arg.replace(/[\\"]/g, (c) => `\\${c}`)}"`);
  }
  return parts.join(', ');
}
