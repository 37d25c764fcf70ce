// Small rules every store tier shares, so the tiers cannot drift apart on them.
import type { EntryMeta, EntryPredicate, StoredEntry } from './types.js';

/**
 * One string per (primary key, variant key). Neither part can contain a line feed (URLs and header field
 * values never do), so joining with '\n' cannot make two different pairs collide. Without a variant (no
 * Vary, most entries) it is the primary key itself: no new string to build and hash, which counts when an
 * invalidation records 10,000s of entries; it has no '\n', so it cannot equal a joined key either.
 */
export function entryKey(primaryKey: string, variantKey: string): string {
  return variantKey === '' ? primaryKey : primaryKey + '\n' + variantKey;
}

/**
 * A meta whose bodyBytes disagrees with the body would be "corrupt" the moment the disk tier read it back;
 * failing at put time points at the caller that built it instead.
 */
export function assertBodyBytes(entry: StoredEntry): void {
  if (entry.meta.bodyBytes !== entry.body.length) {
    throw new RangeError(
      `meta.bodyBytes (${entry.meta.bodyBytes}) differs from the body length (${entry.body.length}) ` +
        `for ${JSON.stringify(entry.meta.primaryKey)}`,
    );
  }
}

/**
 * Invalidations apply to entries stored at or before the invalidation time, so that a response fetched
 * after a purge (and stored while the purge was still being applied) is not purged by it.
 */
export function invalidationApplies(meta: EntryMeta, match: EntryPredicate, beforeMs: number): boolean {
  return meta.storedAtMs <= beforeMs && match(meta);
}

/** Fixed cost of a meta object beyond its strings (object headers, numbers, arrays, map slots). */
const META_OVERHEAD_BYTES = 256;
/** Per-string cost beyond its characters (string header, array or map slot). */
const PER_STRING_BYTES = 16;

/**
 * Approximate heap bytes of a meta object. Exactness does not matter; what matters is that an entry with a
 * tiny body but large headers is not counted as free, or the memory tier could hold far more than its budget.
 */
export function estimateMetaBytes(meta: EntryMeta): number {
  let bytes =
    META_OVERHEAD_BYTES +
    meta.primaryKey.length +
    meta.variantKey.length +
    meta.propertyId.length +
    meta.path.length +
    meta.query.length;
  for (const [name, value] of Object.entries(meta.headers)) {
    bytes += PER_STRING_BYTES + name.length;
    if (typeof value === 'string') bytes += PER_STRING_BYTES + value.length;
    else for (const item of value) bytes += PER_STRING_BYTES + item.length;
  }
  for (const name of meta.vary) bytes += PER_STRING_BYTES + name.length;
  for (const tag of meta.tags) bytes += PER_STRING_BYTES + tag.length;
  return bytes;
}
