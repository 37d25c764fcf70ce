// domain.md §1: signed requests whose Date is more than 5 minutes off are refused, which bounds a replay
// but does not stop one inside the window. For writes (POST, PUT, PATCH, DELETE) a captured request run
// twice would act twice, so each signature is accepted once: this remembers the signatures seen for as
// long as they could still pass the Date check. Reads are left alone (repeating a read changes nothing,
// and a client may repeat one within the same second).
//
// In memory and per process, like the rate limiters: with several API replicas behind a balancer a
// replay sent to another replica is not caught; the Date window still bounds it there.

export class ReplayGuard {
  /** Signature → the instant it may be forgotten. Map order is insertion order, so oldest first. */
  private readonly seen = new Map<string, number>();

  /**
   * @param retentionMs how long a signature is remembered from first use. A signature passes while its Date
   *   is within the window of now, so Date ≤ now + window and it can pass until Date + window ≤ now + 2 ×
   *   window: twice the window covers every signature without parsing its Date.
   */
  constructor(private readonly retentionMs: number) {}

  /** True the first time a signature is presented within its retention, false on any later use. */
  firstUse(signature: string, nowMs: number): boolean {
    this.forgetExpired(nowMs);
    const until = this.seen.get(signature);
    if (until !== undefined && until > nowMs) return false;
    // Re-inserting moves it to the end, keeping the map ordered by expiry.
    this.seen.delete(signature);
    this.seen.set(signature, nowMs + this.retentionMs);
    return true;
  }

  /** How many signatures are remembered (for tests). */
  get size(): number {
    return this.seen.size;
  }

  // Entries are added with non-decreasing expiry while the clock moves forward, so the expired ones are at
  // the front: the sweep stops at the first live one and costs only what it removes. (If the clock steps
  // back, later entries may expire first; they are then swept a little late, never too early.)
  private forgetExpired(nowMs: number): void {
    for (const [signature, until] of this.seen) {
      if (until > nowMs) break;
      this.seen.delete(signature);
    }
  }
}
