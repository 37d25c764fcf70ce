// What the cluster primary does for its workers: answers disk-tier operations against the one disk
// store, and coordinates coalescing with the same LocalCollapser a single process uses.
import type { DiskStore } from '../stores/disk-store.js';
import { LocalCollapser } from '../pipeline/collapse.js';
import type { Leader } from '../pipeline/collapse.js';
import type { DiskOp, PrimaryToWorker, WorkerToPrimary } from './messages.js';

export type SendToWorker = (workerId: number, m: PrimaryToWorker) => void;

export async function performDiskOp(disk: DiskStore, op: DiskOp): Promise<unknown> {
  switch (op.op) {
    case 'variants':
      return disk.variants(op.primaryKey);
    case 'get':
      return disk.get(op.primaryKey, op.variantKey);
    case 'put': {
      const body = op.entry.body;
      // Structured clone delivers a Uint8Array; the store expects a Buffer (no copy).
      await disk.put({ meta: op.entry.meta, body: Buffer.from(body.buffer, body.byteOffset, body.byteLength) });
      return true;
    }
    case 'updateMeta':
      await disk.updateMeta(op.meta);
      return true;
    case 'delete':
      return disk.delete(op.primaryKey, op.variantKey);
    case 'touch':
      for (const [p, v] of op.keys) disk.touch(p, v);
      return true;
  }
}

/** Cluster-wide flight table: leaders and followers may be in different workers. */
export class CollapseCoordinator {
  readonly #local: LocalCollapser;
  readonly #leaders = new Map<number, { workerId: number; leader: Leader }>();
  #nextFlight = 1;

  constructor(
    private readonly send: SendToWorker,
    opts: { waitTimeoutMs: number; passMs: number },
  ) {
    this.#local = new LocalCollapser(opts);
  }

  onJoin(workerId: number, m: Extract<WorkerToPrimary, { t: 'join' }>): void {
    const role = this.#local.joinSync(m.key, m.nowMs);
    if (role.role === 'leader') {
      const flight = this.#nextFlight++;
      this.#leaders.set(flight, { workerId, leader: role });
      this.send(workerId, { t: 'role', id: m.id, role: 'leader', flight });
    } else if (role.role === 'follower') {
      this.send(workerId, { t: 'role', id: m.id, role: 'follower' });
      void role.wait.then((outcome) => this.send(workerId, { t: 'wake', id: m.id, outcome }));
    } else {
      this.send(workerId, { t: 'role', id: m.id, role: 'pass' });
    }
  }

  onFinish(m: Extract<WorkerToPrimary, { t: 'finish' }>): void {
    const l = this.#leaders.get(m.flight);
    if (!l) return;
    this.#leaders.delete(m.flight);
    l.leader.finish(m.outcome);
  }

  /** A worker that died while leading a fetch must not leave its followers waiting for the timeout. */
  onWorkerGone(workerId: number): void {
    for (const [flight, l] of this.#leaders) {
      if (l.workerId !== workerId) continue;
      this.#leaders.delete(flight);
      l.leader.finish('error');
    }
  }

  waiting(): number {
    return this.#local.waiting();
  }
}
