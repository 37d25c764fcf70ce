// Invalidation rows → the contract's shape (api/invalidations.ts), with their progress: frozen in the row
// once complete, computed from the fleet and the acks while open (progress-rules.ts).
import type { Invalidation } from '@candela/contract';
import { invalidationProgress } from './progress-rules.js';
import type { InvalidationProgress, ProgressAck, ProgressEdge } from './progress-rules.js';
import { parseCounts } from './repository.js';
import type { InvalidationRow } from './repository.js';

const iso = (ms: number) => new Date(ms).toISOString();

export function parseStrings(text: string): string[] {
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? parsed.filter((s): s is string => typeof s === 'string') : [];
}

/** The request's progress: the frozen numbers of a completed one, or the live ones of an open one. */
export function progressOf(row: InvalidationRow, sources: { edges: readonly ProgressEdge[]; acksBySeq: ReadonlyMap<number, readonly ProgressAck[]> }): InvalidationProgress {
  if (row.completed_at !== null) {
    const counts = parseCounts(row.items_matched) ?? [];
    return {
      status: 'complete',
      edgesDone: row.edges_done ?? 0,
      edgesTotal: row.edges_total ?? 0,
      edgesCounted: row.edges_counted ?? row.edges_done ?? 0,
      objectsMatched: row.objects_matched ?? 0,
      itemsMatched: Array.from({ length: row.item_count }, (_, i) => counts[i] ?? 0),
      completedAtMs: row.completed_at,
    };
  }
  return invalidationProgress({ createdAtMs: row.created_at, itemCount: row.item_count, edges: sources.edges, acks: sources.acksBySeq.get(row.feed_seq) ?? [] });
}

export function presentInvalidation(row: InvalidationRow, progress: InvalidationProgress): Invalidation {
  const items = parseStrings(row.items);
  return {
    id: row.id,
    scid: row.scid,
    kind: row.kind,
    type: row.type,
    properties: parseStrings(row.properties),
    items: items.map((value, i) => ({ value, objectsMatched: progress.itemsMatched[i] ?? 0 })),
    ignoreCase: row.ignore_case === 1,
    notify: parseStrings(row.notify),
    status: progress.status,
    edgesDone: progress.edgesDone,
    edgesTotal: progress.edgesTotal,
    edgesCounted: progress.edgesCounted,
    objectsMatched: progress.objectsMatched,
    feedSeq: row.feed_seq,
    requestedBy: row.requested_by,
    createdAt: iso(row.created_at),
    completedAt: progress.completedAtMs === null ? null : iso(progress.completedAtMs),
    alertedAt: row.alerted_at === null ? null : iso(row.alerted_at),
  };
}
