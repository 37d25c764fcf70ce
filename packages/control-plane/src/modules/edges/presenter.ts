// Edge rows → the staff view's shape (contract api/edges.ts).
import type { EdgeSummary } from '@candela/contract';
import type { EdgeRow } from './edge-repository.js';
import { edgeState } from './edge-rules.js';

const iso = (ms: number) => new Date(ms).toISOString();

export function presentEdge(row: EdgeRow, nowMs: number): EdgeSummary {
  return {
    id: row.id,
    name: row.name,
    region: row.region,
    metro: row.metro,
    state: edgeState({ lastHeartbeatAtMs: row.last_heartbeat_at, removedAtMs: row.removed_at }, nowMs),
    health: row.health,
    appliedVersion: row.applied_version,
    cursor: row.cursor,
    lastHeartbeatAt: row.last_heartbeat_at === null ? null : iso(row.last_heartbeat_at),
    enrolledAt: iso(row.enrolled_at),
  };
}
