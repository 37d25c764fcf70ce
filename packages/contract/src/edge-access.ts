// Behaviours that answer at the edge without asking the origin (domain.md §2): a generated response
// (custom errors, redirects) and an IP restriction (allow / deny lists of IPv4 / IPv6 addresses and CIDR
// blocks). Part of the edge document; the control plane inlines the service-wide definitions
// (IP groups, generated responses) before it sends a snapshot, so an edge never resolves a name.
import { z } from 'zod';
import { countryCodeSchema } from './api/country-codes.js';
import { headerNameSchema, headerValueSchema } from './http-fields.js';


/** A whole response the edge sends itself. Bodies stay small: this is for error pages and redirects. */
export const generatedResponseSchema = z.strictObject({
  status: z.number().int().min(200).max(599),
  headers: z.record(headerNameSchema, headerValueSchema).default({}),
  body: z.string().max(64 * 1024).default(''),
});

// No node:net here: the portal validates documents in the browser with these same schemas.
function isIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

/** RFC 4291 §2.2 text forms: eight groups, one `::` run of zeros, an optional dotted IPv4 tail. */
function isIpv6(text: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return false;
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = (half: string): string[] | undefined => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return false;
  const all = [...head, ...tail];
  let count = 0;
  for (let i = 0; i < all.length; i++) {
    const g = all[i]!;
    if (i === all.length - 1 && g.includes('.')) {
      if (!isIpv4(g)) return false;
      count += 2;
    } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) count += 1;
    else return false;
  }
  return halves.length === 2 ? count < 8 : count === 8;
}

function ipFamily(text: string): 0 | 4 | 6 {
  if (isIpv4(text)) return 4;
  return isIpv6(text) ? 6 : 0;
}

/** `192.0.2.7`, `2001:db8::1`, `192.0.2.0/24` or `2001:db8::/32`. */
export function isCidrOrAddress(text: string): boolean {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const family = ipFamily(address);
  if (family === 0) return false;
  if (slash < 0) return true;
  const bits = text.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

export const cidrSchema = z.string().max(64).refine(isCidrOrAddress, { message: 'cidr.format' });

/**
 * allow: only the listed addresses are served; deny: the listed addresses are refused. A refused client
 * gets `denyResponse`, or a plain 403 when none is given.
 */
export const ipRestrictionSchema = z.strictObject({
  mode: z.enum(['allow', 'deny']),
  cidrs: z.array(cidrSchema).max(10_000),
  denyResponse: generatedResponseSchema.optional(),
});

/**
 * Geo restriction (domain.md §2): allow: only clients in `countries` are served; deny: clients in
 * `countries` are refused. `ipExceptions` are always served, wherever the edge places them. A client whose
 * country the edge cannot tell (no geo database, an address it does not list) counts as in no country.
 */
export const geoRestrictionSchema = z.strictObject({
  mode: z.enum(['allow', 'deny']),
  countries: z.array(countryCodeSchema).max(300),
  ipExceptions: z.array(cidrSchema).max(10_000).default([]),
  denyResponse: generatedResponseSchema.optional(),
});

export type GeneratedResponse = z.output<typeof generatedResponseSchema>;
export type IpRestriction = z.output<typeof ipRestrictionSchema>;
export type GeoRestriction = z.output<typeof geoRestrictionSchema>;
