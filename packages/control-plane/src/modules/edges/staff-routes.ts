// The staff view of the edge fleet (issue 4): every enrolled edge with its state, and removing one. Any
// staff role may look (every staff role holds customers:view); removing is the platform operator's
// (platform:operate). Customers get 404 (staffOnly), as for every /staff route.
import { edgeListSchema, edgeSummarySchema, errorEnvelopeSchema, idParamsSchema } from '@candela/contract';
import { notFound } from '../../api/api-error.js';
import type { AppDeps } from '../../api/deps.js';
import type { ApiRouter } from '../../api/router.js';
import { loadCaller, requireStaff } from '../../auth/caller.js';
import { latestSnapshotSeq } from '../../feed/feed-reader.js';
import { recordAudit } from '../audit/audit-log.js';
import { staffOnly } from '../staff/staff-only.js';
import { findEdge, listEdges, markRemoved } from './edge-repository.js';
import { presentEdge } from './presenter.js';

const errors = { 401: errorEnvelopeSchema, 403: errorEnvelopeSchema, 404: errorEnvelopeSchema };

export function staffEdgeRoutes(api: ApiRouter, deps: AppDeps): void {
  api.get('/staff/edges', { preValidation: staffOnly(deps, 'customers:view'), schema: { tags: ['staff'], summary: 'The edge fleet: every enrolled edge, online / offline / removed, and what it serves (staff)', response: { 200: edgeListSchema, ...errors } } }, async (request) => {
    requireStaff(await loadCaller(deps.db, request.principal), 'customers:view');
    const now = deps.clock();
    const [rows, latestVersion] = await Promise.all([listEdges(deps.db), latestSnapshotSeq(deps.db)]);
    return { items: rows.map((row) => presentEdge(row, now)), latestVersion };
  });

  api.delete('/staff/edges/:id', { preValidation: staffOnly(deps, 'platform:operate'), schema: { tags: ['staff'], summary: 'Remove an edge from the fleet: its token stops working, its feed stream closes and activations stop waiting for it (platform operator)', params: idParamsSchema, response: { 200: edgeSummarySchema, ...errors } } }, async (request) => {
    const caller = await loadCaller(deps.db, request.principal);
    requireStaff(caller, 'platform:operate');
    const now = deps.clock();
    const edge = await findEdge(deps.db, request.params.id);
    if (edge === undefined) throw notFound();
    if (edge.removed_at === null) {
      await deps.db.transaction().execute(async (trx) => {
        await markRemoved(trx, edge.id, now);
        await recordAudit(trx, { caller, requestId: request.id, nowMs: now }, { accessGroupId: null, action: 'edge.remove', targetType: 'edge', targetId: edge.id, before: { name: edge.name, region: edge.region, metro: edge.metro } });
      });
      deps.feed.edgeRemoved(edge.id);
    }
    return presentEdge({ ...edge, removed_at: edge.removed_at ?? now }, now);
  });
}
