// The staff view of the edge fleet (issue 4): every enrolled edge, what it serves and whether it is alive.
import { z } from 'zod';

export const EDGE_STATES = ['online', 'offline', 'removed'] as const;

export const edgeSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  region: z.string(),
  metro: z.string(),
  /** online: a heartbeat within the last 15 s; removed: taken out of the fleet by staff. */
  state: z.enum(EDGE_STATES),
  health: z.string().nullable(),
  appliedVersion: z.number().int(),
  cursor: z.number().int(),
  lastHeartbeatAt: z.iso.datetime().nullable(),
  enrolledAt: z.iso.datetime(),
});
export type EdgeSummary = z.output<typeof edgeSummarySchema>;

export const edgeListSchema = z.object({
  items: z.array(edgeSummarySchema),
  /** The newest snapshot version, to compare with each edge's appliedVersion. */
  latestVersion: z.number().int(),
});
