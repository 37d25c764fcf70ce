// Keeps the feed's change log from growing without bound (issue 4). A snapshot holds everything every
// edge serves, so the log grows by a whole network's configuration per activation. An edge at any cursor
// is sent only the NEWEST snapshot after it (feed/feed-reader.ts), so an older snapshot is never sent
// again once a newer one exists; it is kept only while an activation that is still settling may read
// it (the watcher shows an edge's refusal against that snapshot) and for a grace period, for people
// reading the table while debugging. Other events (invalidations) are each needed by an edge that has not
// applied them yet, so they are never pruned here.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { SNAPSHOT_KIND, latestSnapshotSeq } from '../feed/feed-reader.js';

/** Superseded snapshots younger than this stay. */
export const SNAPSHOT_GRACE_MS = 60 * 60 * 1000;

/** Deletes superseded snapshot events; returns how many. */
export async function pruneFeed(db: Kysely<Database>, nowMs: number, graceMs = SNAPSHOT_GRACE_MS): Promise<number> {
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
