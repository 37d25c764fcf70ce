// A cluster worker: its own memory tier and listeners; the disk tier, coalescing, invalidation and
// the admin listener are the primary's. Waits for the configuration document from the primary, so a
// worker (re)started after a reload serves the current document, not the one on the command line.
import type { EdgeConfig } from '@candela/contract';
import type { EdgeOptions } from '../config.js';
import { EdgeNode } from '../edge-node.js';
import { drain, listen } from '../listen.js';
import { createHttpServer, createTlsServer, indexCertificates } from '../server/client-servers.js';
import type { CertificateIndex } from '../server/client-servers.js';
import { MemoryStore } from '../stores/memory-store.js';
import { TieredStore } from '../stores/tiered-store.js';
import { entryKey } from '../stores/entries.js';
import type { EntryPredicate } from '../stores/types.js';
import { predicateFor } from '../purge/invalidation-predicate.js';
import { applyPlan, InvalidationTally, planInvalidation } from '../purge/feed-invalidation.js';
import type { ConfigApplied, DiskOp, PrimaryToWorker, WorkerFeedInvalidation, WorkerToPrimary } from './messages.js';
import { RemoteCollapser } from './remote-collapser.js';
import { RemoteDiskStore } from './remote-disk-store.js';
import type { Server } from 'node:net';

function send(m: WorkerToPrimary): void {
  process.send?.(m);
}

/** Sends a reply and resolves once it is handed to the channel, so exiting next cannot lose it. */
function replyAndWait(id: number, body: unknown): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send({ t: 'reply', id, body } satisfies WorkerToPrimary, undefined, undefined, () => resolve());
  });
}

function firstConfig(): Promise<EdgeConfig> {
  return new Promise((resolve) => {
    const onMessage = (m: PrimaryToWorker) => {
      if (m.t !== 'config') return;
      process.off('message', onMessage);
      resolve(m.doc);
    };
    process.on('message', onMessage);
    send({ t: 'ready' });
  });
}

export async function runWorker(opts: EdgeOptions): Promise<void> {
  // Ctrl+C and SIGHUP reach the whole process group, and so does SIGTERM from a service manager that
  // signals every process (systemd's default KillMode): the primary decides, workers wait for its word
  // ('drain'). A worker is never left behind: it exits when its primary's IPC channel closes.
  process.on('SIGINT', () => undefined);
  process.on('SIGHUP', () => undefined);
  process.on('SIGTERM', () => undefined);
  const doc = await firstConfig();
  let nextId = 1;
  const pendingDisk = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const diskCall = (req: DiskOp) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      pendingDisk.set(id, { resolve, reject });
      send({ t: 'disk', id, req });
    });
  const pendingKeys = new Map<number, () => void>();
  const collapser = new RemoteCollapser(send, opts.limits.collapseWaitMs);
  const memory = new MemoryStore({ maxBytes: Math.max(1, Math.floor(opts.memoryMaxBytes / opts.workers)) });
  const store = new TieredStore({ memory, disk: new RemoteDiskStore(diskCall) });
  const node = new EdgeNode(opts, doc, {
    store,
    collapser,
    onInvalidate: (keys) =>
      new Promise<void>((resolve) => {
        const id = nextId++;
        pendingKeys.set(id, resolve);
        send({ t: 'invalidate-keys', id, keys: [...keys] });
      }),
  });
  node.metrics.setTierStatsProvider(() => ({ memory: memory.stats() }));
  let certs: CertificateIndex = indexCertificates(doc.certificates);
  const servers: Server[] = [createHttpServer(node.http, opts)];
  const http = await listen(servers[0]!, opts.listen);
  let https;
  if (opts.tlsListen) {
    const tls = createTlsServer(node.https, opts, () => certs);
    servers.push(tls);
    https = await listen(tls, opts.tlsListen);
  }
  let staging;
  if (opts.stagingListen) {
    const server = createHttpServer(node.staging, opts);
    servers.push(server);
    staging = await listen(server, opts.stagingListen);
  }
  send({ t: 'listening', http, https, staging });

  /** Certificates first (a missing file throws), then the one swap requests see. */
  const applyDocument = (next: EdgeConfig): ConfigApplied => {
    try {
      const nextCerts = indexCertificates(next.certificates);
      node.swapConfig(next);
      certs = nextCerts;
      return { ok: true };
    } catch (err) {
      return { ok: false, message: err instanceof Error ? err.message : String(err) };
    }
  };

  /** Memory-tier share of an invalidation: returns the entry keys it matched. */
  const invalidateMemory = (match: EntryPredicate, mode: 'soft' | 'hard', beforeMs: number): string[] => {
    const keys: string[] = [];
    store.invalidateMemorySync((meta) => {
      const hit = meta.storedAtMs <= beforeMs && match(meta);
      if (hit) keys.push(entryKey(meta.primaryKey, meta.variantKey));
      return hit;
    }, mode, beforeMs);
    return keys;
  };

  process.on('message', (m: PrimaryToWorker) => {
    switch (m.t) {
      case 'config': {
        const applied = applyDocument(m.doc);
        if (m.id !== undefined) send({ t: 'reply', id: m.id, body: applied });
        return;
      }
      case 'disk-reply': {
        const p = pendingDisk.get(m.id);
        pendingDisk.delete(m.id);
        if (m.ok) p?.resolve(m.value);
        else p?.reject(new Error(m.message));
        return;
      }
      case 'role':
      case 'wake':
        collapser.onMessage(m);
        return;
      case 'done':
        pendingKeys.get(m.id)?.();
        pendingKeys.delete(m.id);
        return;
      case 'invalidate': {
        let keys: string[] = [];
        try {
          keys = invalidateMemory(predicateFor(node.config, m.req), m.req.mode, m.beforeMs);
        } catch {
          // The primary validated the request against the same document; nothing to add here.
        }
        send({ t: 'reply', id: m.id, body: { keys } });
        return;
      }
      case 'invalidate-feed': {
        const tally = new InvalidationTally();
        const apply = async () => {
          const plan = planInvalidation(node.config, m.order);
          await applyPlan(plan, m.beforeMs, (match, mode, beforeMs, scope) => store.invalidateMemorySync(match, mode, beforeMs, scope), tally);
        };
        // The primary planned the same event against the same document first; a refusal stops it there.
        void apply()
          .catch(() => undefined)
          .then(() => send({ t: 'reply', id: m.id, body: { entries: tally.entries() } satisfies WorkerFeedInvalidation }));
        return;
      }
      case 'cache-hold':
        node.holdCacheHits(m.sinceMs);
        return;
      case 'invalidate-keys': {
        const set = new Set(m.keys);
        invalidateMemory((meta) => set.has(meta.primaryKey), 'hard', m.beforeMs);
        send({ t: 'reply', id: m.id, body: { keys: [] } });
        return;
      }
      case 'metrics':
        node.metrics.setCoalescedWaiters(collapser.waiting());
        send({ t: 'reply', id: m.id, body: node.metrics.drain() });
        return;
      case 'usage':
        send({
          t: 'reply',
          id: m.id,
          body: m.drainBeforeMs === undefined ? node.usage.snapshot() : node.usage.drainCompleted(m.drainBeforeMs),
        });
        return;
      case 'drain':
        void drain(servers, opts.limits.drainMs)
          .then(() => node.close())
          .catch(() => undefined)
          .then(() => replyAndWait(m.id, node.usage.drainCompleted(Number.MAX_SAFE_INTEGER)))
          .finally(() => process.exit(0));
        return;
    }
  });
}
