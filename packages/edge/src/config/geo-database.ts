// Country of a client address, for geo restrictions (domain.md §2). The edge reads an IP-range table in
// the CSV shape the free country databases publish (DB-IP "IP to Country Lite", and any export of the
// form `first address,last address,country code`): one range per line, IPv4 and IPv6 mixed, optional
// quotes, extra columns ignored, `#` comments. No database → no client has a known country (allow-lists
// refuse everyone not excepted by IP; deny-lists refuse no one), and the edge says so in its log.
//
// Ranges are kept as sorted numeric arrays and searched by bisection: a lookup is ~20 comparisons for a
// table of a million ranges, with no allocation for IPv4.
import { readFileSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';

export interface GeoDatabase {
  /** ISO 3166-1 alpha-2 code of the address, or undefined when the table does not list it. */
  readonly countryOf: (ip: string) => string | undefined;
  readonly ranges: number;
}

export class GeoDatabaseError extends Error {
  override name = 'GeoDatabaseError';
}

function ipv4Number(ip: string): number {
  let n = 0;
  for (const part of ip.split('.')) n = n * 256 + Number(part);
  return n;
}

/** An IPv6 address (any RFC 4291 §2.2 text form, including a dotted IPv4 tail) as a 128-bit integer. */
function ipv6Number(ip: string): bigint {
  let text = ip;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    const v4 = ipv4Number(text.slice(lastColon + 1));
    text = `${text.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  let n = 0n;
  for (const g of groups) n = (n << 16n) | BigInt(parseInt(g, 16));
  return n;
}

interface Range<T> {
  readonly first: T;
  readonly last: T;
  readonly country: number;
}

function bisect<T>(starts: ArrayLike<T>, value: T): number {
  // Index of the last range starting at or before value, -1 when none.
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]! <= value) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function unquote(field: string): string {
  const t = field.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

/** Parses the CSV text; throws GeoDatabaseError naming the first bad line. */
export function parseGeoDatabase(text: string, source = 'geo database'): GeoDatabase {
  const countries: string[] = [];
  const countryIndex = new Map<string, number>();
  const v4: Range<number>[] = [];
  const v6: Range<bigint>[] = [];
  const lines = text.split('\n');
  lines.forEach((rawLine, i) => {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) return;
    const [firstField, lastField, countryField] = line.split(',').map(unquote);
    const country = (countryField ?? '').toUpperCase();
    const bad = (why: string) => new GeoDatabaseError(`${source}:${i + 1}: ${why}`);
    // Databases mark unassigned space with "ZZ" or "-"; such lines are skipped, not errors.
    if (country === 'ZZ' || country === '-' || country === '--') return;
    if (firstField === undefined || lastField === undefined || !/^[A-Z]{2}$/.test(country)) {
      throw bad('expected "first address,last address,country code"');
    }
    let index = countryIndex.get(country);
    if (index === undefined) {
      index = countries.push(country) - 1;
      countryIndex.set(country, index);
    }
    if (isIPv4(firstField) && isIPv4(lastField)) {
      const first = ipv4Number(firstField);
      const last = ipv4Number(lastField);
      if (last < first) throw bad('the last address comes before the first');
      v4.push({ first, last, country: index });
    } else if (isIPv6(firstField) && isIPv6(lastField)) {
      const first = ipv6Number(firstField);
      const last = ipv6Number(lastField);
      if (last < first) throw bad('the last address comes before the first');
      v6.push({ first, last, country: index });
    } else throw bad('expected two IPv4 or two IPv6 addresses');
  });
  v4.sort((a, b) => a.first - b.first);
  v6.sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const v4Starts = Float64Array.from(v4, (r) => r.first);
  const v6Starts = v6.map((r) => r.first);
  const countryOf = (ip: string): string | undefined => {
    if (isIPv4(ip)) {
      const n = ipv4Number(ip);
      const r = v4[bisect(v4Starts, n)];
      return r !== undefined && n <= r.last ? countries[r.country] : undefined;
    }
    if (!isIPv6(ip)) return undefined;
    const n = ipv6Number(ip);
    const r = v6[bisect(v6Starts, n)];
    return r !== undefined && n <= r.last ? countries[r.country] : undefined;
  };
  return { countryOf, ranges: v4.length + v6.length };
}

export function loadGeoDatabase(path: string): GeoDatabase {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new GeoDatabaseError(`cannot read the geo database ${path}: ${(err as Error).message}`);
  }
  return parseGeoDatabase(text, path);
}

/** No database: every address is in no known country. */
export const NO_GEO_DATABASE: GeoDatabase = { countryOf: () => undefined, ranges: 0 };
