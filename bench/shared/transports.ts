// The two ways a control plane's feed reaches the edges (issue 4): its embedded HTTP server-sent events
// stream, or NATS JetStream. Every feed benchmark measures both, in this order.
export const TRANSPORTS = ['http', 'nats'] as const;
export type Transport = (typeof TRANSPORTS)[number];
export const TRANSPORT_LABEL: Record<Transport, string> = { http: 'HTTP/SSE', nats: 'NATS JetStream' };
