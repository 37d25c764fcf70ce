// Tables of migration 202611291000_create_invalidations (domain.md §3, issue 5). Same conventions as
// schema.ts: epoch-ms numbers, JSON as text parsed by the repository, flags 0/1, the clock passed in.
import type { ColumnType } from 'kysely';
import type { Flag, Language } from './schema.js';

type Fixed<T> = ColumnType<T, T, never>;

export type InvalidationKindColumn = 'path' | 'tag' | 'property';
export type InvalidationTypeColumn = 'normal' | 'force';

export interface InvalidationsTable {
  id: Fixed<string>;
  scid: Fixed<string>;
  /** The group owning the service; the per-group rate limits count by it. */
  access_group_id: Fixed<string>;
  kind: Fixed<InvalidationKindColumn>;
  type: Fixed<InvalidationTypeColumn>;
  /** JSON array of aliases. */
  properties: Fixed<string>;
  /** JSON array of the items: paths, tags, or (kind property) the properties. */
  items: Fixed<string>;
  item_count: Fixed<number>;
  /** The items' JSON, lower-cased by the application (the "contains" search). */
  search_text: Fixed<string>;
  ignore_case: Fixed<Flag>;
  /** JSON array of e-mail addresses. */
  notify: Fixed<string>;
  requested_by: Fixed<string>;
  requester_email: Fixed<string | null>;
  language: Fixed<Language>;
  feed_seq: Fixed<number>;
  created_at: Fixed<number>;
  /**
   * Set once, when the request is settled: complete, and every done edge has reported its counts (or the
   * grace period for them ran out); the progress columns are frozen with it.
   */
  completed_at: number | null;
  edges_total: number | null;
  edges_done: number | null;
  /** Done edges whose counts are in objects_matched; null on rows settled before it existed (= edges_done). */
  edges_counted: number | null;
  objects_matched: number | null;
  /** JSON array of numbers, one per item. */
  items_matched: string | null;
  alerted_at: number | null;
  notified_at: number | null;
}

export interface InvalidationTables {
  invalidations: InvalidationsTable;
}
