// A small control plane for the edge's feed tests, speaking the protocol of contract feed.ts over real
// HTTP on loopback: enrol, the server-sent event feed from a cursor (with `event: caught-up` after the
// catch-up and after each later event, as the real one sends it after each batch), acks and heartbeats.
// It records everything it is sent, and can refuse connections, stay silent, hold caught-up back, forget
// an edge or go away entirely, so tests can watch the edge cope. (The real control plane's own tests
// cover its side.)
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { FEED_CAUGHT_UP_EVENT, FEED_LOST_TRACK_EVENT } from '@candela/contract';
import type { EdgeConfigInput, FeedTransportInfo, InvalidationRequest } from '@candela/contract';

export interface EnrolledEdge {
  readonly edgeId: string;
  readonly name: string;
  readonly region: string;
  readonly metro: string;
  readonly token: string;
  removed: boolean;
}

export interface RecordedAck {
  readonly edgeId: string;
  readonly seq: number;
  readonly ok: boolean;
  readonly problems: string[];
  /** Only when the edge sent them (invalidations). */
  readonly matched?: number;
  readonly matchedByItem?: number[];
}

export interface RecordedHeartbeat {
  readonly edgeId: string;
  readonly appliedVersion: number;
  readonly cursor: number;
  readonly health: string;
  readonly region?: string;
  readonly metro?: string;
}

/** One event as the control plane stores it: its seq, kind and the JSON text sent as `data:`. */
interface StoredEvent {
  readonly seq: number;
  readonly kind: string;
  readonly data: string;
}

export interface TestControlPlaneOptions {
  readonly enrolmentToken?: string;
  /** What enrolment answers for the feed (default: the HTTP transport). */
  readonly transport?: FeedTransportInfo;
  /** Keep-alive comment interval; 0 sends none (a silent connection). Default 15 000 ms. */
  readonly keepaliveMs?: number;
}

export const TEST_ENROLMENT_TOKEN = 'enrol-0123456789abcdef';

export class TestControlPlane {
  readonly enrolments: EnrolledEdge[] = [];
  readonly acks: RecordedAck[] = [];
  readonly heartbeats: RecordedHeartbeat[] = [];
  /** Every feed connection attempt: which edge, from which cursor, when (epoch ms), and the answer. */
  readonly feedRequests: Array<{ edgeId: string | undefined; cursor: number; atMs: number; status: number }> = [];
  readonly #events: StoredEvent[] = [];
  readonly #streams = new Set<{ edge: EnrolledEdge; res: ServerResponse; cursor: number }>();
  readonly #o: TestControlPlaneOptions;
  #server: Server;
  #port = 0;
  /** Feed connections still to refuse with 503 (to watch the edge back off). */
  refuseFeed = 0;
  /** Accept feed connections and end them at once (a control plane in trouble). */
  endStreamsAtOnce = false;
  keepaliveMs: number;
  /** Enrolment requests received, answered or not. */
  enrolmentRequests = 0;
  /** While set, enrolment is answered only once it resolves (to stop an edge in the middle). */
  holdEnrolment: Promise<void> | undefined;
  /**
   * While true, no `caught-up` is sent (an edge stays behind, holding cache hits back); announceCaughtUp()
   * sends it to the open streams.
   */
  holdCaughtUp = false;
  /** Invalidation events up to this seq were pruned: a stream from an older cursor starts with lost-track. */
  #prunedThrough = 0;
  /** Called as each ack arrives, before it is answered (to look at the edge's disk at that moment). */
  onAck: ((ack: RecordedAck) => void) | undefined;

  constructor(o: TestControlPlaneOptions = {}) {
    this.#o = o;
    this.keepaliveMs = o.keepaliveMs ?? 15_000;
    this.#server = this.#create();
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  get port(): number {
    return this.#port;
  }

  get lastSeq(): number {
    // Pruning removes events, never seqs: the next event still comes after the pruned ones.
    return Math.max(this.#events.at(-1)?.seq ?? 0, this.#prunedThrough);
  }

  /** Listens (again, on the same port after stop()). */
  async start(): Promise<this> {
    this.#server = this.#create();
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.#port, '127.0.0.1', () => resolve());
    });
    const a = this.#server.address();
    this.#port = typeof a === 'object' && a ? a.port : 0;
    return this;
  }

  /** Goes away: every connection cut, nothing listening, until start() again. */
  async stop(): Promise<void> {
    for (const s of this.#streams) s.res.destroy();
    this.#streams.clear();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Appends a snapshot event (seq = previous + 1 unless given) and pushes it to connected edges. */
  publishSnapshot(snapshot: EdgeConfigInput | Record<string, unknown>, seq = this.lastSeq + 1): number {
    return this.publishRaw({ seq, at: Date.now(), kind: 'snapshot', snapshot: { ...snapshot, version: seq } }, seq, 'snapshot');
  }

  /**
   * Appends an invalidation event (contract feed.ts) and pushes it. `itemCount` defaults to the first
   * request's patterns/tags, or the number of requests for kind property.
   */
  publishInvalidation(requests: InvalidationRequest[], o: { itemCount?: number; id?: string; seq?: number } = {}): number {
    const seq = o.seq ?? this.lastSeq + 1;
    const first = requests[0];
    const items = first?.type === 'path' ? first.patterns.length : first?.type === 'tag' ? first.tags.length : first?.type === 'url' ? first.urls.length : requests.length;
    const invalidation = { id: o.id ?? `inv-${seq}`, requests, itemCount: o.itemCount ?? items };
    return this.publishRaw({ seq, at: Date.now(), kind: 'invalidation', invalidation }, seq, 'invalidation');
  }

  /** Appends any event JSON (an unknown kind, a broken document) under `seq`. */
  publishRaw(event: unknown, seq: number, kind: string): number {
    const stored = { seq, kind, data: typeof event === 'string' ? event : JSON.stringify(event) };
    this.#events.push(stored);
    for (const s of this.#streams) {
      if (s.edge.removed || s.cursor >= seq) continue;
      this.#write(s, stored);
      this.#caughtUp(s);
    }
    return seq;
  }

  /**
   * Deletes the invalidation events up to `seq`, as the real pruner does past the retention: an edge that
   * connects from an older cursor is sent `lost-track` (contract feed.ts) first.
   */
  prune(seq: number): void {
    for (let i = this.#events.length - 1; i >= 0; i--) {
      const e = this.#events[i]!;
      if (e.seq <= seq && e.kind === 'invalidation') this.#events.splice(i, 1);
    }
    this.#prunedThrough = Math.max(this.#prunedThrough, seq);
  }

  /** Sends `caught-up` to every open stream (after holdCaughtUp). */
  announceCaughtUp(): void {
    for (const s of this.#streams) this.#caughtUp(s, true);
  }

  /** Takes an edge out of the fleet: its token now gets 401 `edge-removed`, its streams are cut. */
  removeEdge(edgeId: string): void {
    for (const e of this.enrolments) if (e.edgeId === edgeId) e.removed = true;
    for (const s of this.#streams) {
      if (s.edge.edgeId === edgeId) {
        s.res.destroy();
        this.#streams.delete(s);
      }
    }
  }

  /** Cuts every open feed connection (the edges reconnect from their cursors). */
  dropStreams(): void {
    for (const s of this.#streams) s.res.destroy();
    this.#streams.clear();
  }

  get openStreams(): number {
    return this.#streams.size;
  }

  acksFor(seq: number): RecordedAck[] {
    return this.acks.filter((a) => a.seq === seq);
  }

  /**
   * An invalidation's settling ack: the one with its counts, or a refusal. An edge first acks an
   * invalidation "in force" (ok, no counts), then this one once its sweep is done.
   */
  countedAckFor(seq: number): RecordedAck | undefined {
    return this.acksFor(seq).find((a) => !a.ok || a.matched !== undefined);
  }

  #write(s: { res: ServerResponse; cursor: number }, e: StoredEvent): void {
    s.res.write(`id: ${e.seq}\nevent: ${e.kind}\ndata: ${e.data}\n\n`);
    s.cursor = e.seq;
  }

  /** contract feed.ts FEED_CAUGHT_UP_EVENT: no `id`, the seq the stream has reached. */
  #caughtUp(s: { res: ServerResponse; cursor: number }, force = false): void {
    if (this.holdCaughtUp && !force) return;
    s.res.write(`event: ${FEED_CAUGHT_UP_EVENT}\ndata: ${JSON.stringify({ seq: s.cursor })}\n\n`);
  }

  #create(): Server {
    const server = createServer((req, res) => {
      void this.#route(req, res).catch(() => res.destroy());
    });
    return server;
  }

  #caller(req: IncomingMessage): EnrolledEdge | 'removed' | undefined {
    const auth = req.headers.authorization ?? '';
    const edge = this.enrolments.find((e) => `Bearer ${e.token}` === auth);
    if (!edge) return undefined;
    return edge.removed ? 'removed' : edge;
  }

  async #route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://cp');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const body = req.method === 'POST' ? await readJson(req) : undefined;
    if (req.method === 'POST' && url.pathname === '/api/v1/edges/enrol') {
      this.enrolmentRequests += 1;
      await this.holdEnrolment;
      const b = body as { enrolmentToken?: string; name: string; region: string; metro: string };
      if (b.enrolmentToken !== (this.#o.enrolmentToken ?? TEST_ENROLMENT_TOKEN)) {
        send(401, { error: { code: 'UNAUTHENTICATED', message: 'bad enrolment token' } });
        return;
      }
      const edge: EnrolledEdge = {
        edgeId: `e${this.enrolments.length + 1}-${randomBytes(3).toString('hex')}`,
        name: b.name,
        region: b.region,
        metro: b.metro,
        token: randomBytes(16).toString('hex'),
        removed: false,
      };
      this.enrolments.push(edge);
      send(201, { edgeId: edge.edgeId, edgeToken: edge.token, feed: this.#o.transport ?? { transport: 'http' } });
      return;
    }
    const caller = this.#caller(req);
    if (caller === undefined || caller === 'removed') {
      if (url.pathname === '/api/v1/edges/feed') this.feedRequests.push({ edgeId: undefined, cursor: Number(url.searchParams.get('cursor')), atMs: Date.now(), status: 401 });
      const code = caller === 'removed' ? 'edge-removed' : 'UNAUTHENTICATED';
      send(401, { error: { code, message: 'edge token refused' } });
      return;
    }
    if (req.method === 'POST' && url.pathname === '/api/v1/edges/acks') {
      const b = body as { seq: number; ok: boolean; problems?: string[]; matched?: number; matchedByItem?: number[] };
      const ack: RecordedAck = {
        edgeId: caller.edgeId,
        seq: b.seq,
        ok: b.ok,
        problems: b.problems ?? [],
        ...(b.matched === undefined ? {} : { matched: b.matched }),
        ...(b.matchedByItem === undefined ? {} : { matchedByItem: b.matchedByItem }),
      };
      this.onAck?.(ack);
      this.acks.push(ack);
      send(200, { ok: true });
      return;
    }
    if (req.method === 'POST' && url.pathname === '/api/v1/edges/heartbeat') {
      this.heartbeats.push({ edgeId: caller.edgeId, ...(body as Omit<RecordedHeartbeat, 'edgeId'>) });
      send(200, { ok: true });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/api/v1/edges/feed') {
      const cursor = Number(url.searchParams.get('cursor') ?? '0');
      if (this.refuseFeed > 0) {
        this.refuseFeed--;
        this.feedRequests.push({ edgeId: caller.edgeId, cursor, atMs: Date.now(), status: 503 });
        send(503, { error: { code: 'UNAVAILABLE', message: 'try later' } });
        return;
      }
      this.feedRequests.push({ edgeId: caller.edgeId, cursor, atMs: Date.now(), status: 200 });
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.flushHeaders();
      const stream = { edge: caller, res, cursor };
      this.#streams.add(stream);
      if (cursor > 0 && cursor < this.#prunedThrough) res.write(`event: ${FEED_LOST_TRACK_EVENT}\ndata: ${JSON.stringify({ seq: cursor })}\n\n`);
      for (const e of this.#events) if (e.seq > cursor) this.#write(stream, e);
      this.#caughtUp(stream);
      if (this.endStreamsAtOnce) {
        res.end();
        return;
      }
      const keepalive = this.keepaliveMs > 0 ? setInterval(() => res.write(': keepalive\n\n'), this.keepaliveMs) : undefined;
      res.once('close', () => {
        clearInterval(keepalive);
        this.#streams.delete(stream);
      });
      return;
    }
    send(404, { error: { code: 'NOT_FOUND', message: `${req.method} ${url.pathname}` } });
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') as unknown;
}
