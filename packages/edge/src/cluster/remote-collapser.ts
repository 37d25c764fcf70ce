// Request coalescing across cluster workers: the primary keeps the one table of flights, so 100
// concurrent misses spread over every worker still make one origin fetch. The wait timeout is kept
// here in the worker, so a lost wake-up can only delay a request, never hang it.
import type { Collapser, FlightOutcome, Role, WaitOutcome } from '../pipeline/collapse.js';
import type { WorkerToPrimary, PrimaryToWorker } from './messages.js';

type RoleReply = Extract<PrimaryToWorker, { t: 'role' }>;

export class RemoteCollapser implements Collapser {
  #nextId = 1;
  /** Turns the primary's answer into a Role synchronously, inside the message handler (see join). */
  readonly #pendingRoles = new Map<number, (r: RoleReply) => void>();
  readonly #waiters = new Map<number, (o: WaitOutcome) => void>();
  #waiting = 0;

  constructor(
    private readonly send: (m: WorkerToPrimary) => void,
    private readonly waitTimeoutMs: number,
  ) {}

  /** Feeds the primary's answers in (called by the worker's message loop). */
  onMessage(m: PrimaryToWorker): void {
    if (m.t === 'role') {
      this.#pendingRoles.get(m.id)?.(m);
      this.#pendingRoles.delete(m.id);
    } else if (m.t === 'wake') {
      this.#waiters.get(m.id)?.(m.outcome);
    }
  }

  join(key: string, nowMs: number): Promise<Role> {
    const id = this.#nextId++;
    return new Promise<Role>((resolve) => {
      // The follower's waiter must exist before the next message is dispatched: the primary's 'wake'
      // can arrive right behind its 'role' (a fast leader), and IPC messages are emitted from the
      // nextTick queue, which runs before the continuation of an awaited promise would.
      this.#pendingRoles.set(id, (reply) => resolve(this.#role(id, key, reply)));
      this.send({ t: 'join', id, key, nowMs });
    });
  }

  #role(id: number, key: string, reply: RoleReply): Role {
    if (reply.role === 'pass') return { role: 'pass' };
    if (reply.role === 'leader') {
      const flight = reply.flight;
      let finished = false;
      return {
        role: 'leader',
        finish: (outcome: FlightOutcome) => {
          if (finished) return;
          finished = true;
          this.send({ t: 'finish', key, flight, outcome });
        },
      };
    }
    return { role: 'follower', wait: this.#follow(id) };
  }

  waiting(): number {
    return this.#waiting;
  }

  #follow(id: number): Promise<WaitOutcome> {
    this.#waiting++;
    return new Promise<WaitOutcome>((resolve) => {
      const settle = (o: WaitOutcome) => {
        if (!this.#waiters.delete(id)) return;
        clearTimeout(timer);
        this.#waiting--;
        resolve(o);
      };
      const timer = setTimeout(() => settle('timeout'), this.waitTimeoutMs);
      timer.unref();
      this.#waiters.set(id, settle);
    });
  }
}
