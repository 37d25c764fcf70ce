// The edge fleet in the database (issue 4): enrolment, heartbeats, acks, removal.
import { sql } from 'kysely';
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { EdgesTable } from '../../db/schema-configurations.js';
import { constraintViolation } from '../../db/errors.js';
import { ONLINE_WINDOW_MS } from './edge-rules.js';
import { hashToken, newEdgeId, newEdgeToken } from './edge-token.js';

export type EdgeRow = Selectable<EdgesTable>;

export interface EnrolInput {
  readonly name: string;
  readonly region: string;
  readonly metro: string;
  readonly nowMs: number;
}

/**
 * Enrols an edge, or re-enrols the one of the same name: its id stays, the old token stops working at once
 * (its hash is replaced) and a removed edge is back in the fleet. Returns the id and the new token.
 */
export async function enrolEdge(db: Kysely<Database>, input: EnrolInput): Promise<{ edge: EdgeRow; token: string; replaced: boolean }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        const existing = await trx.selectFrom('edges').selectAll().where('name', '=', input.name).executeTakeFirst();
        const id = existing?.id ?? newEdgeId();
        const token = newEdgeToken(id);
        const fields = { region: input.region, metro: input.metro, token_hash: hashToken(token), removed_at: null, enrolled_at: input.nowMs };
        if (existing === undefined) {
          await trx.insertInto('edges').values({ id, name: input.name, ...fields, health: null, last_heartbeat_at: null }).execute();
        } else {
          await trx.updateTable('edges').set(fields).where('id', '=', id).execute();
        }
        const edge = await trx.selectFrom('edges').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        return { edge, token, replaced: existing !== undefined };
      });
    } catch (error) {
      // Two edges enrolling under one new name at once: the unique name decides; the loser updates the winner's row.
      if (attempt === 0 && constraintViolation(error) === 'unique') continue;
      throw error;
    }
  }
}

export async function findEdge(db: Kysely<Database>, id: string): Promise<EdgeRow | undefined> {
  return db.selectFrom('edges').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface Heartbeat {
  readonly appliedVersion: number;
  readonly cursor: number;
  readonly health: string;
  readonly region?: string | undefined;
  readonly metro?: string | undefined;
}

export async function recordHeartbeat(db: Kysely<Database>, id: string, beat: Heartbeat, nowMs: number): Promise<void> {
  await db
    .updateTable('edges')
    .set({
      applied_version: beat.appliedVersion,
      cursor: beat.cursor,
      health: beat.health,
      last_heartbeat_at: nowMs,
      ...(beat.region === undefined ? {} : { region: beat.region }),
      ...(beat.metro === undefined ? {} : { metro: beat.metro }),
    })
    .where('id', '=', id)
    .execute();
}

export interface AckInput {
  readonly seq: number;
  readonly ok: boolean;
  readonly problems: readonly string[];
  /** Invalidations only: distinct objects matched on the edge, and per item (contract feed.ts). */
  readonly matched?: number | undefined;
  readonly matchedByItem?: readonly number[] | undefined;
}

/**
 * One answer per edge and event; a repeated ack replaces the first: an edge retrying, or an invalidation's
 * counts after its "in force" ack. An ok ack that replaces an ok ack keeps its time: the event took
 * effect on the edge when it was first acked (the moment an invalidation completes on), not when its
 * counts came.
 */
export async function recordAck(db: Kysely<Database>, edgeId: string, ack: AckInput, nowMs: number): Promise<void> {
  const values = {
    ok: ack.ok ? 1 : 0,
    problems: JSON.stringify(ack.problems),
    created_at: nowMs,
    matched: ack.matched ?? null,
    matched_by_item: ack.matchedByItem === undefined ? null : JSON.stringify(ack.matchedByItem),
  };
  await db
    .insertInto('edge_acks')
    .values({ edge_id: edgeId, seq: ack.seq, ...values })
    .onConflict((oc) =>
      oc.columns(['edge_id', 'seq']).doUpdateSet((eb) => ({
        ...values,
        created_at: ack.ok ? sql<number>`case when ${eb.ref('edge_acks.ok')} = 1 then ${eb.ref('edge_acks.created_at')} else ${nowMs} end` : nowMs,
      })),
    )
    .execute();
}

export async function listEdges(db: Kysely<Database>): Promise<EdgeRow[]> {
  return db.selectFrom('edges').selectAll().orderBy('name').execute();
}

export async function markRemoved(db: Kysely<Database>, id: string, nowMs: number): Promise<void> {
  await db.updateTable('edges').set({ removed_at: nowMs }).where('id', '=', id).execute();
}

/** Edges in the fleet with a heartbeat within the online window (edge-rules.ts), by id. */
export async function onlineEdges(db: Kysely<Database>, nowMs: number): Promise<Pick<EdgeRow, 'id' | 'name' | 'applied_version'>[]> {
  return db
    .selectFrom('edges')
    .select(['id', 'name', 'applied_version'])
    .where('removed_at', 'is', null)
    .where('last_heartbeat_at', '>=', nowMs - ONLINE_WINDOW_MS)
    .orderBy('id')
    .execute();
}
