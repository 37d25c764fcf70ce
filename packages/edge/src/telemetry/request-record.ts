// The one value the pipeline hands to telemetry per finished request. Access log, usage counters and
// Prometheus metrics all derive from it, so the pipeline builds it once and never talks to them separately.

/**
 * How the cache took part in a request (domain.md §5: hits / misses / stale / revalidated). `generated`:
 * the edge answered itself (a generated response, or a client refused by an IP restriction).
 */
export type CacheOutcome = 'hit' | 'miss' | 'stale' | 'revalidated' | 'pass' | 'error' | 'generated';

export const CACHE_OUTCOMES: readonly CacheOutcome[] = ['hit', 'miss', 'stale', 'revalidated', 'pass', 'error', 'generated'];

export interface RequestRecord {
  /** When the request started (epoch ms); usage minutes are bucketed on it. */
  atMs: number;
  /**
   * Configured property id. For requests that match no property use one fixed id (e.g. '-'), never the raw
   * Host: it becomes a metric label and an unbounded label set would exhaust memory.
   */
  propertyId: string;
  /** The configuration version of the property that served it (`cfgid@v3`), when the snapshot says. */
  configVersion?: string | undefined;
  clientIp: string;
  method: string;
  /** Path and query as received. */
  uri: string;
  /** 'HTTP/1.1' or 'HTTP/2' in practice; typed string because the log writes whatever was negotiated. */
  protocol: string;
  status: number;
  /** Body bytes sent to the client. */
  bytesSent: number;
  /** Body bytes received from the origin for this request (cache fill); 0 on hits. */
  originBytes: number;
  durationMs: number;
  referer?: string;
  userAgent?: string;
  range?: string;
  contentType?: string;
  outcome: CacheOutcome;
  host: string;
}

/** Served from a stored response (the `cached` 0/1 of the access log): hit, stale or revalidated (304). */
export function isServedFromCache(outcome: CacheOutcome): boolean {
  return outcome === 'hit' || outcome === 'stale' || outcome === 'revalidated';
}

/** Status-class labels indexed by statusClassIndex(); index 0 collects anything outside 100–599. */
export const STATUS_CLASSES = ['other', '1xx', '2xx', '3xx', '4xx', '5xx'] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

/** Index into STATUS_CLASSES, computed arithmetically because it runs once per request. */
export function statusClassIndex(status: number): number {
  const hundreds = Math.floor(status / 100);
  return hundreds >= 1 && hundreds <= 5 ? hundreds : 0;
}
