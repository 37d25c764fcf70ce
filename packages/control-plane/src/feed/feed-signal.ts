// A wake-up call between parts of one process: fire() resolves every wait() in progress. Waits also end
// after their timeout, so a waiter that polls the database still notices what other processes committed.
export class FeedSignal {
  private waiters = new Set<() => void>();

  fire(): void {
    const woken = this.waiters;
    this.waiters = new Set();
    for (const wake of woken) wake();
  }

  /** Resolves on the next fire(), after timeoutMs, or when `abort` fires, whichever comes first. */
  wait(timeoutMs: number, abort?: AbortSignal): Promise<void> {
    if (abort?.aborted === true) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        abort?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      abort?.addEventListener('abort', done, { once: true });
    });
  }

  /** How many are waiting (for tests and metrics). */
  get waiting(): number {
    return this.waiters.size;
  }
}
