// The behaviours that answer at the edge itself (domain.md §2, contract edge-access.ts): an IP
// restriction compiled into a node:net BlockList, a geo restriction into a country set (with its IP
// exceptions in a BlockList), and generated responses prepared as bytes. Both are
// built once per snapshot, so the request path does one BlockList check and one header copy.
import { BlockList, isIPv4 } from 'node:net';
import type { GeneratedResponse, GeoRestriction, IpRestriction } from '@candela/contract';

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

/** A membership test for addresses and CIDR blocks. */
function addressList(cidrs: readonly string[]): (ip: string) => boolean {
  const list = new BlockList();
  for (const cidr of cidrs) addRule(list, cidr);
  // BlockList.check wants the family; an address with a colon is IPv6 (the socket gives one of the two).
  return (ip) => list.check(ip, ip.includes(':') ? 'ipv6' : 'ipv4');
}

export function compileIpRestriction(r: IpRestriction): CompiledIpRestriction {
  const listed = addressList(r.cidrs);
  return {
    allows: r.mode === 'allow' ? listed : (ip) => !listed(ip),
    denyResponse: r.denyResponse ? prepareResponse(r.denyResponse) : undefined,
  };
}

export interface CompiledGeoRestriction {
  /** True when the client at `ip`, placed in `country` by the geo database (undefined: unknown), may be served. */
  readonly allows: (ip: string, country: string | undefined) => boolean;
  readonly denyResponse: PreparedResponse | undefined;
}

/** domain.md §2: allow- or deny-list of countries; IP exceptions are served whatever their country. */
export function compileGeoRestriction(r: GeoRestriction): CompiledGeoRestriction {
  const countries = new Set(r.countries);
  const excepted = r.ipExceptions.length === 0 ? () => false : addressList(r.ipExceptions);
  const listed = (country: string | undefined) => country !== undefined && countries.has(country);
  return {
    allows:
      r.mode === 'allow'
        ? (ip, country) => listed(country) || excepted(ip)
        : (ip, country) => !listed(country) || excepted(ip),
    denyResponse: r.denyResponse ? prepareResponse(r.denyResponse) : undefined,
  };
}
