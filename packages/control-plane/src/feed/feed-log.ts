// The feed's change log (issue 4): every event the edges must see, numbered by `seq`. A seq is taken from
// the one-row counter feed_state inside the writer's transaction (see the header of migration
// 202611281400_create_configurations): on PostgreSQL the UPDATE locks the row until commit, so the next
// writer gets its number only after this one has committed, and seq order is commit order. A reader that
// has seen seq N therefore never misses a smaller seq committing later, and a rolled-back writer gives its
// number back (no gaps). On SQLite one writer at a time holds the database anyway.
import type { Kysely } from 'kysely';
import type { FeedEvent } from '@candela/contract';
import type { Database } from '../db/schema.js';

export type FeedKind = FeedEvent['kind'];

/**
 * Takes the next seq and with it the feed lock, held until the transaction ends. Writers that must see a
 * consistent world (an activation reads the slots it then snapshots) call this first, so every feed writer
 * runs one after the other.
 */
export async function nextSeq(trx: Kysely<Database>): Promise<number> {
  const row = await trx
    .updateTable('feed_state')
    .set((eb) => ({ last_seq: eb('last_seq', '+', 1) }))
    .where('id', '=', 1)
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return row.last_seq;
}

/** Stores the event under its own seq (taken with nextSeq in the same transaction). */
export async function insertEvent(trx: Kysely<Database>, event: FeedEvent): Promise<void> {
  await trx.insertInto('feed_events').values({ seq: event.seq, kind: event.kind, payload: JSON.stringify(event), created_at: event.at }).execute();
}

/** The event's fields besides the seq, the time and the kind, which appendEvent fills in. */
export type EventBody<K extends FeedKind> = Omit<Extract<FeedEvent, { kind: K }>, 'seq' | 'at' | 'kind'>;

/**
 * nextSeq + insertEvent: appends one event inside the caller's transaction. `body` gets the seq because a
 * snapshot carries it as its version. Readers are woken by the caller after the commit (FeedHub).
 */
export async function appendEvent<K extends FeedKind>(trx: Kysely<Database>, kind: K, nowMs: number, body: (seq: number) => EventBody<K>): Promise<FeedEvent> {
  const seq = await nextSeq(trx);
  const event = { ...body(seq), seq, at: nowMs, kind } as unknown as FeedEvent;
  await insertEvent(trx, event);
  return event;
}

/** The last seq handed out (committed, from where the caller stands). */
export async function lastSeq(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('feed_state').select('last_seq').where('id', '=', 1).executeTakeFirstOrThrow();
  return row.last_seq;
}
