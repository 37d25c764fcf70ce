// Cache keys, polling rhythm and links of Network Tools → Content invalidation (links keep the scope).
import type { InvalidationFilters } from '../../api/invalidations';

export const INVALIDATION_PATH = '/network-tools/content-invalidation';

export function invalidationPath(id: string): string {
  return `${INVALIDATION_PATH}/${encodeURIComponent(id)}`;
}

export const invalidationKeys = {
  /** Every history list of a service, whatever its filters (to refresh them all after a new request). */
  lists: (scid: string) => ['invalidations', scid] as const,
  list: (scid: string, filters: InvalidationFilters) => ['invalidations', scid, filters] as const,
  one: (id: string) => ['invalidation', id] as const,
};

/** How often an open request is asked about: every edge is meant to be done in under a second. */
export const INVALIDATION_POLL_MS = 1_000;
/** How often the history is read again while one of its requests is open (up to 100 rows a time). */
export const HISTORY_POLL_MS = 2_000;
