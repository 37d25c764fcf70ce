// Cluster mode (the default: one worker per core). The primary owns the disk tier, the coalescing
// table, the admin listener and the usage file; workers accept client connections (the kernel spreads
// them, SCHED_NONE) and keep their own memory tier. Invalidations reach the disk tier and every
// worker's memory tier and count each object once.
import cluster from 'node:cluster';
import type { Worker } from 'node:cluster';
import { join } from 'node:path';
import type { EdgeConfig, InvalidationRequest } from '@candela/contract';
import { resolveAdminToken } from '../admin-token.js';
import { compileConfig } from '../config/compile.js';
import type { EdgeOptions, ListenAddress } from '../config.js';
import { loadDocumentFile } from '../config/load-document.js';
import type { FeedClient } from '../feed/feed-client.js';
import { createFeed } from '../feed/start-feed.js';
import type { RunExtras } from '../run-edge.js';
import { indexCertificates } from '../server/client-servers.js';
import { drain, listen } from '../listen.js';
import { applyPlan, InvalidationTally, planInvalidation } from '../purge/feed-invalidation.js';
import type { FeedInvalidation, FeedInvalidationInForce, FeedInvalidationResult } from '../purge/feed-invalidation.js';
import { predicateFor } from '../purge/invalidation-predicate.js';
import { createAdminServer } from '../server/admin-server.js';
import type { EdgeControl, ReloadResult } from '../server/admin-server.js';
import { DiskStore } from '../stores/disk-store.js';
import { entryKey, invalidationApplies } from '../stores/entries.js';
import type { EntryPredicate } from '../stores/types.js';
import { EdgeMetrics } from '../telemetry/metrics.js';
import type { MetricsSnapshot } from '../telemetry/metrics.js';
import { UsageCounters } from '../telemetry/usage-counters.js';
import type { UsageMinute } from '../telemetry/usage-counters.js';
import { UsageFileSink } from '../telemetry/usage-sink.js';
import type { ConfigApplied, PrimaryToWorker, WorkerFeedInvalidation, WorkerToPrimary } from './messages.js';
import { CollapseCoordinator, performDiskOp } from './primary-services.js';

export interface RunningCluster {
  readonly http: ListenAddress;
  readonly staging: ListenAddress | undefined;
  readonly admin: ListenAddress;
  /** Feed mode: the client following the control plane (the primary runs it for every worker). */
  readonly feed: FeedClient | undefined;
  readonly adminTokenFile: string | undefined;
  reload(): Promise<ReloadResult>;
  close(): Promise<void>;
}

export async function runCluster(
  opts: EdgeOptions,
  initial: EdgeConfig,
  now: () => number = Date.now,
  extras: RunExtras = {},
): Promise<RunningCluster> {
  let doc = initial;
  let draining = false;
  const disk = await DiskStore.open({ dir: join(opts.dataDir, 'cache'), maxBytes: opts.diskMaxBytes });
  const metrics = new EdgeMetrics();
  metrics.setTierStatsProvider(() => ({ disk: disk.stats() }));
  const usage = new UsageCounters();
  const usageSink = new UsageFileSink({ dir: join(opts.dataDir, 'usage'), edgeId: opts.edgeId });
  const workers = new Map<number, Worker>();
  /** Workers that listen (and so handle configuration messages), and the document a starting one got. */
  const serving = new Set<number>();
  const givenDoc = new Map<number, EdgeConfig>();
  const send = (id: number, m: PrimaryToWorker) => workers.get(id)?.send(m);
  const coordinator = new CollapseCoordinator(send, { waitTimeoutMs: opts.limits.collapseWaitMs, passMs: 10_000 });
  let nextAsk = 1;
  const asks = new Map<number, (body: unknown) => void>();
  const ask = (w: Worker, build: (id: number) => PrimaryToWorker, timeoutMs = 5_000): Promise<unknown> =>
    new Promise((resolve) => {
      const id = nextAsk++;
      const timer = setTimeout(() => {
        asks.delete(id);
        resolve(undefined);
      }, timeoutMs);
      asks.set(id, (body) => {
        clearTimeout(timer);
        resolve(body);
      });
      w.send(build(id));
    });
  const askAll = (build: (id: number) => PrimaryToWorker, timeoutMs?: number) =>
    Promise.all([...workers.values()].map((w) => ask(w, build, timeoutMs)));
  /**
   * Feed mode: hits on entries stored at or before this instant are held back (revalidated) in every
   * worker until the feed has caught up; workers start holding and learn the current state once listening.
   */
  let holdSinceMs: number | undefined = opts.feed ? now() : undefined;

  type Listening = Extract<WorkerToPrimary, { t: 'listening' }>;
  let firstListening: (m: Listening) => void = () => undefined;
  let startFailed: (err: Error) => void = () => undefined;
  const listening = new Promise<Listening>((resolve, reject) => {
    firstListening = resolve;
    startFailed = reject;
  });
  /** Set by the first worker that listens: until then a worker's exit is a start-up failure. */
  let started = false;

  const onMessage = (w: Worker, m: WorkerToPrimary) => {
    switch (m.t) {
      case 'ready':
        w.send({ t: 'config', doc } satisfies PrimaryToWorker);
        givenDoc.set(w.id, doc);
        return;
      case 'listening':
        started = true;
        serving.add(w.id);
        // A worker listens for configuration changes only from here on: one made while it started
        // (a reload, a feed snapshot) is sent again now.
        if (givenDoc.get(w.id) !== doc) w.send({ t: 'config', doc } satisfies PrimaryToWorker);
        givenDoc.delete(w.id);
        if (opts.feed) w.send({ t: 'cache-hold', sinceMs: holdSinceMs } satisfies PrimaryToWorker);
        firstListening(m);
        return;
      case 'disk':
        performDiskOp(disk, m.req).then(
          (value) => w.send({ t: 'disk-reply', id: m.id, ok: true, value } satisfies PrimaryToWorker),
          (err: unknown) => w.send({ t: 'disk-reply', id: m.id, ok: false, message: String(err) } satisfies PrimaryToWorker),
        );
        return;
      case 'join':
        coordinator.onJoin(w.id, m);
        return;
      case 'finish':
        coordinator.onFinish(m);
        return;
      case 'invalidate-keys': {
        const set = new Set(m.keys);
        const beforeMs = now();
        void disk
          .invalidate((meta) => set.has(meta.primaryKey), 'hard', beforeMs)
          .then(() => Promise.all([...workers.values()].filter((o) => o !== w).map((o) => ask(o, (id) => ({ t: 'invalidate-keys', id, keys: m.keys, beforeMs })))))
          .finally(() => w.send({ t: 'done', id: m.id } satisfies PrimaryToWorker));
        return;
      }
      case 'reply':
        asks.get(m.id)?.(m.body);
        asks.delete(m.id);
        return;
    }
  };

  cluster.schedulingPolicy = cluster.SCHED_NONE;
  cluster.setupPrimary({ serialization: 'advanced' });
  const fork = () => {
    const w = cluster.fork();
    workers.set(w.id, w);
    w.on('message', (m: WorkerToPrimary) => onMessage(w, m));
    w.on('exit', (code: number | null, signal: string | null) => {
      workers.delete(w.id);
      serving.delete(w.id);
      givenDoc.delete(w.id);
      coordinator.onWorkerGone(w.id);
      metrics.forgetSource(`worker-${w.id}`);
      // A worker that dies before any worker listens (port in use, bad certificate) would die again when
      // replaced: refork only once the cluster has started, otherwise fail the start-up.
      if (!started) startFailed(new Error(`worker ${w.id} exited (${signal ?? `code ${code}`}) before listening`));
      else if (!draining) fork();
    });
  };
  for (let i = 0; i < opts.workers; i++) fork();

  const invalidate = async (req: InvalidationRequest) => {
    const beforeMs = now();
    const match: EntryPredicate = predicateFor(compileConfig(doc), req);
    const matched = new Set<string>();
    await disk.invalidate(
      (meta) => {
        if (!invalidationApplies(meta, match, beforeMs)) return false;
        matched.add(entryKey(meta.primaryKey, meta.variantKey));
        return true;
      },
      req.mode,
      beforeMs,
    );
    const replies = await askAll((id) => ({ t: 'invalidate', id, req, beforeMs }));
    for (const r of replies) for (const k of (r as { keys?: string[] } | undefined)?.keys ?? []) matched.add(k);
    metrics.recordPurge(req.type, req.mode, 1);
    return { matched: matched.size, beforeMs };
  };

  /**
   * A feed invalidation: the disk tier here, then every worker's memory tier; each object counted once.
   * A cluster applies it in full before calling it in force (workers' lookups do not screen entries
   * against invalidations in force, as a single process does), so its two acks go out together.
   */
  const invalidateFromFeed = async (order: FeedInvalidation): Promise<FeedInvalidationInForce> => {
    const counted = await applyFeedInvalidation(order);
    return { sweep: () => Promise.resolve(counted) };
  };

  const applyFeedInvalidation = async (order: FeedInvalidation): Promise<FeedInvalidationResult> => {
    const beforeMs = now();
    const plan = planInvalidation(compileConfig(doc), order);
    const tally = new InvalidationTally();
    await applyPlan(plan, beforeMs, (match, mode, before, scope) => disk.invalidate(match, mode, before, scope), tally);
    const replies = await askAll((id) => ({ t: 'invalidate-feed', id, order, beforeMs }), 30_000);
    for (const r of replies) tally.merge((r as WorkerFeedInvalidation | undefined)?.entries ?? []);
    if ('requests' in order) for (const r of order.requests) metrics.recordPurge(r.type, r.mode, 1);
    return { ...tally.result(plan.itemCount), unknown: plan.unknown };
  };

  const holdCacheHits = (holding: boolean): void => {
    holdSinceMs = holding ? now() : undefined;
    for (const id of serving) send(id, { t: 'cache-hold', sinceMs: holdSinceMs });
  };

  const reload = async (): Promise<ReloadResult> => {
    if (!opts.configPath) return { ok: true, version: doc.version };
    const loaded = await loadDocumentFile(opts.configPath);
    if (!loaded.ok) return loaded;
    doc = loaded.doc;
    for (const w of workers.values()) w.send({ t: 'config', doc } satisfies PrimaryToWorker);
    return { ok: true, version: doc.version };
  };

  /**
   * Feed mode: a snapshot is in force once every serving worker has swapped it in (a worker still
   * starting gets it when it listens; one that dies meanwhile is replaced and starts with it). Certificates are checked here first; should a worker
   * still refuse it, every worker goes back to the previous document and the snapshot is refused.
   */
  const applyEverywhere = async (next: EdgeConfig): Promise<void> => {
    indexCertificates(next.certificates);
    const previous = doc;
    doc = next;
    const targets = [...workers.values()].filter((w) => serving.has(w.id));
    const replies = await Promise.all(targets.map((w) => ask(w, (id) => ({ t: 'config', doc: next, id }), 10_000)));
    const failed = replies
      .map((r, i) => ({ r: r as ConfigApplied | undefined, w: targets[i]! }))
      .filter(({ r, w }) => (r === undefined ? workers.has(w.id) : !r.ok));
    if (failed.length === 0) return;
    doc = previous;
    for (const w of workers.values()) w.send({ t: 'config', doc: previous } satisfies PrimaryToWorker);
    const why = failed.map(({ r, w }) => `worker ${w.id}: ${r && !r.ok ? r.message : 'no answer'}`);
    throw new Error(why.join('; '));
  };

  const collectUsage = async (drainBeforeMs: number | undefined): Promise<UsageMinute[]> => {
    const replies = await askAll((id) => ({ t: 'usage', id, drainBeforeMs }));
    return replies.flatMap((r) => (Array.isArray(r) ? (r as UsageMinute[]) : []));
  };

  const control: EdgeControl = {
    invalidate,
    async metrics() {
      const replies = await askAll((id) => ({ t: 'metrics', id }));
      [...workers.keys()].forEach((wid, i) => {
        const snap = replies[i] as MetricsSnapshot | undefined;
        if (snap) metrics.absorb(snap, `worker-${wid}`);
      });
      metrics.setCoalescedWaiters(coordinator.waiting());
      return metrics.render();
    },
    async usage() {
      const view = new UsageCounters();
      view.merge(usage.snapshot());
      view.merge(await collectUsage(undefined));
      return view.snapshot();
    },
    reload,
    health: () => ({
      status: draining ? 'draining' : 'ok',
      configVersion: doc.version,
      edgeId: opts.edgeId,
      ...(feed ? { feed: feed.status() } : {}),
    }),
  };
  const feed = createFeed(opts, {
    doc,
    seq: extras.feedSeq ?? 0,
    apply: applyEverywhere,
    invalidate: invalidateFromFeed,
    holdCacheHits,
    health: () => (draining ? 'draining' : 'ok'),
    log: extras.log ?? (() => undefined),
  });

  // The admin listener opens once a worker serves, so /healthz never answers "ok" while every client
  // connection would still be refused.
  const first = await listening;
  const { token, file } = await resolveAdminToken(opts.adminToken, opts.dataDir);
  const admin = createAdminServer(control, token);
  const adminAddr = await listen(admin, opts.adminListen);
  feed?.start();

  const usageTimer = setInterval(() => {
    void collectUsage(now())
      .then((minutes) => {
        usage.merge(minutes);
        const done = usage.drainCompleted(now());
        return done.length > 0 ? usageSink.write(done) : undefined;
      })
      .catch(() => undefined);
  }, 5_000);
  usageTimer.unref();

  return {
    http: first.http,
    staging: first.staging,
    admin: adminAddr,
    feed,
    adminTokenFile: file,
    reload,
    async close() {
      draining = true;
      clearInterval(usageTimer);
      await feed?.stop();
      const waitMs = opts.limits.drainMs + 2_000;
      const exited = [...workers.values()].map((w) => new Promise<void>((resolve) => w.once('exit', () => resolve())));
      // Each worker answers with the usage it counted and nobody collected yet (its current minute, and
      // the requests it finished while draining); without that the file would miss the last minute.
      const finals = [...workers.values()].map((w) => ask(w, (id) => ({ t: 'drain', id }), waitMs));
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, waitMs).unref());
      await Promise.race([Promise.all([...exited, ...finals]), deadline]);
      for (const w of workers.values()) w.kill('SIGKILL');
      for (const minutes of await Promise.all(finals)) if (Array.isArray(minutes)) usage.merge(minutes as UsageMinute[]);
      const rest = usage.drainCompleted(Number.MAX_SAFE_INTEGER);
      if (rest.length > 0) await usageSink.write(rest);
      await drain([admin], 1_000);
      await disk.close();
    },
  };
}
