// Feed mode's start-up (issue 4): the document to serve at once comes from the last snapshot kept on
// disk, or is empty (every Host 404) until the first snapshot arrives; then the feed client follows
// the control plane. Shared by the single-process runner and the cluster primary.
import type { EdgeConfig } from '@candela/contract';
import type { EdgeOptions } from '../config.js';
import type { LoadResult } from '../config/load-document.js';
import type { FeedInvalidation, FeedInvalidationInForce } from '../purge/feed-invalidation.js';
import { FeedClient } from './feed-client.js';
import { EMPTY_DOCUMENT, loadSnapshot } from './feed-files.js';

/** The snapshot on disk as the initial document; a damaged or outdated one is reported and not used. */
export async function initialFeedDocument(dataDir: string): Promise<LoadResult> {
  const stored = await loadSnapshot(dataDir);
  if (stored.kind === 'ok') return { ok: true, doc: stored.snapshot.doc, feedSeq: stored.snapshot.seq };
  return { ok: true, doc: EMPTY_DOCUMENT, feedSeq: 0, ...(stored.kind === 'invalid' ? { warnings: stored.problems } : {}) };
}

export interface FeedWiring {
  readonly doc: EdgeConfig;
  readonly seq: number;
  readonly apply: (doc: EdgeConfig, seq: number) => Promise<void>;
  readonly invalidate: (order: FeedInvalidation) => Promise<FeedInvalidationInForce>;
  readonly holdCacheHits: (holding: boolean) => void;
  readonly health: () => 'ok' | 'draining';
  readonly log: (line: string) => void;
}

/** The feed client for feed mode (undefined otherwise); `start()` it once the listeners are up. */
export function createFeed(opts: EdgeOptions, w: FeedWiring): FeedClient | undefined {
  if (!opts.feed) return undefined;
  const client = new FeedClient({
    feed: opts.feed,
    dataDir: opts.dataDir,
    edgeName: opts.edgeId,
    initial: w.seq > 0 ? { seq: w.seq, doc: w.doc } : undefined,
    apply: w.apply,
    invalidate: w.invalidate,
    holdCacheHits: w.holdCacheHits,
    health: w.health,
    log: w.log,
  });
  return client;
}
