// Opaque keyset cursors for paged lists (docs/api.md "Conventions"): the sort key of a page's last row,
// carried as base64url JSON. Clients only hand back what we gave them; anything else — edited, truncated,
// or a cursor of another list — decodes to undefined and the route answers 400 rather than guessing.

export type CursorPart = 'string' | 'number';

type Decoded<S extends readonly CursorPart[]> = { -readonly [I in keyof S]: S[I] extends 'number' ? number : string };

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The key a cursor carries when it has exactly `shape`'s parts and types; undefined otherwise. */
export function decodeCursor<const S extends readonly CursorPart[]>(text: string, shape: S): Decoded<S> | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== shape.length) return undefined;
  const fits = shape.every((type, i) => {
    const value: unknown = parsed[i];
    return type === 'number' ? Number.isSafeInteger(value) : typeof value === 'string';
  });
  return fits ? (parsed as Decoded<S>) : undefined;
}
