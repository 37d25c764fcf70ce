// What the pipeline needs from the rest of the edge, passed in once at start (no globals), so the
// same pipeline runs in a single process, in cluster workers and in tests.
import type { CompiledConfig } from '../config/compile.js';
import type { OriginPools } from '../origin/origin-pool.js';
import type { TieredStore } from '../stores/tiered-store.js';
import type { RequestRecord } from '../telemetry/request-record.js';
import type { Collapser } from './collapse.js';

export interface PipelineTelemetry {
  record(r: RequestRecord): void;
  observeOriginLatency(propertyId: string, seconds: number): void;
}

export interface PipelineDeps {
  /** The configuration snapshot in force; swapped atomically on reload. */
  readonly config: () => CompiledConfig;
  readonly store: TieredStore;
  readonly collapser: Collapser;
  readonly origins: OriginPools;
  readonly telemetry: PipelineTelemetry;
  readonly now: () => number;
  /** Largest response body the edge stores; bigger ones are streamed through. */
  readonly maxObjectBytes: number;
  /** How stale a copy may be served when the origin cannot be reached (RFC 9111 §4.2.4). */
  readonly staleIfDisconnectedMs: number;
  /**
   * Whether clients' request Cache-Control / Pragma (no-cache, max-age, min-fresh) can force a
   * revalidation (RFC 9111 §5.2.1). Off by default: a CDN must not let any client drive origin traffic.
   */
  readonly honourRequestCacheControl: boolean;
  /** RFC 9111 §4.4: called with the primary keys an unsafe request invalidated (cluster-wide hook). */
  readonly onInvalidate: (primaryKeys: readonly string[]) => Promise<void>;
  /**
   * Feed mode while the feed has not caught up: entries stored at or before this instant are revalidated
   * before reuse (cache-hold.ts); undefined otherwise.
   */
  readonly holdSinceMs: () => number | undefined;
  /** Country of a client address for geo restrictions (config/geo-database.ts); undefined when unknown. */
  readonly countryOf: (ip: string) => string | undefined;
}

/** Name of this cache in Cache-Status (RFC 9211 §2). */
export const CACHE_NAME = 'Candela';

/**
 * Our device token in the Edge Architecture 1.0 Surrogate-Capability / Surrogate-Control exchange:
 * origins may target directives at it (`max-age=60;candela`).
 */
export const SURROGATE_DEVICE_TOKEN = 'candela';
export const SURROGATE_CAPABILITY = `${SURROGATE_DEVICE_TOKEN}="Surrogate/1.0"`;
