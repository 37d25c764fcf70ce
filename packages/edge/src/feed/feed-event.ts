// What an edge does with one feed event (contract feed.ts), decided without side effects: ignore it
// (already handled), apply a valid snapshot or invalidation, or refuse it with the reasons the control
// plane records and shows (problems as `pointer: message` lines; pointers inside the snapshot document
// for a snapshot, from the event's root for an invalidation).
import { caughtUpSchema, edgeConfigSchema, feedSeqSchema, invalidationEventSchema, validate } from '@candela/contract';
import type { EdgeConfig, InvalidationEvent, Problem } from '@candela/contract';

export type EventDecision =
  /** seq ≤ cursor: a replay after a reconnect, or a duplicate delivery. */
  | { readonly kind: 'ignore'; readonly seq: number }
  | { readonly kind: 'apply'; readonly seq: number; readonly doc: EdgeConfig }
  /** A content invalidation to apply in seq order (issue 5). */
  | { readonly kind: 'invalidate'; readonly seq: number; readonly invalidation: InvalidationEvent['invalidation'] }
  /** Refused: acked ok:false, the cursor still advances past it. */
  | { readonly kind: 'refuse'; readonly seq: number; readonly problems: string[] }
  /** No usable seq: nothing to ack and no cursor to move; the transport logs it and goes on. */
  | { readonly kind: 'malformed'; readonly reason: string };

/** The contract's limits on an ack's problems (edgeAckBodySchema): 100 lines of 1000 characters. */
const MAX_PROBLEMS = 100;
const MAX_PROBLEM_LENGTH = 1000;

export function problemLines(problems: readonly Problem[]): string[] {
  const lines = problems.map((p) => `${p.pointer === '' ? '(document)' : p.pointer}: ${p.message}`.slice(0, MAX_PROBLEM_LENGTH));
  if (lines.length <= MAX_PROBLEMS) return lines;
  return [...lines.slice(0, MAX_PROBLEMS - 1), `… and ${lines.length - MAX_PROBLEMS + 1} more problems`];
}

/**
 * `text` is the event's JSON (SSE `data:`, a NATS message body); `transportSeq` the seq the transport
 * carried beside it (SSE `id:`), used only when the JSON is too broken to give its own.
 */
export function decideEvent(text: string, cursor: number, transportSeq?: number): EventDecision {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    if (transportSeq === undefined) return { kind: 'malformed', reason: `not JSON: ${(err as Error).message}` };
    if (transportSeq <= cursor) return { kind: 'ignore', seq: transportSeq };
    return { kind: 'refuse', seq: transportSeq, problems: [`(document): not JSON: ${(err as Error).message}`] };
  }
  const event = (typeof raw === 'object' && raw !== null ? raw : {}) as { seq?: unknown; kind?: unknown; snapshot?: unknown };
  const parsedSeq = feedSeqSchema.safeParse(event.seq);
  const seq = parsedSeq.success ? parsedSeq.data : transportSeq;
  if (seq === undefined) return { kind: 'malformed', reason: 'the event has no seq' };
  if (seq <= cursor) return { kind: 'ignore', seq };
  if (event.kind === 'invalidation') {
    const parsed = validate(invalidationEventSchema, raw);
    if (!parsed.ok) return { kind: 'refuse', seq, problems: problemLines(parsed.problems) };
    return { kind: 'invalidate', seq, invalidation: parsed.value.invalidation };
  }
  if (event.kind !== 'snapshot') {
    return { kind: 'refuse', seq, problems: [`/kind: this edge does not know the event kind ${JSON.stringify(event.kind ?? null)}`] };
  }
  const result = validate(edgeConfigSchema, event.snapshot);
  if (!result.ok) return { kind: 'refuse', seq, problems: problemLines(result.problems) };
  return { kind: 'apply', seq, doc: result.value };
}

/** The seq of an SSE `event: caught-up` (contract feed.ts FEED_CAUGHT_UP_EVENT), or undefined when broken. */
export function caughtUpSeq(text: string): number | undefined {
  try {
    const parsed = caughtUpSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.seq : undefined;
  } catch {
    return undefined;
  }
}
