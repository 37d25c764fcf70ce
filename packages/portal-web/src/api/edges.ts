// The staff view of the edge fleet (issue 4): every enrolled edge and whether it is alive and up to date.
// Platform operators take an edge out of the fleet; customers get 404 from all of it.
import type { EdgeSummary } from '@candela/contract';
import { apiPath, type ApiClient } from './client';

export type { EdgeSummary };

export interface EdgeList {
  readonly items: readonly EdgeSummary[];
  /** The newest snapshot version, to compare with each edge's appliedVersion. */
  readonly latestVersion: number;
}

export function fetchEdges(client: ApiClient): Promise<EdgeList> {
  return client.get('/staff/edges');
}

export function removeEdge(client: ApiClient, id: string): Promise<unknown> {
  return client.delete(apiPath`/staff/edges/${id}`);
}
