// The opaque ?cursor= of the key list (docs/api.md paging): the position of the last key of a page, as
// base64url JSON. Opaque to clients so the ordering can change without breaking them.
import type { KeyPosition } from './repository.js';

export function encodeKeyCursor(position: KeyPosition): string {
  return Buffer.from(JSON.stringify([position.createdAtMs, position.id]), 'utf8').toString('base64url');
}

/** Undefined for anything this API did not hand out. */
export function decodeKeyCursor(cursor: string): KeyPosition | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
  const [createdAtMs, id] = parsed as unknown[];
  if (typeof createdAtMs !== 'number' || !Number.isSafeInteger(createdAtMs) || typeof id !== 'string' || id === '') return undefined;
  return { createdAtMs, id };
}
