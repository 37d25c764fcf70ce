// What N edges reported about one thing (a feed seq, an invalidation id), edge by edge, as the edge hosts'
// messages come in: the runner waits until every edge has reported, or a deadline passes, without polling.
import { wallClockMs } from './clock.js';

export class Arrivals<K, V = number> {
  readonly #rows = new Map<K, (V | undefined)[]>();
  #waiters: (() => void)[] = [];

  constructor(readonly edges: number) {}

  /** Edge `index` reported `key`; only its first report counts. */
  record(key: K, index: number, value: V): void {
    let row = this.#rows.get(key);
    if (row === undefined) this.#rows.set(key, (row = new Array<V | undefined>(this.edges).fill(undefined)));
    row[index] ??= value;
    for (const w of this.#waiters.splice(0)) w();
  }

  complete(key: K): boolean {
    const row = this.#rows.get(key);
    return row !== undefined && row.every((v) => v !== undefined);
  }

  /** Per edge, what it reported for `key` (undefined: nothing yet). */
  row(key: K): (V | undefined)[] {
    return [...(this.#rows.get(key) ?? new Array<V | undefined>(this.edges).fill(undefined))];
  }

  /** Resolves when every edge has reported `key` (true), or at the deadline, wallClockMs (false). */
  async waitFor(key: K, deadlineMs: number): Promise<boolean> {
    while (!this.complete(key)) {
      const left = deadlineMs - wallClockMs();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
    return true;
  }
}

/** Times (wallClockMs) as ms after t0; an edge that never reported stays undefined. */
export function relativeTo(row: readonly (number | undefined)[], t0: number): (number | undefined)[] {
  return row.map((v) => (v === undefined ? undefined : v - t0));
}
