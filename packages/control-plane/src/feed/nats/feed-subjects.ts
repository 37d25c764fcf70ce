// The feed on NATS JetStream (issue 4, scale-out transport; docs/operations.md "The feed"): one stream,
// CANDELA_FEED, holding every feed event on the subject `candela.feed.<kind>` (today `candela.feed.snapshot`)
// with header Nats-Msg-Id = the event's seq, so JetStream drops a republished duplicate. Edges read it with
// a durable consumer of their own. Both names are parameters of the publisher so tests use their own.
export const FEED_STREAM = 'CANDELA_FEED';
export const FEED_SUBJECT = 'candela.feed';

export function subjectFor(prefix: string, kind: string): string {
  return `${prefix}.${kind}`;
}
