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

/** The entries of a store (memory slots, disk records) filed by property and extension. */
export class ScopeIndex<T extends { readonly meta: EntryMeta }> {
  readonly #byProperty = new Map<string, Map<string, Set<T>>>();

  /** Files an item; its meta's propertyId and path must not change while it is filed. */
  add(item: T): void {
    let byExtension = this.#byProperty.get(item.meta.propertyId);
    if (byExtension === undefined) {
      byExtension = new Map();
      this.#byProperty.set(item.meta.propertyId, byExtension);
    }
    const key = pathExtensionKey(item.meta.path);
    let items = byExtension.get(key);
    if (items === undefined) {
      items = new Set();
      byExtension.set(key, items);
    }
    items.add(item);
  }

  /** Removes exactly this item (a newer one filed under the same key stays). */
  remove(item: T): void {
    const byExtension = this.#byProperty.get(item.meta.propertyId);
    const key = pathExtensionKey(item.meta.path);
    const items = byExtension?.get(key);
    if (byExtension === undefined || items === undefined || !items.delete(item)) return;
    if (items.size > 0) return;
    byExtension.delete(key);
    if (byExtension.size === 0) this.#byProperty.delete(item.meta.propertyId);
  }

  /** The items in scope that `accept` selects, collected before the caller changes anything. */
  select(scope: EntryScope, accept: (item: T) => boolean): T[] {
    const selected: T[] = [];
    const take = (items: Set<T> | undefined): void => {
      if (items !== undefined) for (const item of items) if (accept(item)) selected.push(item);
    };
    for (const [propertyId, extensions] of scope) {
      const byExtension = this.#byProperty.get(propertyId);
      if (byExtension === undefined) continue;
      if (extensions === undefined) for (const items of byExtension.values()) take(items);
      else for (const key of extensions) take(byExtension.get(key));
    }
    return selected;
  }
}
