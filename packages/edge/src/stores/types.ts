// The cache store interface shared by the memory tier and the disk tier (and, in cluster mode, by the
// worker-side client of the disk tier). Every implementation passes the suite in store-contract.ts.
import type { EntryScope } from './entry-scope.js';

/** Response header fields as Node gives them: lower-case names, repeated fields as arrays. */
export type HeaderMap = Record<string, string | string[]>;

/** How an invalidation left an entry: soft = must revalidate before reuse, hard = entries are removed. */
export type InvalidationMark = 'soft';

/** Everything about a stored response except its body. Timestamps are epoch milliseconds. */
export interface EntryMeta {
  /** Primary cache key (property + path [+ query]); see http-cache cache-key rules. */
  readonly primaryKey: string;
  /** Secondary key built from the request fields named by Vary (RFC 9111 §4.1); '' when no Vary. */
  readonly variantKey: string;
  /** Property this entry belongs to (used by whole-property invalidation and metrics). */
  readonly propertyId: string;
  /** Request path and query (for wildcard invalidation), as received, after web-root stripping. */
  readonly path: string;
  readonly query: string;
  readonly status: number;
  /** Stored response header fields (hop-by-hop and cache-tag fields already removed). */
  headers: HeaderMap;
  /** Field names the response varies on (lower-case); ['*'] never matches (§4.1). */
  readonly vary: readonly string[];
  /** Cache tags from Surrogate-Key / Cache-Tag, limited per domain.md §3. */
  readonly tags: readonly string[];
  /** When the request that produced the response was sent, and when its response arrived (§4.2.3). */
  requestAtMs: number;
  responseAtMs: number;
  /** When the entry was (last) written to the store; invalidations apply to entries stored before them. */
  storedAtMs: number;
  /** Freshness lifetime decided when stored (policy already applied). */
  freshnessMs: number;
  /** Set by a soft invalidation: the entry must be revalidated before it is reused. */
  invalidated?: InvalidationMark;
  readonly bodyBytes: number;
}

export interface StoredEntry {
  readonly meta: EntryMeta;
  readonly body: Buffer;
}

/** Selects entries for invalidation. Pure predicate over metadata; stores only iterate. */
export type EntryPredicate = (meta: EntryMeta) => boolean;

export interface CacheStore {
  /** Every variant stored under a primary key (bodies are not loaded). */
  variants(primaryKey: string): Promise<EntryMeta[]>;
  /** One entry with its complete body, or undefined when absent, incomplete or corrupt. */
  get(primaryKey: string, variantKey: string): Promise<StoredEntry | undefined>;
  /** Stores (or replaces) an entry. The entry becomes visible only once fully written. */
  put(entry: StoredEntry): Promise<void>;
  /** Replaces the metadata of an existing entry (304 header update, soft invalidation). */
  updateMeta(meta: EntryMeta): Promise<void>;
  delete(primaryKey: string, variantKey: string): Promise<boolean>;
  /**
   * Applies an invalidation to every entry stored at or before `beforeMs` that matches: soft marks it,
   * hard deletes it. Returns the number of entries matched. With a scope, only entries within it are
   * asked (entry-scope.ts): the caller promises that `match` selects nothing outside it.
   */
  invalidate(match: EntryPredicate, mode: 'soft' | 'hard', beforeMs: number, scope?: EntryScope): Promise<number>;
  /**
   * Optional: marks an entry as just used without reading it, so a lower tier's LRU order follows the
   * hits a tier above it served from its own copy. Synchronous and cheap; unknown keys are ignored.
   */
  touch?(primaryKey: string, variantKey: string): void;
  /** Bytes of bodies and metadata currently held, and the number of entries. */
  stats(): { bytes: number; entries: number; maxBytes: number };
  close(): Promise<void>;
}
