// Compile-once queries for the request path. Kysely rebuilds and recompiles a query's operation tree on
// every execution: on the API's hot path that was about a fifth of the control plane's CPU, plus the
// garbage it leaves (docs/benchmarks.md, "Control plane API"). A query whose SQL depends only on the
// *shape* of its parameters is built once per database and shape with placeholder values, and each call
// reuses the compiled SQL with its own values in their places.
import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Database } from './schema.js';

type Value = string | number | null;
/**
 * Strings, numbers and null are bound values; arrays of them are bound values whose length is part of
 * the shape (an `in (…)` list); booleans are part of the shape (they may choose between SQL texts).
 */
export type ReusableParams = Readonly<Record<string, Value | readonly Value[] | boolean>>;

type Slot = { readonly constant: unknown } | { readonly key: string; readonly index: number | undefined };

interface Template {
  readonly compiled: CompiledQuery;
  readonly slots: readonly Slot[];
}

const MARK = '\u0000candela-param\u0000';
const MAX_SHAPES = 64;

function shapeOf(params: ReusableParams): string {
  return Object.keys(params)
    .sort()
    .map((key) => {
      const value = params[key];
      return `${key}:${Array.isArray(value) ? `[${value.length}]` : typeof value === 'boolean' ? String(value) : '-'}`;
    })
    .join(',');
}

function placeholders(params: ReusableParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'boolean') out[key] = value;
    else if (Array.isArray(value)) out[key] = value.map((_, index) => `${MARK}${key}\u0000${index}`);
    else out[key] = `${MARK}${key}`;
  }
  return out;
}

function slotOf(parameter: unknown): Slot {
  if (typeof parameter !== 'string' || !parameter.startsWith(MARK)) return { constant: parameter };
  const [key = '', index] = parameter.slice(MARK.length).split('\u0000');
  return { key, index: index === undefined ? undefined : Number(index) };
}

function valueOf(slot: Slot, params: ReusableParams): unknown {
  if ('constant' in slot) return slot.constant;
  const value = params[slot.key];
  return slot.index === undefined ? value : (value as readonly Value[])[slot.index];
}

/**
 * Wraps `build` so its compiled SQL is kept per database and parameter shape. `build` must use the
 * parameters only as bound values (never in `sql.lit`, `sql.raw` or an identifier, never branching on
 * a value); it may branch on an array's length or a boolean, which are part of the shape. A placeholder
 * found in the SQL text itself is refused at the first call, so misuse fails loudly, not wrongly.
 */
export function reusableQuery<P extends ReusableParams, Row>(build: (db: Kysely<Database>, params: P) => Compilable<Row>): (db: Kysely<Database>, params: P) => Promise<Row[]> {
  const templates = new WeakMap<Kysely<Database>, Map<string, Template>>();
  return async (db, params) => {
    let byShape = templates.get(db);
    if (byShape === undefined) {
      byShape = new Map();
      templates.set(db, byShape);
    }
    const shape = shapeOf(params);
    let template = byShape.get(shape);
    if (template === undefined) {
      const compiled = build(db, placeholders(params) as P).compile();
      if (compiled.sql.includes(MARK)) throw new Error('reusableQuery: a parameter was written into the SQL text instead of bound');
      template = { compiled, slots: compiled.parameters.map(slotOf) };
      // Shapes are few (array lengths are grant counts); past the bound, new ones are compiled but not kept.
      if (byShape.size < MAX_SHAPES) byShape.set(shape, template);
    }
    const { compiled, slots } = template;
    const result = await db.executeQuery<Row>({ ...compiled, parameters: slots.map((slot) => valueOf(slot, params)) });
    return result.rows;
  };
}
