// Narrows an invalidation to the stored entries that could match it (issue 5: purging `/assets/*.jpg`
// among 100,000 objects should cost what the .jpg ones cost). Each store files its entries by property
// and by path extension (contract pathExtensionKey); an invalidation names the properties and, when its
// patterns fix one, the extensions it can reach. The scope only decides which entries are asked: the
// invalidation's predicate still decides each of them, so a scope may be wider than needed, never narrower.
import { pathExtensionKey } from '@candela/contract';
import type { EntryMeta } from './types.js';

/** propertyId → the extension keys reached, or undefined for every entry of that property. */
export type EntryScope = ReadonlyMap<string, ReadonlySet<string> | undefined>;

/**
 * The union of several requests' scopes; undefined (every entry of every property) as soon as one of
 * them is unscoped.
 */
export function unionScopes(scopes: readonly (EntryScope | undefined)[]): EntryScope | undefined {
  const union = new Map<string, Set<string> | undefined>();
  for (const scope of scopes) {
    if (scope === undefined) return undefined;
    for (const [propertyId, extensions] of scope) {
      const held = union.get(propertyId);
      if (extensions === undefined || (union.has(propertyId) && held === undefined)) union.set(propertyId, undefined);
      else union.set(propertyId, new Set([...(held ?? []), ...extensions]));
    }
  }
  return union;
}

/** One property's entries with one extension; an item may keep its bucket to be removed without a lookup. */
export interface ScopeBucket<T> {
  readonly propertyId: string;
  readonly key: string;
  readonly items: Set<T>;
}

/** The entries of a store (memory slots, disk records) filed by property and extension. */
export class ScopeIndex<T extends { readonly meta: EntryMeta }> {
  readonly #byProperty = new Map<string, Map<string, ScopeBucket<T>>>();

  /** Files an item (its meta's propertyId and path must not change while it is filed); returns its bucket. */
  add(item: T): ScopeBucket<T> {
    const { propertyId, path } = item.meta;
    let byExtension = this.#byProperty.get(propertyId);
    if (byExtension === undefined) {
      byExtension = new Map();
      this.#byProperty.set(propertyId, byExtension);
    }
    const key = pathExtensionKey(path);
    let bucket = byExtension.get(key);
    if (bucket === undefined) {
      bucket = { propertyId, key, items: new Set() };
      byExtension.set(key, bucket);
    }
    bucket.items.add(item);
    return bucket;
  }

  /** Removes exactly this item (a newer one filed under the same key stays), from `bucket` when known. */
  remove(item: T, bucket?: ScopeBucket<T>): void {
    const held = bucket ?? this.#byProperty.get(item.meta.propertyId)?.get(pathExtensionKey(item.meta.path));
    if (held === undefined || !held.items.delete(item) || held.items.size > 0) return;
    const byExtension = this.#byProperty.get(held.propertyId);
    // Emptied: dropped, unless a new bucket already took its place (then that one is not ours to drop).
    if (byExtension?.get(held.key) !== held) return;
    byExtension.delete(held.key);
    if (byExtension.size === 0) this.#byProperty.delete(held.propertyId);
  }

  /** The items in scope that `accept` selects, collected before the caller changes anything. */
  select(scope: EntryScope, accept: (item: T) => boolean): T[] {
    const selected: T[] = [];
    const take = (bucket: ScopeBucket<T> | undefined): void => {
      if (bucket !== undefined) for (const item of bucket.items) if (accept(item)) selected.push(item);
    };
    for (const [propertyId, extensions] of scope) {
      const byExtension = this.#byProperty.get(propertyId);
      if (byExtension === undefined) continue;
      if (extensions === undefined) for (const bucket of byExtension.values()) take(bucket);
      else for (const key of extensions) take(byExtension.get(key));
    }
    return selected;
  }
}
