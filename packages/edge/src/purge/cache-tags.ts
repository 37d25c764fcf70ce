// Cache tags (domain.md §3, "purge by cache tag"): the origin labels a response with keys in
// `Surrogate-Key` (Fastly style, space-separated) and/or `Cache-Tag` (Cloudflare style, comma-separated);
// a later purge names a key and every object carrying it is invalidated. Limits of domain.md §3: a key is
// at most 1024 bytes, a header at most 16 KiB, at most 256 keys per response and per purge request.
//
// Decisions:
// - Both fields are split on commas AND whitespace. A purge request can never name a tag containing
//   either (validateTagList), so keeping such a tag would make it unpurgeable; and Node joins repeated
//   header lines with ", ", which would otherwise glue two Surrogate-Key lines' keys together.
// - Keys are case-sensitive (as Fastly and Akamai do): `Product-1` and `product-1` are different tags.
// - Surrogate-Key is read before Cache-Tag; duplicates keep their first position.
// - Only keys lying entirely within the first 16 KiB (UTF-8) of each field's value are kept, like Fastly;
//   the rest are ignored and counted as dropped. A key over 1024 bytes is dropped on its own, without
//   taking the keys after it down with it (Fastly drops all of them; there is no reason to).
// - `dropped` counts distinct keys that were not kept, so an operator can tell the origin what was lost.
// - Lengths are UTF-8 bytes of the string as given: the caller hands in header values as text.

/** Response fields that carry tags; they are for the edge only and are stripped before the client. */
export const CACHE_TAG_FIELDS = ['surrogate-key', 'cache-tag'] as const;

export const MAX_TAG_BYTES = 1024;
export const MAX_TAG_FIELD_BYTES = 16 * 1024;
export const MAX_TAGS = 256;

const KEY = /[^\s,]+/gu;

export interface ParsedCacheTags {
  readonly tags: string[];
  /** Distinct keys that were seen but not kept (too long, past 16 KiB, past 256, or malformed). */
  readonly dropped: number;
}

export function parseCacheTags(res: Record<string, string | string[] | undefined>): ParsedCacheTags {
  const tags: string[] = [];
  const kept = new Set<string>();
  const rejected = new Set<string>();
  for (const field of CACHE_TAG_FIELDS) {
    for (const { key, endByte } of keysOf(fieldValue(res, field))) {
      if (kept.has(key)) continue;
      if (endByte > MAX_TAG_FIELD_BYTES || tags.length >= MAX_TAGS || tagProblem(key) !== undefined) {
        rejected.add(key);
        continue;
      }
      kept.add(key);
      tags.push(key);
    }
  }
  let dropped = 0;
  for (const key of rejected) if (!kept.has(key)) dropped++;
  return { tags, dropped };
}

/**
 * The field's value as on the wire: header names are case-insensitive (RFC 9110 §5.1), and repeated
 * lines combine into one value joined by ", " (RFC 9110 §5.3), which is what the 16 KiB limit measures.
 */
function fieldValue(res: Record<string, string | string[] | undefined>, field: string): string {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(res)) {
    if (value === undefined || name.toLowerCase() !== field) continue;
    if (typeof value === 'string') lines.push(value);
    else lines.push(...value);
  }
  return lines.join(', ');
}

/** Each key with the UTF-8 byte offset where it ends in the field value. */
function* keysOf(value: string): Generator<{ key: string; endByte: number }> {
  let bytes = 0;
  let consumed = 0;
  for (const match of value.matchAll(KEY)) {
    const end = match.index + match[0].length;
    bytes += Buffer.byteLength(value.slice(consumed, end), 'utf8');
    consumed = end;
    // Keys past the budget are still produced so that the caller can count them as dropped.
    yield { key: match[0], endByte: bytes };
  }
}

/** Why a single tag is unusable, or undefined when it is fine. Shared by responses and purge requests. */
export function tagProblem(tag: string): string | undefined {
  if (tag.length === 0) return 'a tag cannot be empty';
  const bytes = Buffer.byteLength(tag, 'utf8');
  if (bytes > MAX_TAG_BYTES) return `a tag is at most ${MAX_TAG_BYTES} bytes (UTF-8); this one is ${bytes}`;
  if (/[\s,]/u.test(tag)) return 'a tag cannot contain whitespace or commas (they separate tags in the headers)';
  for (let i = 0; i < tag.length; i++) {
    const code = tag.charCodeAt(i);
    // Control characters cannot travel in an HTTP field value, so no response could carry such a tag.
    if (code < 0x20 || code === 0x7f) return 'a tag cannot contain control characters';
  }
  return undefined;
}

export type TagListCheck = { ok: true } | { ok: false; index: number; message: string };

/**
 * Checks the tags of a purge request: 1 to 256 tags, each one that a response could have carried.
 * `index` points at the offending tag (for too many tags: the first one over the limit).
 */
export function validateTagList(tags: readonly string[]): TagListCheck {
  // An empty list would purge nothing; it is a client mistake, not a no-op to acknowledge.
  if (tags.length === 0) return { ok: false, index: 0, message: 'at least one tag is required' };
  if (tags.length > MAX_TAGS) {
    return { ok: false, index: MAX_TAGS, message: `at most ${MAX_TAGS} tags per request, got ${tags.length}` };
  }
  for (const [index, tag] of tags.entries()) {
    const message = tagProblem(tag);
    if (message !== undefined) return { ok: false, index, message };
  }
  return { ok: true };
}
