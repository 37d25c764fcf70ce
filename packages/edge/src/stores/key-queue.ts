// Per-key serialisation for the disk tier: file operations on one entry run one at a time, in call order,
// so overlapping writes of the same key can never interleave their renames; different keys run in parallel.

const ignore = (): void => undefined;

export class KeyedQueue {
  /** key → a promise settled when the last task queued for that key has finished (never rejects). */
  readonly #tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key);
    const result = previous === undefined ? task() : previous.then(task);
    const tail = result.then(ignore, ignore);
    this.#tails.set(key, tail);
    // Drop the key once idle, so the map only ever holds keys with work in flight.
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** Settles once every task queued for the key before this call has finished; undefined when idle. */
  pending(key: string): Promise<void> | undefined {
    return this.#tails.get(key);
  }

  /** Settles once no task is queued for any key (tasks queued meanwhile are waited for too). */
  async drain(): Promise<void> {
    while (this.#tails.size > 0) await Promise.all(this.#tails.values());
  }
}
