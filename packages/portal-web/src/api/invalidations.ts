// Content invalidation (domain.md §3, issue 5; contract api/invalidations.ts): a request names properties
// of a service by primary alias and what to drop from the edges' caches (paths in the wildcard grammar,
// cache tags, or whole properties), Normal (revalidate) or Force (refetch); its progress goes pending →
// in progress (edges done / total, objects matched) → complete.
import type { CreateInvalidationBody, Invalidation, InvalidationKind, InvalidationStatus, InvalidationType } from '@candela/contract';
import { apiPath, type ApiClient } from './client';
import type { Page } from './types';

export type { CreateInvalidationBody, Invalidation, InvalidationKind, InvalidationStatus, InvalidationType };

/** "The last 100 at a glance" (domain.md §3): the first page holds 100, and so does every next one. */
export const INVALIDATION_PAGE_SIZE = 100;

/** The history's search filters (invalidationListQuerySchema); an absent one does not filter. */
export interface InvalidationFilters {
  readonly status?: InvalidationStatus | undefined;
  readonly property?: string | undefined;
  readonly contains?: string | undefined;
  /** ISO 8601 instants: created at or after `from`, before `to`. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

/** A request still open: the portal keeps asking about it until every edge has applied it. */
export function isOpen(status: InvalidationStatus): boolean {
  return status !== 'complete';
}

/**
 * Complete (every edge has it in force) while some edges are still counting the objects they matched:
 * its objectsMatched may still grow, so the portal keeps asking a little longer.
 */
export function isCounting(invalidation: Pick<Invalidation, 'status' | 'edgesDone' | 'edgesCounted'>): boolean {
  return invalidation.status === 'complete' && invalidation.edgesCounted < invalidation.edgesDone;
}

/** Open or still counting: what the portal polls. */
export function isChanging(invalidation: Pick<Invalidation, 'status' | 'edgesDone' | 'edgesCounted'>): boolean {
  return isOpen(invalidation.status) || isCounting(invalidation);
}

/** 202: accepted and on its way to the edges, with its progress so far. */
export function createInvalidation(client: ApiClient, scid: string, body: CreateInvalidationBody): Promise<Invalidation> {
  return client.post(apiPath`/services/${scid}/invalidations`, body);
}

export function fetchInvalidations(client: ApiClient, scid: string, filters: InvalidationFilters = {}, cursor?: string): Promise<Page<Invalidation>> {
  return client.get(apiPath`/services/${scid}/invalidations`, {
    limit: INVALIDATION_PAGE_SIZE,
    cursor,
    status: filters.status,
    property: filters.property,
    contains: filters.contains,
    from: filters.from,
    to: filters.to,
  });
}

export function fetchInvalidation(client: ApiClient, id: string): Promise<Invalidation> {
  return client.get(apiPath`/invalidations/${id}`);
}
