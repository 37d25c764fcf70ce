// The feed between the control plane and its edges (issue 4): how an edge enrols, what it receives, what
// it reports back. Transport-neutral: the embedded transport streams these events over HTTP (server-sent
// events), the scale-out one over NATS JetStream; both carry the same JSON and the same `seq` cursor.
import { z } from 'zod';
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

export const feedEventSchema = z.discriminatedUnion('kind', [snapshotEventSchema]);
export type FeedEvent = z.output<typeof feedEventSchema>;
export type SnapshotEvent = z.output<typeof snapshotEventSchema>;

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
});

/** GET /api/v1/edges/feed?cursor=N (server-sent events: `id` = seq, `event` = kind, `data` = event JSON). */
export const edgeFeedQuerySchema = z.strictObject({
  cursor: z.coerce.number().int().min(0).default(0),
});
