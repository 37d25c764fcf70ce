// What an edge at `cursor` must receive (issue 4, the feed): snapshots replace each other, so of those
// after the cursor only the newest is sent; every other kind of event after the cursor is sent too, all
// in seq order. An edge with nothing yet (cursor 0) waits for the first snapshot: non-snapshot events
// (invalidations) mean nothing to an edge that serves nothing. Used by the HTTP stream and the NATS
// publisher alike.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { lastSeq } from './feed-log.js';

/** One stored event: `payload` is the whole FeedEvent as JSON, ready to send as it is. */
export interface StoredEvent {
  readonly seq: number;
  readonly kind: string;
  readonly payload: string;
}

export const SNAPSHOT_KIND = 'snapshot';

/**
 * How long a feed event stays replayable, on both transports: the NATS stream's max age, and the age past
 * which the pruner deletes invalidation events from the log (jobs/feed-pruner.ts). An edge whose cursor
 * is older than what is left cannot be told what it missed (prunedSince).
 */
export const FEED_RETENTION_MS = 7 * 24 * 3_600_000;

// Events never change once written, and after an activation every edge's stream asks for the same new
// snapshot at once: keep the last few in memory instead of reading a large payload once per edge.
// Per database handle: seqs of two databases (tests open several in one process) must never mix.
const recentByDatabase = new WeakMap<Kysely<Database>, Map<number, StoredEvent>>();
const RECENT_LIMIT = 8;

async function snapshotEvent(db: Kysely<Database>, seq: number): Promise<StoredEvent | undefined> {
  let recentSnapshots = recentByDatabase.get(db);
  if (recentSnapshots === undefined) {
    recentSnapshots = new Map();
    recentByDatabase.set(db, recentSnapshots);
  }
  const cached = recentSnapshots.get(seq);
  if (cached !== undefined) return cached;
  const row = await db.selectFrom('feed_events').select(['seq', 'kind', 'payload']).where('seq', '=', seq).executeTakeFirst();
  if (row === undefined) return undefined;
  if (recentSnapshots.size >= RECENT_LIMIT) recentSnapshots.delete(recentSnapshots.keys().next().value ?? -1);
  recentSnapshots.set(seq, row);
  return row;
}

/** Non-snapshot events read per call of eventsAfter. */
export const FEED_PAGE_LIMIT = 500;

/** The events an edge at `cursor` needs, in seq order; at most `limit` non-snapshot events per call. */
export async function eventsAfter(db: Kysely<Database>, cursor: number, limit = FEED_PAGE_LIMIT): Promise<StoredEvent[]> {
  // Both reads below are bounded by the seq committed before either runs. Unbounded, an activation
  // committed between them would be missed by the first (no newer snapshot) yet stepped over by the
  // second (an invalidation after it), and the caller's cursor would move past it for good. Seqs commit
  // in order (nextSeq locks one row), so everything up to `high` is visible to both reads.
  const high = await lastSeq(db);
  if (high <= cursor) return [];
  const newest = await db
    .selectFrom('feed_events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('kind', '=', SNAPSHOT_KIND)
    .where('seq', '>', cursor)
    .where('seq', '<=', high)
    .executeTakeFirst();
  const snapshotSeq = newest?.seq ?? null;
  if (cursor === 0 && snapshotSeq === null) return [];
  const others = await db
    .selectFrom('feed_events')
    .select(['seq', 'kind', 'payload'])
    .where('seq', '>', cursor)
    .where('seq', '<=', high)
    .where('kind', '<>', SNAPSHOT_KIND)
    .orderBy('seq')
    .limit(limit)
    .execute();
  const snapshot = snapshotSeq === null ? undefined : await snapshotEvent(db, snapshotSeq);
  // A full page of others may stop before the snapshot; then the snapshot waits for the next call, so the
  // order stays seq order and nothing after the page's end is skipped.
  const pageEnd = others.length === limit ? others[others.length - 1]!.seq : Infinity;
  const all = snapshot !== undefined && snapshot.seq <= pageEnd ? [...others, snapshot] : others;
  return all.sort((a, b) => a.seq - b.seq);
}

/** The newest snapshot's seq (0 before the first): what an edge that is up to date has applied. */
export async function latestSnapshotSeq(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('feed_events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('kind', '=', SNAPSHOT_KIND)
    .executeTakeFirst();
  return row?.seq ?? 0;
}

/**
 * True when an invalidation made after `cursor` is no longer in the log (pruned after FEED_RETENTION_MS):
 * an edge at that cursor cannot replay what it missed and must revalidate everything it holds (contract
 * feed.ts FEED_LOST_TRACK_EVENT). The invalidations table keeps every request's feed seq for good.
 */
export async function prunedSince(db: Kysely<Database>, cursor: number): Promise<boolean> {
  const row = await db
    .selectFrom('invalidations')
    .select('invalidations.id')
    .where('invalidations.feed_seq', '>', cursor)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('feed_events').select('feed_events.seq').whereRef('feed_events.seq', '=', 'invalidations.feed_seq'))))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
