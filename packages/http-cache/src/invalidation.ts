// Invalidation after unsafe requests (RFC 9111 §4.4).
import type { HeaderMap } from './types.js';

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/**
 * RFC 9110 §9.2.1: everything except GET, HEAD, OPTIONS and TRACE is treated as unsafe, including
 * methods we do not know (RFC 9111 §4.4 "including methods whose safety is unknown"). Method names are
 * case-sensitive (§9.1), so "get" is an unknown, hence unsafe, method.
 */
export function isUnsafeMethod(method: string): boolean {
  return !SAFE_METHODS.has(method);
}

export interface InvalidationInput {
  readonly method: string;
  readonly status: number;
  readonly requestUrl: URL;
  readonly res: HeaderMap;
}

/**
 * RFC 9111 §4.4: the URIs to invalidate after a non-error (2xx/3xx) response to an unsafe request: the
 * target URI (MUST) and the Location and Content-Location URIs resolved against it (MAY) — but only
 * those with the same origin (scheme, host, port) as the target, which the section requires so that one
 * site cannot purge another's content. Fragments are removed; the list has no duplicates.
 */
export function invalidationTargets(input: InvalidationInput): URL[] {
  if (!isUnsafeMethod(input.method) || input.status < 200 || input.status > 399) return [];
  const target = withoutFragment(input.requestUrl);
  const out = new Map<string, URL>([[target.href, target]]);
  for (const name of ['location', 'content-location']) {
    const related = resolveSameOrigin(singleValue(input.res[name]), target);
    if (related) out.set(related.href, related);
  }
  return [...out.values()];
}

function resolveSameOrigin(reference: string | undefined, target: URL): URL | undefined {
  if (reference === undefined || reference.trim() === '') return undefined;
  let url: URL;
  try {
    url = withoutFragment(new URL(reference.trim(), target));
  } catch {
    return undefined; // not a URI reference: nothing to invalidate
  }
  return url.origin === target.origin ? url : undefined;
}

function withoutFragment(url: URL): URL {
  const copy = new URL(url.href);
  copy.hash = '';
  return copy;
}

/** Location and Content-Location are singletons; a repeated field is ambiguous and ignored. */
function singleValue(value: string | string[] | undefined): string | undefined {
  if (Array.isArray(value)) return value.length === 1 ? value[0] : undefined;
  return value;
}
