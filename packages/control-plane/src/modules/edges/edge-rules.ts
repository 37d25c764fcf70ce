// When an edge counts as part of the fleet (issue 4): online while its last heartbeat is at most 15 s old
// and staff have not removed it. Edges send one every few seconds, so 15 s tolerates two lost beats.
import type { EDGE_STATES } from '@candela/contract';

export const ONLINE_WINDOW_MS = 15_000;

export interface EdgeLiveness {
  readonly lastHeartbeatAtMs: number | null;
  readonly removedAtMs: number | null;
}

export function isOnline(edge: EdgeLiveness, nowMs: number): boolean {
  return edge.removedAtMs === null && edge.lastHeartbeatAtMs !== null && nowMs - edge.lastHeartbeatAtMs <= ONLINE_WINDOW_MS;
}

export function edgeState(edge: EdgeLiveness, nowMs: number): (typeof EDGE_STATES)[number] {
  if (edge.removedAtMs !== null) return 'removed';
  return isOnline(edge, nowMs) ? 'online' : 'offline';
}
