// Follows the control plane's feed (issue 4, contract feed.ts): enrols (or reuses the stored
// credentials), follows the transport the control plane names (HTTP server-sent events or NATS
// JetStream), applies each snapshot atomically, keeps it on disk before acking, and sends heartbeats.
// It never stops trying: while the control plane is away the edge serves what it has, and when it
// returns the edge catches up from its cursor.
//
// Content invalidations (issue 5) are applied in seq order as they come, cut off at the moment each is
// applied: put in force (lookups apply it at once) and acked so, then swept, and acked again with the
// objects matched (in total and per item); the cursor is kept on disk after each event has fully taken
// effect (for an invalidation, after its sweep) and before its last ack, so a crash never loses one (it
// is applied again, which drops no less). Until the feed says it has caught up (at start, and again after
// every disconnect) the edge holds cache hits back: what it stored before may be covered by an
// invalidation it has not seen yet, so it is revalidated with the origin first (pipeline/cache-hold.ts).
import type { EdgeConfig, InvalidationEvent } from '@candela/contract';
import type { FeedOptions } from '../config.js';
import type { FeedInvalidation, FeedInvalidationInForce } from '../purge/feed-invalidation.js';
import { InvalidationError } from '../purge/invalidation-predicate.js';
import { backoffDelayMs } from './backoff.js';
import { ControlPlaneApi, ControlPlaneError } from './control-plane-api.js';
import type { AckBody } from './control-plane-api.js';
import { decideEvent } from './feed-event.js';
import { EMPTY_DOCUMENT, forgetCredentials, loadCredentials, loadCursor, saveCredentials, saveCursor, saveSnapshot } from './feed-files.js';
import type { StoredCredentials, StoredSnapshot } from './feed-files.js';
import { followHttpFeed } from './http-feed.js';
import type { FeedSink, SessionEnd } from './http-feed.js';
import { followNatsFeed } from './nats-feed.js';

export interface FeedClientOptions {
  readonly feed: FeedOptions;
  readonly dataDir: string;
  /** The name the edge enrols under (its --edge-id). */
  readonly edgeName: string;
  /** The snapshot found on disk at start, served already. */
  readonly initial: StoredSnapshot | undefined;
  /** Puts a snapshot in force everywhere this edge serves (every worker); throws when it cannot. */
  readonly apply: (doc: EdgeConfig, seq: number) => Promise<void>;
  /**
   * Puts an invalidation in force everywhere this edge stores objects (disk and every worker's memory),
   * cut off at the moment it runs: from when it resolves, nothing it covers is served. Its `sweep()`,
   * called once, resolves when every entry it reaches is marked or removed, with the objects matched.
   * Throws (or rejects with) InvalidationError when the request cannot be applied.
   */
  readonly invalidate: (order: FeedInvalidation) => Promise<FeedInvalidationInForce>;
  /**
   * Holds cache hits back (true: entries stored until now are revalidated before reuse) or serves them
   * again (false). The edge starts holding in feed mode; the client releases it once caught up.
   */
  readonly holdCacheHits: (holding: boolean) => void;
  readonly health: () => 'ok' | 'draining';
  readonly log: (line: string) => void;
  readonly random?: () => number;
}

export interface FeedStatus {
  readonly transport: 'http' | 'nats' | undefined;
  readonly connected: boolean;
  /** The feed seq of the snapshot in force (0 before the first). */
  readonly appliedSeq: number;
  /** The last feed event handled. */
  readonly cursor: number;
  /** The id the control plane gave this edge at enrolment. */
  readonly enrolledAs: string | undefined;
  /** The feed said every stored event has been handled; false at start and after a disconnect (hits held back). */
  readonly caughtUp: boolean;
}

const MAX_PENDING_ACKS = 1000;
/** A stopping edge waits this long at most for its last heartbeat (the control plane may be away). */
const FINAL_HEARTBEAT_MS = 1_000;

export class FeedClient {
  readonly #o: FeedClientOptions;
  readonly #api: ControlPlaneApi;
  readonly #stop = new AbortController();
  #current: StoredSnapshot;
  #cursor: number;
  #credentials: StoredCredentials | undefined;
  /** Set when a call other than the feed itself was refused with 401: the running session is ended. */
  #session: AbortController | undefined;
  #rejected = false;
  #connected = false;
  /** See FeedStatus.caughtUp; the edge starts holding cache hits back (EdgeNode in feed mode). */
  #caughtUp = false;
  /** The current session handled an event / when its connection came up (for the back-off). */
  #progress = false;
  #connectedAt: number | undefined;
  #pendingAcks: AckBody[] = [];
  /** The acks being sent: each flush queues behind the previous one. */
  #acking: Promise<void> = Promise.resolve();
  #heartbeat: NodeJS.Timeout | undefined;
  #loop: Promise<void> | undefined;

  constructor(o: FeedClientOptions) {
    this.#o = o;
    this.#api = new ControlPlaneApi(o.feed.controlPlaneUrl);
    this.#current = o.initial ?? { seq: 0, doc: EMPTY_DOCUMENT };
    this.#cursor = this.#current.seq;
  }

  start(): void {
    this.#loop ??= this.#run();
    this.#heartbeat = setInterval(() => void this.#beat(), this.#o.feed.heartbeatMs);
    this.#heartbeat.unref();
  }

  status(): FeedStatus {
    return {
      transport: this.#credentials?.feed.transport,
      connected: this.#connected,
      appliedSeq: this.#current.seq,
      cursor: this.#cursor,
      enrolledAs: this.#credentials?.edgeId,
      caughtUp: this.#caughtUp,
    };
  }

  /** Stops following; one last heartbeat (health `draining` while the edge drains) says it is going. */
  async stop(): Promise<void> {
    clearInterval(this.#heartbeat);
    this.#stop.abort();
    await this.#loop;
    await Promise.race([this.#beat(), new Promise((resolve) => setTimeout(resolve, FINAL_HEARTBEAT_MS).unref())]);
    await this.#api.close();
  }

  async #run(): Promise<void> {
    let attempt = 0;
    const signal = this.#stop.signal;
    // Events after the snapshot that were handled already (invalidations, refusals); with no snapshot on
    // disk the feed starts over from 0, so the newest snapshot comes again.
    const handled = this.#o.initial === undefined ? undefined : await loadCursor(this.#o.dataDir);
    if (handled !== undefined && handled > this.#cursor) this.#cursor = handled;
    while (!signal.aborted) {
      this.#progress = false;
      this.#connectedAt = undefined;
      const end = await this.#followOnce().catch((err: unknown) => {
        this.#o.log(`feed: ${err instanceof Error ? err.message : String(err)}`);
        return 'failed' as const;
      });
      this.#connected = false;
      if (signal.aborted) return;
      this.#hold('the feed connection ended');
      if (end === 'silent') {
        this.#o.log(`feed: nothing received for ${this.#o.feed.watchdogMs} ms; reconnecting`);
      }
      // Back-off starts over only after a session that worked: events arrived, or the connection held
      // for a while. A control plane that accepts and drops connections at once is not hammered.
      const held = this.#connectedAt !== undefined && Date.now() - this.#connectedAt >= this.#o.feed.backoffMaxMs;
      if (this.#progress || held) attempt = 0;
      await sleep(backoffDelayMs(attempt++, { initialMs: this.#o.feed.backoffInitialMs, maxMs: this.#o.feed.backoffMaxMs }, this.#o.random ?? Math.random), signal);
    }
  }

  /** One session: credentials, then one connection of the transport they name, until it ends. */
  async #followOnce(): Promise<SessionEnd> {
    const creds = await this.#ensureCredentials();
    // Stopped while enrolling: the abort listener below would never fire, and the session never end.
    if (this.#stop.signal.aborted) return 'aborted';
    const session = new AbortController();
    this.#session = session;
    const abort = () => session.abort();
    this.#stop.signal.addEventListener('abort', abort, { once: true });
    const sink: FeedSink = {
      cursor: () => this.#cursor,
      handle: (text, transportSeq) => this.#handle(text, transportSeq),
      connected: () => {
        this.#connected = true;
        this.#connectedAt = Date.now();
        void this.#beat();
      },
      caughtUp: (seq) => this.#onCaughtUp(seq),
      disconnected: () => this.#hold('the feed transport lost its server'),
      lostTrack: () => this.#forgetEverything(),
    };
    try {
      if (creds.feed.transport === 'nats') return await followNatsFeed(creds.feed, creds.edgeId, sink, session.signal);
      return await followHttpFeed(this.#api, creds.edgeToken, sink, { watchdogMs: this.#o.feed.watchdogMs }, session.signal);
    } catch (err) {
      if (err instanceof ControlPlaneError && err.credentialsRejected) this.#rejected = true;
      throw err;
    } finally {
      this.#stop.signal.removeEventListener('abort', abort);
      this.#session = undefined;
    }
  }

  async #ensureCredentials(): Promise<StoredCredentials> {
    const url = this.#o.feed.controlPlaneUrl;
    if (this.#rejected) {
      // The control plane no longer knows this edge's token (removed from the fleet, or a fresh
      // control plane): enrol again with the enrolment token.
      this.#o.log(`feed: the control plane refused edge ${this.#credentials?.edgeId ?? ''}; enrolling again`);
      this.#rejected = false;
      this.#credentials = undefined;
      await forgetCredentials(this.#o.dataDir);
    }
    this.#credentials ??= await loadCredentials(this.#o.dataDir, url);
    if (this.#credentials) return this.#credentials;
    const f = this.#o.feed;
    let enrolled;
    try {
      enrolled = await this.#api.enrol({ enrolmentToken: f.enrolmentToken, name: this.#o.edgeName, region: f.region, metro: f.metro });
    } catch (err) {
      throw new Error(`enrolment at ${url} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    this.#credentials = await saveCredentials(this.#o.dataDir, url, enrolled);
    this.#o.log(`feed: enrolled as edge ${enrolled.edgeId} (${enrolled.feed.transport} transport)`);
    return this.#credentials;
  }

  /**
   * One event, in feed order: ignore, refuse or apply; the cursor moves past it either way. Resolves
   * once the event is handled (in force and on disk); its ack follows in the background.
   */
  async #handle(text: string, transportSeq: number | undefined): Promise<void> {
    const d = decideEvent(text, this.#cursor, transportSeq);
    this.#progress = true;
    switch (d.kind) {
      case 'malformed':
        this.#o.log(`feed: an event was skipped: ${d.reason}`);
        return;
      case 'ignore':
        return;
      case 'refuse':
        await this.#advance(d.seq);
        this.#o.log(`feed: event ${d.seq} refused, nothing of it applied: ${d.problems.join('; ')}`);
        this.#ack({ seq: d.seq, ok: false, problems: d.problems });
        return;
      case 'apply': {
        const problem = await this.#apply({ seq: d.seq, doc: d.doc });
        await this.#advance(d.seq);
        this.#ack(problem === undefined ? { seq: d.seq, ok: true } : { seq: d.seq, ok: false, problems: [problem] });
        void this.#beat();
        return;
      }
      case 'invalidate': {
        // Two acks: "in force" as soon as it is (the request completes on those), then the objects
        // matched once the sweep is done. The cursor moves only after the sweep: an edge that stops
        // during it applies the invalidation again when it comes back.
        const ack = await this.#invalidate(d.seq, d.invalidation);
        await this.#advance(d.seq);
        this.#ack(ack);
        return;
      }
    }
  }

  /** Past `seq`, in memory and on disk (a failed write only means the event is applied again after a restart). */
  async #advance(seq: number): Promise<void> {
    this.#cursor = seq;
    try {
      await saveCursor(this.#o.dataDir, seq);
    } catch (err) {
      this.#o.log(`feed: could not keep the cursor ${seq} on disk: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /**
   * Applies one invalidation: in force, acked so (the sweep starts once that ack is out, so it never waits
   * behind the sweep's CPU), then swept. Says what to ack last: the objects matched, or why it was refused
   * (also when its sweep failed after it was in force: then the edge cannot say its cache no longer holds
   * what was asked, and the refusal replaces the first ack).
   */
  async #invalidate(seq: number, inv: InvalidationEvent['invalidation']): Promise<AckBody> {
    try {
      const applied = await this.#o.invalidate({ requests: inv.requests, itemCount: inv.itemCount });
      this.#o.log(`feed: invalidation ${inv.id} (event ${seq}) in force`);
      this.#ack({ seq, ok: true });
      // Sent, or failed and left for the next heartbeat: either way the sweep need not wait any longer.
      await this.#acking;
      const r = await applied.sweep();
      const unknown = r.unknown.length === 0 ? '' : ` (not served here: ${r.unknown.join(', ')})`;
      this.#o.log(`feed: invalidation ${inv.id} (event ${seq}) applied to ${r.matched} objects${unknown}`);
      return { seq, ok: true, matched: r.matched, matchedByItem: r.matchedByItem };
    } catch (err) {
      const problem =
        err instanceof InvalidationError
          ? `${err.pointer}: ${err.message}`
          : `(document): the edge could not apply the invalidation: ${err instanceof Error ? err.message : String(err)}`;
      this.#o.log(`feed: invalidation ${inv.id} (event ${seq}) refused: ${problem}`);
      return { seq, ok: false, problems: [problem] };
    }
  }

  #hold(why: string): void {
    if (!this.#caughtUp) return;
    this.#caughtUp = false;
    this.#o.holdCacheHits(true);
    this.#o.log(`feed: ${why}; cache hits are revalidated until the feed has caught up`);
  }

  #onCaughtUp(seq: number | undefined): void {
    if (this.#caughtUp) return;
    this.#caughtUp = true;
    this.#o.holdCacheHits(false);
    this.#o.log(`feed: caught up${seq === undefined ? '' : ` at event ${seq}`}; serving cache hits again`);
  }

  /** The transport cannot say what this edge missed: every stored object is revalidated before reuse. */
  async #forgetEverything(): Promise<void> {
    const r = await (await this.#o.invalidate({ everything: true })).sweep();
    this.#o.log(`feed: the feed cannot replay what this edge missed; ${r.matched} stored objects marked for revalidation`);
  }

  /**
   * In force everywhere, then on disk, then (by the caller) acked: an acked snapshot survives a
   * restart. When it cannot be kept on disk the previous one is put back, so what the edge serves
   * and what it would start with never differ. Returns the problem when refused.
   */
  async #apply(next: StoredSnapshot): Promise<string | undefined> {
    const previous = this.#current;
    try {
      await this.#o.apply(next.doc, next.seq);
    } catch (err) {
      return `(document): the edge could not apply the snapshot: ${err instanceof Error ? err.message : String(err)}`;
    }
    try {
      await saveSnapshot(this.#o.dataDir, next);
    } catch (err) {
      await this.#o.apply(previous.doc, previous.seq).catch(() => undefined);
      return `(document): the edge could not keep the snapshot on disk: ${err instanceof Error ? err.message : String(err)}`;
    }
    this.#current = next;
    this.#o.log(`feed: snapshot ${next.seq} in force`);
    return undefined;
  }

  /**
   * Queues an ack and sends it in the background, in order: a slow control plane never holds up the
   * next event. Bounded while the control plane is away; the heartbeat's appliedVersion says the rest.
   */
  #ack(body: AckBody): void {
    if (this.#pendingAcks.length >= MAX_PENDING_ACKS) this.#pendingAcks.shift();
    this.#pendingAcks.push(body);
    void this.#flushAcks();
  }

  /**
   * Sends the acks not yet delivered, oldest first; what fails is retried with the next heartbeat. One
   * sender at a time (heartbeats and new events both call this), so no ack is sent twice.
   */
  #flushAcks(): Promise<void> {
    this.#acking = this.#acking.then(() => this.#sendAcks());
    return this.#acking;
  }

  async #sendAcks(): Promise<void> {
    const creds = this.#credentials;
    while (creds && this.#pendingAcks.length > 0) {
      try {
        await this.#api.ack(creds.edgeToken, this.#pendingAcks[0]!);
      } catch (err) {
        this.#onCallFailed(creds, err);
        return;
      }
      this.#pendingAcks.shift();
    }
  }

  async #beat(): Promise<void> {
    const creds = this.#credentials;
    if (!creds) return;
    try {
      await this.#api.heartbeat(creds.edgeToken, {
        appliedVersion: this.#current.seq,
        cursor: this.#cursor,
        health: this.#o.health(),
        region: this.#o.feed.region,
        metro: this.#o.feed.metro,
      });
    } catch (err) {
      this.#onCallFailed(creds, err);
      return;
    }
    await this.#flushAcks();
  }

  #onCallFailed(used: StoredCredentials, err: unknown): void {
    // Only the credentials in force: a late answer to a call made with replaced ones means nothing.
    if (err instanceof ControlPlaneError && err.credentialsRejected && used === this.#credentials) {
      this.#rejected = true;
      this.#session?.abort();
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
