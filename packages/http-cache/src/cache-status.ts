// The Cache-Status response field (RFC 9211): one sf-list member per cache that handled the response.
import { serializeSfInteger, serializeSfString, serializeSfTokenOrString } from './structured-fields.js';

/** RFC 9211 §2.2: why the request went forward. */
export type ForwardReason = 'bypass' | 'method' | 'uri-miss' | 'vary-miss' | 'miss' | 'request' | 'stale' | 'partial';

export interface CacheStatusEntry {
  /** Identifies the cache (§2): sent as a token when possible, else as a string. */
  readonly cache: string;
  readonly hit?: boolean;
  readonly fwd?: ForwardReason;
  readonly fwdStatus?: number;
  /** Remaining freshness in seconds; negative when stale (§2.5). */
  readonly ttlS?: number;
  readonly stored?: boolean;
  readonly collapsed?: boolean;
  readonly key?: string;
  readonly detail?: string;
}

/**
 * RFC 9211 §2: `Candela; hit; ttl=120` or `Candela; fwd=uri-miss; fwd-status=200; stored`. Parameters
 * in the order of §2.1–§2.8; false booleans are left out (sf booleans are sent only when true). ttl is
 * floored to an Integer (a response 0.4 s past its lifetime reports ttl=-1, i.e. stale); key is an
 * sf-string; detail a token when it is one, else an sf-string.
 */
export function formatCacheStatus(entry: CacheStatusEntry): string {
  const params: string[] = [];
  if (entry.hit) params.push('hit');
  if (entry.fwd !== undefined) params.push(`fwd=${entry.fwd}`);
  if (entry.fwdStatus !== undefined) params.push(`fwd-status=${serializeSfInteger(entry.fwdStatus)}`);
  if (entry.ttlS !== undefined) params.push(`ttl=${serializeSfInteger(Math.floor(entry.ttlS))}`);
  if (entry.stored) params.push('stored');
  if (entry.collapsed) params.push('collapsed');
  if (entry.key !== undefined) params.push(`key=${serializeSfString(entry.key)}`);
  if (entry.detail !== undefined) params.push(`detail=${serializeSfTokenOrString(entry.detail)}`);
  return [serializeSfTokenOrString(entry.cache), ...params].join('; ');
}

/**
 * RFC 9211 §2: a cache adds its member at the END of the list (the last member is the cache nearest
 * the client) and SHOULD keep the members already there, for debugging the whole chain.
 */
export function appendCacheStatus(existing: string | undefined, member: string): string {
  const before = existing?.trim();
  return before ? `${before}, ${member}` : member;
}
