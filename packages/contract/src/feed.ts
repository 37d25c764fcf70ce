// The feed between the control plane and its edges (issue 4): how an edge enrols, what it receives, what
// it reports back. Transport-neutral: the embedded transport streams these events over HTTP (server-sent
// events), the scale-out one over NATS JetStream; both carry the same JSON and the same `seq` cursor.
import { z } from 'zod';
import { invalidationRequestSchema } from './edge-admin.js';
import { edgeConfigSchema } from './edge-config.js';

/** The change-log position: strictly increasing, assigned by the control plane's database. */
export const feedSeqSchema = z.number().int().min(0);

/**
 * The whole of what every edge serves, at one feed position (`snapshot.version === seq`). Snapshots
 * replace each other: an edge that missed several only needs the newest.
 */
export const snapshotEventSchema = z.object({
  seq: feedSeqSchema,
  /** Epoch ms when the control plane wrote the event. */
  at: z.number().int(),
  kind: z.literal('snapshot'),
  snapshot: edgeConfigSchema,
});

/**
 * A content invalidation (issue 5, domain.md §3). Unlike snapshots, every one counts: an edge applies each
 * invalidation after its cursor, in seq order, before it serves from cache again. It applies to what the
 * edge stored before the moment it applies the event (objects stored later are untouched); an edge that
 * applies it late therefore drops more, never less.
 */
export const invalidationEventSchema = z.object({
  seq: feedSeqSchema,
  at: z.number().int(),
  kind: z.literal('invalidation'),
  invalidation: z.object({
    /** The API's request id, echoed in logs. */
    id: z.string(),
    /** One edge request per property of the API request, all with the request's mode (Normal = soft). */
    requests: z.array(invalidationRequestSchema).min(1).max(50),
    /**
     * How many items the request has (paths, tags, or properties for kind property), in request order;
     * the ack's `matchedByItem` has this length. For kind path/tag item i is the same pattern/tag in every
     * property's request; for kind property item i is requests[i].
     */
    itemCount: z.number().int().min(1).max(1000),
  }),
});

export const feedEventSchema = z.discriminatedUnion('kind', [snapshotEventSchema, invalidationEventSchema]);
export type FeedEvent = z.output<typeof feedEventSchema>;
export type SnapshotEvent = z.output<typeof snapshotEventSchema>;
export type InvalidationEvent = z.output<typeof invalidationEventSchema>;

/**
 * The embedded (SSE) transport sends `event: caught-up` with `data: {"seq": N}` once it has sent every
 * stored event after the client's cursor, and again after each later batch. An edge that restarted holds
 * cache hits back (revalidates instead) until it sees it, so it never serves what a missed invalidation
 * dropped. On NATS the edge reads the stream's last sequence when it connects and is caught up once it has
 * handled that message (a consumer's pending count is not a reliable signal).
 */
export const FEED_CAUGHT_UP_EVENT = 'caught-up';
export const caughtUpSchema = z.object({ seq: feedSeqSchema });

/**
 * SSE event sent before anything else when an invalidation made after the edge's cursor has been pruned
 * from the log (older than the feed's retention, 7 days): the edge cannot be told what it missed, so it
 * marks everything it holds for revalidation before it handles what follows. NATS edges learn the same
 * from a consumer that starts past their cursor. Data: `{ "seq": <the edge's cursor> }`.
 */
export const FEED_LOST_TRACK_EVENT = 'lost-track';

const label = z.string().trim().min(1).max(100);

/** POST /api/v1/edges/enrol — the enrolment token is the operator's shared secret for joining the fleet. */
export const edgeEnrolBodySchema = z.strictObject({
  enrolmentToken: z.string().min(16).max(200),
  /** Unique in the fleet; enrolling again under the same name replaces the old credentials. */
  name: label,
  region: label,
  metro: label,
});

export const feedTransportSchema = z.discriminatedUnion('transport', [
  z.object({ transport: z.literal('http') }),
  z.object({ transport: z.literal('nats'), url: z.string(), stream: z.string(), subject: z.string() }),
]);
export type FeedTransportInfo = z.output<typeof feedTransportSchema>;

export const edgeEnrolResultSchema = z.object({
  edgeId: z.string(),
  /** Sent as `Authorization: Bearer <edgeToken>` on the edge routes; shown only in this answer. */
  edgeToken: z.string(),
  feed: feedTransportSchema,
});
export type EdgeEnrolResult = z.output<typeof edgeEnrolResultSchema>;

export const EDGE_HEALTH = ['ok', 'degraded', 'draining'] as const;

/** POST /api/v1/edges/heartbeat, every few seconds. */
export const edgeHeartbeatBodySchema = z.strictObject({
  /** The snapshot version being served (its feed seq); 0 before the first. */
  appliedVersion: feedSeqSchema,
  /** The last feed event handled (snapshot or otherwise). */
  cursor: feedSeqSchema,
  health: z.enum(EDGE_HEALTH),
  region: label.optional(),
  metro: label.optional(),
});

/** The heartbeat's answer: the control plane's clock (epoch ms), so an edge can log a skewed clock. */
export const edgeHeartbeatResultSchema = z.object({ serverTime: z.number().int() });

/** POST /api/v1/edges/acks — one event handled (or refused, with why). */
export const edgeAckBodySchema = z.strictObject({
  seq: feedSeqSchema,
  ok: z.boolean(),
  /** Why an edge refused a snapshot: the validation problems as `pointer: message` lines. */
  problems: z.array(z.string().max(1000)).max(100).default([]),
  /** For an invalidation: the distinct stored objects it applied to on this edge. */
  matched: z.number().int().min(0).optional(),
  /** For an invalidation: objects matched per item (invalidationEvent.itemCount long). */
  matchedByItem: z.array(z.number().int().min(0)).max(1000).optional(),
});

/** GET /api/v1/edges/feed?cursor=N (server-sent events: `id` = seq, `event` = kind, `data` = event JSON). */
export const edgeFeedQuerySchema = z.strictObject({
  cursor: z.coerce.number().int().min(0).default(0),
});
