// The behaviours that answer at the edge itself (domain.md §2, contract edge-access.ts): an IP
// restriction compiled into a node:net BlockList, and generated responses prepared as bytes. Both are
// built once per snapshot, so the request path does one BlockList check and one header copy.
import { BlockList, isIPv4 } from 'node:net';
import type { GeneratedResponse, IpRestriction } from '@candela/contract';

/** A response the edge sends without cache or origin: header names lower-cased, body encoded once. */
export interface PreparedResponse {
  readonly status: number;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
}

export interface CompiledIpRestriction {
  /** True when the client at `ip` (already normalised: no `::ffff:` prefix) may be served. */
  readonly allows: (ip: string) => boolean;
  /** What a refused client gets; undefined → the edge's own 403 page. */
  readonly denyResponse: PreparedResponse | undefined;
}

export function prepareResponse(r: GeneratedResponse): PreparedResponse {
  return {
    status: r.status,
    headers: Object.entries(r.headers).map(([name, value]) => [name.toLowerCase(), value] as const),
    body: Buffer.from(r.body, 'utf8'),
  };
}

/** `192.0.2.7`, `192.0.2.0/24`, `2001:db8::1` or `2001:db8::/32` (validated by the contract's cidrSchema). */
function addRule(list: BlockList, cidr: string): void {
  const slash = cidr.indexOf('/');
  const address = slash < 0 ? cidr : cidr.slice(0, slash);
  const family = isIPv4(address) ? 'ipv4' : 'ipv6';
  if (slash < 0) list.addAddress(address, family);
  else list.addSubnet(address, Number(cidr.slice(slash + 1)), family);
}

export function compileIpRestriction(r: IpRestriction): CompiledIpRestriction {
  const list = new BlockList();
  for (const cidr of r.cidrs) addRule(list, cidr);
  // BlockList.check wants the family; an address with a colon is IPv6 (the socket gives one of the two).
  const listed = (ip: string) => list.check(ip, ip.includes(':') ? 'ipv6' : 'ipv4');
  return {
    allows: r.mode === 'allow' ? listed : (ip) => !listed(ip),
    denyResponse: r.denyResponse ? prepareResponse(r.denyResponse) : undefined,
  };
}
