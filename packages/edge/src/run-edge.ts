// Runs an edge in this process: loads the document, opens the tiers, starts the client listeners and
// the admin listener. Used directly with --workers 1 and by tests; cluster mode builds on the same parts.
import { join } from 'node:path';
import type { Server } from 'node:net';
import type { EdgeConfig, InvalidationRequest } from '@candela/contract';
import { resolveAdminToken } from './admin-token.js';
import type { EdgeOptions, ListenAddress } from './config.js';
import { loadDocumentFile, singleOriginDocument } from './config/load-document.js';
import type { LoadResult } from './config/load-document.js';
import { EdgeNode } from './edge-node.js';
import type { FeedClient } from './feed/feed-client.js';
import { createFeed, initialFeedDocument } from './feed/start-feed.js';
import { drain, listen } from './listen.js';
import { createAdminServer } from './server/admin-server.js';
import type { EdgeControl, ReloadResult } from './server/admin-server.js';
import { createHttpServer, createTlsServer, indexCertificates } from './server/client-servers.js';
import type { CertificateIndex } from './server/client-servers.js';
import { DiskStore } from './stores/disk-store.js';
import { MemoryStore } from './stores/memory-store.js';
import { TieredStore } from './stores/tiered-store.js';
import { UsageFileSink } from './telemetry/usage-sink.js';

export interface RunningEdge {
  readonly node: EdgeNode;
  readonly http: ListenAddress;
  readonly https: ListenAddress | undefined;
  readonly staging: ListenAddress | undefined;
  readonly admin: ListenAddress;
  /** Feed mode: the client following the control plane. */
  readonly feed: FeedClient | undefined;
  readonly adminToken: string;
  readonly adminTokenFile: string | undefined;
  reload(): Promise<ReloadResult>;
  /** Graceful stop: drain listeners, flush logs and usage, close the tiers. */
  close(): Promise<void>;
}

export async function initialDocument(opts: EdgeOptions): Promise<LoadResult> {
  if (opts.originUrl) return { ok: true, doc: singleOriginDocument(opts.originUrl) };
  if (opts.feed) return initialFeedDocument(opts.dataDir);
  return loadDocumentFile(opts.configPath!);
}

/** What the runners need besides the options and the first document. */
export interface RunExtras {
  /** Feed mode: the seq of the snapshot `doc` came from (LoadResult.feedSeq), 0 for none. */
  readonly feedSeq?: number;
  /** Where the feed client reports what it does (the CLI prints it). */
  readonly log?: (line: string) => void;
}

export async function openTiers(opts: EdgeOptions): Promise<TieredStore> {
  const disk = await DiskStore.open({ dir: join(opts.dataDir, 'cache'), maxBytes: opts.diskMaxBytes });
  return new TieredStore({ memory: new MemoryStore({ maxBytes: opts.memoryMaxBytes }), disk });
}

export async function runEdge(opts: EdgeOptions, doc: EdgeConfig, now: () => number = Date.now, extras: RunExtras = {}): Promise<RunningEdge> {
  const store = await openTiers(opts);
  const node = new EdgeNode(opts, doc, { store }, now);
  let certs: CertificateIndex = indexCertificates(doc.certificates);
  let draining = false;
  const { token, file } = await resolveAdminToken(opts.adminToken, opts.dataDir);
  const usageSink = new UsageFileSink({ dir: join(opts.dataDir, 'usage'), edgeId: opts.edgeId });
  node.metrics.setTierStatsProvider(() => {
    const t = store.tierStats();
    return t.disk ? { memory: t.memory, disk: t.disk } : { memory: t.memory };
  });

  /** Certificates first (a missing file throws here), then the one swap requests see. */
  const applyDocument = (next: EdgeConfig) => {
    const nextCerts = indexCertificates(next.certificates);
    node.swapConfig(next);
    certs = nextCerts;
  };

  const reload = async (): Promise<ReloadResult> => {
    if (!opts.configPath) return { ok: true, version: node.config.version };
    const loaded = await loadDocumentFile(opts.configPath);
    if (!loaded.ok) return loaded;
    try {
      applyDocument(loaded.doc);
    } catch (err) {
      return { ok: false, problems: [{ pointer: '/certificates', message: (err as Error).message }] };
    }
    return { ok: true, version: loaded.doc.version };
  };

  const feed = createFeed(opts, {
    doc,
    seq: extras.feedSeq ?? 0,
    apply: (next) => Promise.resolve(applyDocument(next)),
    // A promise so that a refusal (InvalidationError, thrown at once) reaches the feed client as a rejection.
    invalidate: (order) => new Promise((resolve) => resolve(node.invalidateFromFeed(order, now()))),
    holdCacheHits: (holding) => node.holdCacheHits(holding ? now() : undefined),
    health: () => (draining ? 'draining' : 'ok'),
    log: extras.log ?? (() => undefined),
  });

  const control: EdgeControl = {
    invalidate: (req: InvalidationRequest) => node.invalidate(req, now()),
    metrics: () => {
      node.metrics.setCoalescedWaiters(node.collapser.waiting());
      return node.metrics.render();
    },
    usage: () => Promise.resolve(node.usage.snapshot()),
    reload,
    health: () => ({
      status: draining ? 'draining' : 'ok',
      configVersion: node.config.version,
      edgeId: opts.edgeId,
      ...(feed ? { feed: feed.status() } : {}),
    }),
  };

  const servers: Server[] = [];
  const httpServer = createHttpServer(node.http, opts);
  servers.push(httpServer);
  const httpAddr = await listen(httpServer, opts.listen);
  let httpsAddr: ListenAddress | undefined;
  if (opts.tlsListen) {
    const tls = createTlsServer(node.https, opts, () => certs);
    servers.push(tls);
    httpsAddr = await listen(tls, opts.tlsListen);
  }
  let stagingAddr: ListenAddress | undefined;
  if (opts.stagingListen) {
    const staging = createHttpServer(node.staging, opts);
    servers.push(staging);
    stagingAddr = await listen(staging, opts.stagingListen);
  }
  const admin = createAdminServer(control, token);
  const adminAddr = await listen(admin, opts.adminListen);
  // Once everything listens: a start-up that fails (a port in use) leaves no client retrying behind.
  feed?.start();

  const flushUsage = async (all: boolean) => {
    const minutes = all ? node.usage.drainCompleted(Number.MAX_SAFE_INTEGER) : node.usage.drainCompleted(now());
    if (minutes.length > 0) await usageSink.write(minutes);
  };
  const usageTimer = setInterval(() => void flushUsage(false).catch(() => undefined), 5_000);
  usageTimer.unref();

  return {
    node,
    http: httpAddr,
    https: httpsAddr,
    staging: stagingAddr,
    admin: adminAddr,
    feed,
    adminToken: token,
    adminTokenFile: file,
    reload,
    async close() {
      draining = true;
      clearInterval(usageTimer);
      await feed?.stop();
      await drain(servers, opts.limits.drainMs);
      await drain([admin], 1_000);
      await flushUsage(true);
      await node.close();
    },
  };
}
