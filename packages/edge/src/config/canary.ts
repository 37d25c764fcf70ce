// The canary split (domain.md §2, issue 4): a production candidate slot serves `percent` of clients,
// chosen per client address so the same client always sees the same version. The bucket is the 32-bit
// FNV-1a hash (draft-eastlake-fnv §2) of the UTF-8 text `${clientAddress}|${slot.key}`, modulo 100.
// Keyed by the slot's key (its configuration), not by the version: raising a canary from 10 % to 20 %
// keeps the first 10 % on the candidate, and independent configurations split clients independently.

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** The `|key` suffix as UTF-8 bytes, computed once per slot when a snapshot is compiled. */
export function canarySuffix(key: string): Uint8Array {
  return Buffer.from(`|${key}`, 'utf8');
}

/**
 * Bucket 0–99 of a client for a slot. Client addresses are ASCII, so their characters are their UTF-8
 * bytes and no string is built per request.
 */
export function canaryBucket(clientAddress: string, suffix: Uint8Array): number {
  let h = FNV_OFFSET_BASIS;
  for (let i = 0; i < clientAddress.length; i++) {
    h ^= clientAddress.charCodeAt(i) & 0xff;
    h = Math.imul(h, FNV_PRIME);
  }
  for (let i = 0; i < suffix.length; i++) {
    h ^= suffix[i]!;
    h = Math.imul(h, FNV_PRIME);
  }
  return (h >>> 0) % 100;
}
