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
import { drain, listen } from '../listen.js';
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
import type { PrimaryToWorker, WorkerToPrimary } from './messages.js';
import { CollapseCoordinator, performDiskOp } from './primary-services.js';

export interface RunningCluster {
  readonly http: ListenAddress;
  readonly admin: ListenAddress;
  readonly adminTokenFile: string | undefined;
  reload(): Promise<ReloadResult>;
  close(): Promise<void>;
}

export async function runCluster(opts: EdgeOptions, initial: EdgeConfig, now: () => number = Date.now): Promise<RunningCluster> {
  let doc = initial;
  let draining = false;
  const disk = await DiskStore.open({ dir: join(opts.dataDir, 'cache'), maxBytes: opts.diskMaxBytes });
  const metrics = new EdgeMetrics();
  metrics.setTierStatsProvider(() => ({ disk: disk.stats() }));
  const usage = new UsageCounters();
  const usageSink = new UsageFileSink({ dir: join(opts.dataDir, 'usage'), edgeId: opts.edgeId });
  const workers = new Map<number, Worker>();
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
  const askAll = (build: (id: number) => PrimaryToWorker) => Promise.all([...workers.values()].map((w) => ask(w, build)));

  let firstListening: (addr: ListenAddress) => void = () => undefined;
  let startFailed: (err: Error) => void = () => undefined;
  const listening = new Promise<ListenAddress>((resolve, reject) => {
    firstListening = resolve;
    startFailed = reject;
  });
  /** Set by the first worker that listens: until then a worker's exit is a start-up failure. */
  let started = false;

  const onMessage = (w: Worker, m: WorkerToPrimary) => {
    switch (m.t) {
      case 'ready':
        w.send({ t: 'config', doc } satisfies PrimaryToWorker);
        return;
      case 'listening':
        started = true;
        firstListening(m.http);
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

  const reload = async (): Promise<ReloadResult> => {
    if (!opts.configPath) return { ok: true, version: doc.version };
    const loaded = await loadDocumentFile(opts.configPath);
    if (!loaded.ok) return loaded;
    doc = loaded.doc;
    for (const w of workers.values()) w.send({ t: 'config', doc } satisfies PrimaryToWorker);
    return { ok: true, version: doc.version };
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
    health: () => ({ status: draining ? 'draining' : 'ok', configVersion: doc.version, edgeId: opts.edgeId }),
  };

  // The admin listener opens once a worker serves, so /healthz never answers "ok" while every client
  // connection would still be refused.
  const httpAddr = await listening;
  const { token, file } = await resolveAdminToken(opts.adminToken, opts.dataDir);
  const admin = createAdminServer(control, token);
  const adminAddr = await listen(admin, opts.adminListen);

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
    http: httpAddr,
    admin: adminAddr,
    adminTokenFile: file,
    reload,
    async close() {
      draining = true;
      clearInterval(usageTimer);
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
