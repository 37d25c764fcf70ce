// Reading header fields: combining repeated lines and splitting the comma-separated list syntax that
// most caching fields share (RFC 9110 §5.3, §5.6.1). Names are expected in lower case, as node gives them.
import type { HeaderMap } from './types.js';

/** RFC 9110 §5.3: several lines of one field mean the same as one line with the values joined by ", ". */
export function getHeader(h: HeaderMap, name: string): string | undefined {
  const value = h[name.toLowerCase()];
  if (value === undefined || typeof value === 'string') return value;
  return value.length === 0 ? undefined : value.join(', ');
}

/** The field's lines as received; rules that must tell "two lines" from "one line" use this. */
export function fieldLines(h: HeaderMap, name: string): string[] {
  const value = h[name.toLowerCase()];
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}

/** RFC 9110 §5.6.3: optional whitespace is spaces and horizontal tabs only. */
export function trimOws(text: string): string {
  return text.replace(/^[ \t]+|[ \t]+$/g, '');
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** RFC 9110 §5.6.2 token. */
export function isToken(text: string): boolean {
  return TOKEN.test(text);
}

/**
 * RFC 9110 §5.6.1: splits a #list into its elements, trimming whitespace and dropping the empty elements
 * a recipient must tolerate. Commas inside quoted strings (§5.6.4) do not split.
 */
export function splitList(value: string | undefined): string[] {
  if (value === undefined) return [];
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(trimOws(value.slice(start, i)));
      start = i + 1;
    }
  }
  out.push(trimOws(value.slice(start)));
  return out.filter((element) => element !== '');
}

/** Every list element of every line of a field, in order. */
export function listElements(h: HeaderMap, name: string): string[] {
  return fieldLines(h, name).flatMap((line) => splitList(line));
}

/** A copy without the given (lower-case) field names; undefined values are dropped as well. */
export function withoutFields(h: HeaderMap, drop: (name: string) => boolean): HeaderMap {
  const out: HeaderMap = {};
  for (const name of Object.keys(h)) {
    const value = h[name];
    if (value !== undefined && !drop(name.toLowerCase())) out[name] = value;
  }
  return out;
}
