// A readable structural diff between two versions of a configuration document (issue 4: "version history
// and a readable diff between two versions"): a list of changes, each at an RFC 6901 JSON pointer, with
// the value before and after. Pure, and our own rather than a JSON-patch library's, because of one rule a
// generic diff gets wrong for configurations:
//
// - Properties are matched by primary alias, not by position (domain.md §2: the primary alias names a
//   property everywhere and never changes). Inserting a property at the top then reads as one `add`, not
//   as every later property `replace`d by its neighbour. A matched or added property is pointed at by its
//   index in the `to` document (where the reader finds it now); a removed one by its index in `from`
//   (it has none in `to`). Changes come in `to` order, removed properties last. Moving a property is no
//   change at all: the order of properties means nothing at the edge, where each alias names one.
// - Every other array (aliases, rules, header removals, CIDR lists) is compared by index: order is meaning
//   there (the first matching rule wins, the first alias is the primary), so a moved rule is a change at
//   each position it moved through. Extra items at the end are `add` (pointer into `to`) or `remove`
//   (pointer into `from`).
// - Objects are compared key by key: a key only in `to` is `add`, only in `from` `remove`; keys in `to`'s
//   order first, then those only `from` has.
// - Any other difference (a scalar, or a value whose type changed, such as a list replaced by a string)
//   is one `replace`.
//
// It is for reading, not for applying: since pointers mix the two documents' indices as above, the list
// is not an RFC 6902 patch.
import { toJsonPointer } from '@candela/contract';
import type { ConfigurationDocument, DiffChange } from '@candela/contract';

type Path = (string | number)[];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function kindOf(v: unknown): 'array' | 'object' | 'scalar' {
  if (Array.isArray(v)) return 'array';
  return isObject(v) ? 'object' : 'scalar';
}

function diffValue(from: unknown, to: unknown, path: Path, out: DiffChange[]): void {
  const kind = kindOf(from);
  if (kind !== kindOf(to)) {
    out.push({ pointer: toJsonPointer(path), op: 'replace', before: from, after: to });
  } else if (kind === 'array') {
    diffArrays(from as unknown[], to as unknown[], path, out);
  } else if (kind === 'object') {
    diffObjects(from as Record<string, unknown>, to as Record<string, unknown>, path, out);
  } else if (from !== to) {
    out.push({ pointer: toJsonPointer(path), op: 'replace', before: from, after: to });
  }
}

function diffObjects(from: Record<string, unknown>, to: Record<string, unknown>, path: Path, out: DiffChange[]): void {
  // A key holding undefined (an optional field left out) is the same as no key: JSON has no undefined.
  const has = (o: Record<string, unknown>, key: string) => Object.hasOwn(o, key) && o[key] !== undefined;
  for (const key of Object.keys(to)) {
    if (!has(to, key)) continue;
    if (!has(from, key)) out.push({ pointer: toJsonPointer([...path, key]), op: 'add', after: to[key] });
    else if (path.length === 0 && key === 'properties') diffProperties(from[key], to[key], out);
    else diffValue(from[key], to[key], [...path, key], out);
  }
  for (const key of Object.keys(from)) {
    if (has(from, key) && !has(to, key)) out.push({ pointer: toJsonPointer([...path, key]), op: 'remove', before: from[key] });
  }
}

function diffArrays(from: readonly unknown[], to: readonly unknown[], path: Path, out: DiffChange[]): void {
  const common = Math.min(from.length, to.length);
  for (let i = 0; i < common; i++) diffValue(from[i], to[i], [...path, i], out);
  for (let i = common; i < to.length; i++) out.push({ pointer: toJsonPointer([...path, i]), op: 'add', after: to[i] });
  for (let i = common; i < from.length; i++) out.push({ pointer: toJsonPointer([...path, i]), op: 'remove', before: from[i] });
}

function primaryOf(property: unknown): string | undefined {
  const aliases = isObject(property) ? property['aliases'] : undefined;
  const first: unknown = Array.isArray(aliases) ? aliases[0] : undefined;
  return typeof first === 'string' ? first : undefined;
}

/** Properties matched by primary alias (see the top of the file); anything but two lists is a replace. */
function diffProperties(from: unknown, to: unknown, out: DiffChange[]): void {
  if (!Array.isArray(from) || !Array.isArray(to)) {
    diffValue(from, to, ['properties'], out);
    return;
  }
  // A validated document has each primary alias once; should one repeat, pair them up in order.
  const unmatched = new Map<string, number[]>();
  from.forEach((p, i) => {
    const alias = primaryOf(p);
    if (alias !== undefined) unmatched.set(alias, [...(unmatched.get(alias) ?? []), i]);
  });
  const matched = new Set<number>();
  to.forEach((p, j) => {
    const alias = primaryOf(p);
    const i = alias === undefined ? undefined : unmatched.get(alias)?.shift();
    if (i === undefined) {
      out.push({ pointer: toJsonPointer(['properties', j]), op: 'add', after: p });
    } else {
      matched.add(i);
      diffValue(from[i], p, ['properties', j], out);
    }
  });
  from.forEach((p, i) => {
    if (!matched.has(i)) out.push({ pointer: toJsonPointer(['properties', i]), op: 'remove', before: p });
  });
}

/** What changed from `from` to `to`; an empty list when the documents are equal. */
export function diffDocuments(from: ConfigurationDocument, to: ConfigurationDocument): DiffChange[] {
  const out: DiffChange[] = [];
  diffValue(from, to, [], out);
  return out;
}
