// Tables of migration 202611281400_create_configurations (domain.md §2, issue 4). Same conventions as
// schema.ts: epoch-ms numbers, JSON as text parsed by the repository, the clock passed in.
import type { ColumnType } from 'kysely';

type Fixed<T> = ColumnType<T, T, never>;

export type ActivationTargetColumn = 'staging' | 'production' | 'candidate' | 'promote';
export type ActivationStatusColumn = 'pending' | 'propagating' | 'active' | 'rolled-back' | 'superseded';
export type NetworkColumn = 'staging' | 'production';

export interface ConfigurationsTable {
  id: Fixed<string>;
  scid: Fixed<string>;
  name: string;
  latest_version: number;
  created_by: Fixed<string>;
  created_at: Fixed<number>;
}

/** Immutable: rows are inserted, never updated (no Updateable columns). */
export interface ConfigurationVersionsTable {
  configuration_id: Fixed<string>;
  version: Fixed<number>;
  /** The ConfigurationDocument as JSON. */
  document: Fixed<string>;
  comment: Fixed<string>;
  created_by: Fixed<string>;
  created_at: Fixed<number>;
}

export interface ConfigurationSlotsTable {
  configuration_id: Fixed<string>;
  staging_version: number | null;
  current_version: number | null;
  candidate_version: number | null;
  candidate_percent: number | null;
  updated_at: number;
}

export interface ActiveAliasesTable {
  alias: Fixed<string>;
  network: Fixed<NetworkColumn>;
  configuration_id: string;
  scid: string;
}

export interface ActivationsTable {
  id: Fixed<string>;
  configuration_id: Fixed<string>;
  scid: Fixed<string>;
  target: Fixed<ActivationTargetColumn>;
  version: Fixed<number | null>;
  percent: Fixed<number | null>;
  comment: Fixed<string>;
  status: ActivationStatusColumn;
  feed_seq: number | null;
  edges_total: ColumnType<number, number | undefined, number>;
  edges_done: ColumnType<number, number | undefined, number>;
  reason_code: string | null;
  reason_detail: string | null;
  /** JSON of the slots before this activation. */
  previous_slots: Fixed<string>;
  requested_by: Fixed<string>;
  created_at: Fixed<number>;
  finished_at: number | null;
}

export interface FeedStateTable {
  id: Fixed<number>;
  last_seq: number;
}

export interface FeedEventsTable {
  seq: Fixed<number>;
  kind: Fixed<string>;
  payload: Fixed<string>;
  created_at: Fixed<number>;
}

export interface EdgesTable {
  id: Fixed<string>;
  name: string;
  region: string;
  metro: string;
  token_hash: string;
  applied_version: ColumnType<number, number | undefined, number>;
  cursor: ColumnType<number, number | undefined, number>;
  health: string | null;
  last_heartbeat_at: number | null;
  removed_at: number | null;
  enrolled_at: number;
}

export interface EdgeAcksTable {
  edge_id: Fixed<string>;
  seq: Fixed<number>;
  ok: number;
  /** JSON array of strings. */
  problems: string;
  created_at: number;
  /** For an invalidation: distinct stored objects it applied to on this edge (null for snapshots). */
  matched: ColumnType<number | null, number | null | undefined, number | null>;
  /** For an invalidation: JSON array of objects matched per item (null for snapshots). */
  matched_by_item: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ConfigurationTables {
  configurations: ConfigurationsTable;
  configuration_versions: ConfigurationVersionsTable;
  configuration_slots: ConfigurationSlotsTable;
  active_aliases: ActiveAliasesTable;
  activations: ActivationsTable;
  feed_state: FeedStateTable;
  feed_events: FeedEventsTable;
  edges: EdgesTable;
  edge_acks: EdgeAcksTable;
}
