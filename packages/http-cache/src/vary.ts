// Secondary cache keys from Vary (RFC 9111 §4.1, RFC 9110 §12.5.5).
import { fieldLines, listElements } from './header-fields.js';
import type { HeaderMap } from './types.js';

/**
 * RFC 9110 §12.5.5: the field names a response varies on, lower-cased, trimmed and de-duplicated in
 * order of appearance. A '*' member anywhere (even among names or on another line) is kept as '*'.
 */
export function varyFields(res: HeaderMap): string[] {
  const names = listElements(res, 'vary').map((name) => name.toLowerCase());
  return [...new Set(names)];
}

/**
 * RFC 9111 §4.1: a string that is equal for two requests exactly when their Vary-named fields match
 * after normalisation: lines combined with ", " (§5.3), whitespace around commas removed, names
 * lower-cased and sorted (so "A, B" and "B, A" produce one key). An absent field (null) differs from
 * an empty one (""). '' when nothing varies; undefined for Vary: * (it never matches, §4.1).
 */
export function variantKey(req: HeaderMap, fields: readonly string[]): string | undefined {
  const names = [...new Set(fields.map((name) => name.trim().toLowerCase()))].filter((name) => name !== '');
  if (names.includes('*')) return undefined;
  if (names.length === 0) return '';
  names.sort();
  return JSON.stringify(names.map((name) => [name, normalisedFieldValue(req, name)]));
}

/** RFC 9111 §4.1: the normalisation applied before comparing a Vary-named request field. */
export function normalisedFieldValue(req: HeaderMap, name: string): string | null {
  const lines = fieldLines(req, name);
  if (lines.length === 0) return null;
  return lines
    .join(',')
    .split(',')
    .map((part) => part.replace(/^[ \t]+|[ \t]+$/g, ''))
    .join(',');
}
