// The in-process side of the feed (issue 4): who to wake after a commit. Feed streams and the NATS
// publisher wait on `events`; the activation watcher waits on `reports` (acks, heartbeats, removed edges).
// Everything here is a hint to look now: each waiter also polls the database on its own timer, so several
// control-plane processes sharing one PostgreSQL stay correct, only a little slower.
import { FeedSignal } from './feed-signal.js';

export class FeedHub {
  /** Fired after a transaction that appended feed events has committed. */
  readonly events = new FeedSignal();
  /** Fired when an edge reported (ack, heartbeat) or left the fleet: activations may have progressed. */
  readonly reports = new FeedSignal();
  private readonly removalListeners = new Map<string, Set<() => void>>();

  committed(): void {
    this.events.fire();
    // A new activation is something for the watcher to look at too (it may have no edges to wait for).
    this.reports.fire();
  }

  edgeReported(): void {
    this.reports.fire();
  }

  /** An edge was removed by staff: its open feed streams in this process end now. */
  edgeRemoved(edgeId: string): void {
    for (const listener of this.removalListeners.get(edgeId) ?? []) listener();
    this.reports.fire();
  }

  /** Calls `listener` when edgeRemoved(edgeId) is called; returns the unsubscribe function. */
  onEdgeRemoved(edgeId: string, listener: () => void): () => void {
    let listeners = this.removalListeners.get(edgeId);
    if (listeners === undefined) {
      listeners = new Set();
      this.removalListeners.set(edgeId, listeners);
    }
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.removalListeners.delete(edgeId);
    };
  }
}
