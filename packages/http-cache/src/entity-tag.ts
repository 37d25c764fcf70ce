// Entity tags and their two comparison functions (RFC 9110 §8.8.3).
import { getHeader } from './header-fields.js';
import type { HeaderMap } from './types.js';

export interface EntityTag {
  readonly weak: boolean;
  /** The opaque-tag without its double quotes. */
  readonly opaque: string;
}

/**
 * RFC 9110 §8.8.3 / §13.1.1: parses an ETag, If-Match or If-None-Match value: '*' or a list of
 * entity-tags (an empty list when absent or unparseable). Robust to what origins really send: `w/`
 * counts as `W/`, and an unquoted tag `abc` is read as `"abc"`. Quoted tags may contain commas.
 */
export function parseEntityTags(value: string | undefined): '*' | EntityTag[] {
  if (value === undefined) return [];
  const text = value.replace(/^[ \t]+|[ \t]+$/g, '');
  if (text === '*') return '*';
  const tags: EntityTag[] = [];
  let pos = 0;
  while (pos < text.length) {
    const read = readEntityTag(text, pos);
    if (read.tag) tags.push(read.tag);
    pos = read.next;
  }
  return tags;
}

function readEntityTag(text: string, start: number): { tag?: EntityTag; next: number } {
  let pos = start;
  while (text[pos] === ' ' || text[pos] === '\t' || text[pos] === ',') pos++;
  if (pos >= text.length) return { next: pos };
  const weak = text.slice(pos, pos + 2).toUpperCase() === 'W/';
  if (weak) pos += 2;
  let opaque: string;
  if (text[pos] === '"') {
    const close = text.indexOf('"', pos + 1);
    if (close < 0) return { next: text.length };
    opaque = text.slice(pos + 1, close);
    pos = close + 1;
  } else {
    const m = /^[^\s,"]+/.exec(text.slice(pos));
    if (!m) return { next: skipToComma(text, pos) };
    opaque = m[0];
    pos += opaque.length;
  }
  while (text[pos] === ' ' || text[pos] === '\t') pos++;
  if (pos < text.length && text[pos] !== ',') return { next: skipToComma(text, pos) };
  return { tag: { weak, opaque }, next: pos + 1 };
}

function skipToComma(text: string, pos: number): number {
  const comma = text.indexOf(',', pos);
  return comma < 0 ? text.length : comma + 1;
}

/** RFC 9110 §8.8.3: the wire form of an entity-tag. */
export function formatEntityTag(tag: EntityTag): string {
  return `${tag.weak ? 'W/' : ''}"${tag.opaque}"`;
}

/** RFC 9110 §8.8.3.2 strong comparison: neither is weak and the opaque tags are identical. */
export function strongMatch(a: EntityTag, b: EntityTag): boolean {
  return !a.weak && !b.weak && a.opaque === b.opaque;
}

/** RFC 9110 §8.8.3.2 weak comparison: the opaque tags are identical, weakness ignored. */
export function weakMatch(a: EntityTag, b: EntityTag): boolean {
  return a.opaque === b.opaque;
}

/** The response's own ETag (a singleton field, §8.8.3), or undefined. */
export function responseEntityTag(h: HeaderMap): EntityTag | undefined {
  const tags = parseEntityTags(getHeader(h, 'etag'));
  return tags === '*' ? undefined : tags[0];
}
