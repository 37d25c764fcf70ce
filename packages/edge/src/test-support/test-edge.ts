// Starts a real single-process edge on loopback ports with a temporary data directory, for
// integration tests. The clock can be injected so freshness can be tested without sleeping.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EdgeConfig, EdgeConfigInput } from '@candela/contract';
import { edgeConfigSchema } from '@candela/contract';
import { loadEdgeOptions } from '../config.js';
import type { EdgeOptions, FeedOptions } from '../config.js';
import { singleOriginDocument } from '../config/load-document.js';
import { initialDocument, runEdge } from '../run-edge.js';
import type { RunningEdge } from '../run-edge.js';

export interface TestEdge {
  readonly edge: RunningEdge;
  readonly opts: EdgeOptions;
  readonly dataDir: string;
  /** Base URL of the HTTP listener. */
  readonly url: string;
  readonly adminUrl: string;
  /** Base URL of the staging listener, when asked for. */
  readonly stagingUrl: string | undefined;
  /** What the feed client logged (feed mode). */
  readonly log: string[];
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

export interface TestEdgeOptions {
  readonly origin?: string;
  readonly doc?: EdgeConfigInput;
  readonly dataDir?: string;
  readonly now?: () => number;
  readonly memoryMb?: number;
  readonly diskMb?: number;
  readonly configPath?: string;
  /** Also listen for HTTPS + HTTP/2 on a free port. */
  readonly tls?: boolean;
  /** CANDELA_EDGE_STALE_IF_DISCONNECTED_S for this edge. */
  readonly staleIfDisconnectedS?: number;
  readonly honourRequestCacheControl?: boolean;
  /** Client listener host (default 127.0.0.1); `[::]` listens dual-stack, for IPv6 clients. */
  readonly listenHost?: string;
  /** Also listen for the staging listener on a free port. */
  readonly staging?: boolean;
  /** Feed mode: follow this control plane (the document then comes from the feed and the disk). */
  readonly controlPlane?: { readonly url: string; readonly enrolmentToken: string };
  /** Feed mode: shorter heartbeats, watchdog and back-off for tests. */
  readonly feedTiming?: Partial<Pick<FeedOptions, 'heartbeatMs' | 'watchdogMs' | 'backoffInitialMs' | 'backoffMaxMs'>>;
  readonly edgeId?: string;
  /** IP-to-country CSV for geo restrictions (--geo-db). */
  readonly geoDb?: string;
}

export async function startTestEdge(o: TestEdgeOptions): Promise<TestEdge> {
  const dataDir = o.dataDir ?? (await mkdtemp(join(tmpdir(), 'candela-edge-test-')));
  const source = o.controlPlane
    ? { controlPlane: o.controlPlane.url, enrolmentToken: o.controlPlane.enrolmentToken }
    : o.configPath
      ? { config: o.configPath }
      : { origin: o.origin ?? 'http://127.0.0.1:9' };
  const loaded = loadEdgeOptions(
    {
      ...source,
      listen: `${o.listenHost ?? '127.0.0.1'}:0`,
      ...(o.tls ? { tlsListen: '127.0.0.1:0' } : {}),
      ...(o.staging ? { stagingListen: '127.0.0.1:0' } : {}),
      adminListen: '127.0.0.1:0',
      dataDir,
      workers: '1',
      memoryMb: String(o.memoryMb ?? 64),
      diskMb: String(o.diskMb ?? 256),
      edgeId: o.edgeId ?? 'test-edge',
      ...(o.geoDb ? { geoDb: o.geoDb } : {}),
    },
    {
      CANDELA_EDGE_ADMIN_TOKEN: 'test-token',
      ...(o.staleIfDisconnectedS === undefined ? {} : { CANDELA_EDGE_STALE_IF_DISCONNECTED_S: String(o.staleIfDisconnectedS) }),
      ...(o.honourRequestCacheControl ? { CANDELA_EDGE_HONOUR_REQUEST_CACHE_CONTROL: '1' } : {}),
    },
  );
  const opts: EdgeOptions = loaded.feed ? { ...loaded, feed: { ...loaded.feed, ...o.feedTiming } } : loaded;
  const log: string[] = [];
  let doc: EdgeConfig;
  let feedSeq = 0;
  if (opts.feed) {
    const initial = await initialDocument(opts);
    if (!initial.ok) throw new Error('feed mode never refuses its start');
    doc = initial.doc;
    feedSeq = initial.feedSeq ?? 0;
  } else doc = o.doc ? edgeConfigSchema.parse(o.doc) : singleOriginDocument(new URL(o.origin ?? 'http://127.0.0.1:9'));
  const edge = await runEdge(opts, doc, o.now, { feedSeq, log: (line) => log.push(line) });
  return {
    edge,
    opts,
    dataDir,
    url: `http://127.0.0.1:${edge.http.port}`,
    adminUrl: `http://127.0.0.1:${edge.admin.port}`,
    stagingUrl: edge.staging ? `http://127.0.0.1:${edge.staging.port}` : undefined,
    log,
    async stop(s) {
      await edge.close();
      if (!s?.keepData && !o.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
