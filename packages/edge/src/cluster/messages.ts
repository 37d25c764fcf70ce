// Messages between the cluster primary and its workers (structured-clone IPC, so Buffers travel as
// they are). Requests carry an id; the answer to a request carries the same id.
import type { EdgeConfig, InvalidationRequest } from '@candela/contract';
import type { FeedInvalidation } from '../purge/feed-invalidation.js';
import type { EntryMeta, StoredEntry } from '../stores/types.js';
import type { MetricsSnapshot } from '../telemetry/metrics.js';
import type { UsageMinute } from '../telemetry/usage-counters.js';
import type { FlightOutcome, WaitOutcome } from '../pipeline/collapse.js';

/** Disk-tier operations a worker asks the primary (owner of the disk tier) to perform. */
export type DiskOp =
  | { op: 'variants'; primaryKey: string }
  | { op: 'get'; primaryKey: string; variantKey: string }
  | { op: 'put'; entry: StoredEntry }
  | { op: 'updateMeta'; meta: EntryMeta }
  | { op: 'delete'; primaryKey: string; variantKey: string }
  /** Recency of memory-tier hits, batched so a hit never costs an IPC message. */
  | { op: 'touch'; keys: Array<[string, string]> };

export type WorkerToPrimary =
  | { t: 'ready' }
  | {
      t: 'listening';
      http: { host: string; port: number };
      https: { host: string; port: number } | undefined;
      staging: { host: string; port: number } | undefined;
    }
  | { t: 'disk'; id: number; req: DiskOp }
  | { t: 'join'; id: number; key: string; nowMs: number }
  | { t: 'finish'; key: string; flight: number; outcome: FlightOutcome }
  /** RFC 9111 §4.4 invalidation caused by an unsafe request in this worker. */
  | { t: 'invalidate-keys'; id: number; keys: string[] }
  | { t: 'reply'; id: number; body: unknown };

export type PrimaryToWorker =
  /** A configuration to put in force; with an id the worker replies with a ConfigApplied. */
  | { t: 'config'; doc: EdgeConfig; id?: number }
  | { t: 'disk-reply'; id: number; ok: true; value: unknown }
  | { t: 'disk-reply'; id: number; ok: false; message: string }
  | { t: 'role'; id: number; role: 'leader'; flight: number }
  | { t: 'role'; id: number; role: 'follower' | 'pass' }
  | { t: 'wake'; id: number; outcome: WaitOutcome }
  | { t: 'done'; id: number }
  /** Requests the worker answers with a 'reply'. */
  | { t: 'invalidate'; id: number; req: InvalidationRequest; beforeMs: number }
  | { t: 'invalidate-keys'; id: number; keys: string[]; beforeMs: number }
  /** A feed invalidation's memory-tier share; the reply is a WorkerFeedInvalidation. */
  | { t: 'invalidate-feed'; id: number; order: FeedInvalidation; beforeMs: number }
  /** Feed mode: hold back hits on entries stored at or before `sinceMs` (undefined: serve hits again). */
  | { t: 'cache-hold'; sinceMs: number | undefined }
  | { t: 'metrics'; id: number }
  | { t: 'usage'; id: number; drainBeforeMs: number | undefined }
  /** Graceful stop; the worker replies with its uncollected usage minutes once drained, then exits. */
  | { t: 'drain'; id: number };

/** A worker's reply to a 'config' with an id: in force, or why not (the previous one stays). */
export type ConfigApplied = { ok: true } | { ok: false; message: string };

export interface WorkerTelemetry {
  readonly metrics: MetricsSnapshot;
}

export interface WorkerUsage {
  readonly minutes: UsageMinute[];
}

/** Entries a feed invalidation matched in a worker's memory tier, each with its items. */
export interface WorkerFeedInvalidation {
  readonly entries: Array<[string, number[]]>;
}

/** Entry keys matched by a worker's memory tier, for counting distinct objects cluster-wide. */
export interface WorkerInvalidation {
  readonly keys: string[];
}
