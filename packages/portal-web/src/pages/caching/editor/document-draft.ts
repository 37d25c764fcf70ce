// The editor's draft: the configuration document as plain JSON, edited in place by path. The form and the
// JSON view edit this one value, so switching between them never loses what the form does not show (IP
// restrictions, definitions, timeouts): the form only ever writes the paths of its own fields. Values the
// schema would reject (a port typed as "80a") are kept as typed, so the schema can say what is wrong
// beside the field instead of the form silently dropping the input.

export type JsonPath = readonly (string | number)[];
export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function listAt(root: unknown, path: JsonPath): readonly unknown[] {
  const value = getAt(root, path);
  return Array.isArray(value) ? value : [];
}

export function getAt(root: unknown, path: JsonPath): unknown {
  let current = root;
  for (const key of path) {
    if (Array.isArray(current) && typeof key === 'number') current = current[key];
    else if (isRecord(current) && typeof key === 'string') current = Object.hasOwn(current, key) ? current[key] : undefined;
    else return undefined;
  }
  return current;
}

/**
 * A copy of `root` with `value` at `path`; containers missing on the way are created. `undefined` removes
 * an object key (an optional field left empty is absent, not ""), and keeps the other keys in their order.
 */
export function setAt(root: unknown, path: JsonPath, value: unknown): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return value;
  if (typeof key === 'number') {
    const list = Array.isArray(root) ? [...(root as unknown[])] : [];
    list[key] = setAt(list[key], rest, value);
    return list;
  }
  const record: JsonRecord = isRecord(root) ? { ...root } : {};
  const next = setAt(record[key], rest, value);
  if (next === undefined) delete record[key];
  else record[key] = next;
  return record;
}

/** The list at `path` changed by `change` (a copy), for adding, removing and reordering items. */
export function updateList(root: unknown, path: JsonPath, change: (list: unknown[]) => unknown[]): unknown {
  return setAt(root, path, change([...listAt(root, path)]));
}

export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length || from === to) return [...list];
  const copy = [...list];
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item as T);
  return copy;
}

/** A value as an input shows it: strings as they are, numbers and booleans as text, nothing as "". */
export function textOfValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value === undefined || value === null ? '' : JSON.stringify(value);
}

/** Optional text fields: empty means "not set", so the key goes away. */
export function optionalText(text: string): string | undefined {
  return text === '' ? undefined : text;
}

/** Whole numbers become numbers; anything else stays text for the schema to report beside the field. */
export function optionalNumber(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^[0-9]{1,9}$/.test(trimmed) ? Number(trimmed) : text;
}

/** What "New configuration" and "Add property" start from: the fields the schema requires, empty. */
export function emptyProperty(): JsonRecord {
  return { aliases: [''], origin: { protocol: 'http', host: '' }, clientProtocols: 'both', defaults: {}, rules: [] };
}

export function emptyRule(): JsonRecord {
  return { match: { op: '*=', value: '', negate: false }, behaviours: {} };
}

export function newDocument(): JsonRecord {
  return { properties: [emptyProperty()] };
}

/** The primary aliases of a document, well-formed or not (for the "cannot change" hint and check). */
export function primaryAliases(document: unknown): string[] {
  return listAt(document, ['properties'])
    .map((property) => getAt(property, ['aliases', 0]))
    .filter((alias): alias is string => typeof alias === 'string' && alias !== '');
}

export function formatJson(document: unknown): string {
  return JSON.stringify(document, null, 2);
}
