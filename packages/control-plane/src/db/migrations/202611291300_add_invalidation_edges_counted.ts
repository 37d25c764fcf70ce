// Invalidations are acked twice by each edge (issue 5): "in force" as soon as the edge serves nothing the
// request covers, and with the objects it matched once it has swept its cache. A request completes on the
// first acks and is settled once the counts are in, or a grace period after it completed when an edge
// never sends them (modules/invalidations/progress-rules.ts). edges_counted freezes how many of the done
// edges had reported their counts when it was settled, so objects_matched can be read for what it is.
//
// Nullable with no default: a request settled before this migration was settled on acks that all carried
// their counts, so null reads as "every done edge".
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('invalidations').addColumn('edges_counted', 'integer').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('invalidations').dropColumn('edges_counted').execute();
}
