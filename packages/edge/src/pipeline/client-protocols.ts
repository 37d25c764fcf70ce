// A property's client protocols (domain.md §2: "client protocols" of a property): which schemes clients
// may use to reach it. Decided before the cache or the origin is asked anything.
//
// - The scheme is allowed → serve.
// - HTTPS only, asked over plain HTTP with GET or HEAD → 301 to the same target over https (the browser
//   follows it; RFC 9110 §15.4.2 lets the redirect be cached, which is what a permanent policy wants).
// - Otherwise → 421 Misdirected Request (RFC 9110 §15.5.20: this server will not answer for the target
//   URI over this connection). Used for other methods over HTTP (a redirect would drop the body) and for
//   an HTTP-only property asked over HTTPS (downgrading a client is never done silently).
export type ClientProtocols = 'http' | 'https' | 'both';

export type ProtocolDecision = { readonly kind: 'serve' } | { readonly kind: 'redirect'; readonly location: string } | { readonly kind: 'misdirected' };

const SERVE: ProtocolDecision = { kind: 'serve' };

export function decideClientProtocol(
  allowed: ClientProtocols,
  request: { readonly scheme: 'http' | 'https'; readonly method: string; readonly host: string; readonly path: string; readonly query: string },
): ProtocolDecision {
  if (allowed === 'both' || allowed === request.scheme) return SERVE;
  if (allowed === 'https' && (request.method === 'GET' || request.method === 'HEAD') && request.host !== '') {
    const query = request.query === '' ? '' : `?${request.query}`;
    return { kind: 'redirect', location: `https://${request.host}${request.path}${query}` };
  }
  return { kind: 'misdirected' };
}
