// What an enrolling edge is told about the feed (contract feed.ts feedTransportSchema): the HTTP stream of
// this control plane, or the NATS JetStream stream when CANDELA_NATS_URL is set (docs/operations.md).
import type { FeedTransportInfo } from '@candela/contract';
import { FEED_STREAM, FEED_SUBJECT } from '../../feed/nats/feed-subjects.js';

export function feedTransport(natsUrl: string | undefined): FeedTransportInfo {
  return natsUrl === undefined ? { transport: 'http' } : { transport: 'nats', url: natsUrl, stream: FEED_STREAM, subject: FEED_SUBJECT };
}
