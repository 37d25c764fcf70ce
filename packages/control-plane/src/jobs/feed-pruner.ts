// Keeps the feed's change log from growing without bound (issue 4). A snapshot holds everything every
// edge serves, so the log grows by a whole network's configuration per activation. An edge at any cursor
// is sent only the NEWEST snapshot after it (feed/feed-reader.ts), so an older snapshot is never sent
// again once a newer one exists; it is kept only while an activation that is still settling may read
// it (the watcher shows an edge's refusal against that snapshot) and for a grace period, for people
// reading the table while debugging. Invalidation events are each needed by an edge that has not applied
// them yet; they stay for FEED_RETENTION_MS (as long as the NATS stream keeps them), after which an edge
// still behind them is told it lost track (feed-reader.ts prunedSince) and revalidates all it holds.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { FEED_RETENTION_MS, SNAPSHOT_KIND, latestSnapshotSeq } from '../feed/feed-reader.js';

/** Superseded snapshots younger than this stay. */
export const SNAPSHOT_GRACE_MS = 60 * 60 * 1000;

/** Deletes superseded snapshot events and invalidation events past the retention; returns how many. */
export async function pruneFeed(db: Kysely<Database>, nowMs: number, graceMs = SNAPSHOT_GRACE_MS, retentionMs = FEED_RETENTION_MS): Promise<number> {
  const expired = await db
    .deleteFrom('feed_events')
    .where('kind', '<>', SNAPSHOT_KIND)
    .where('created_at', '<', nowMs - retentionMs)
    .executeTakeFirst();
  return Number(expired.numDeletedRows) + (await pruneSnapshots(db, nowMs, graceMs));
}

async function pruneSnapshots(db: Kysely<Database>, nowMs: number, graceMs: number): Promise<number> {
  const newest = await latestSnapshotSeq(db);
  if (newest === 0) return 0;
  const result = await db
    .deleteFrom('feed_events')
    .where('kind', '=', SNAPSHOT_KIND)
    .where('seq', '<', newest)
    .where('created_at', '<', nowMs - graceMs)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('activations')
            .select('activations.id')
            .whereRef('activations.feed_seq', '=', 'feed_events.seq')
            .where('activations.status', 'in', ['pending', 'propagating']),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
