// Reading what the edges are sent, for tests: the newest snapshot in the feed log.
import type { Kysely } from 'kysely';
import type { EdgeConfig } from '@candela/contract';
import type { Database } from '../../db/schema.js';

export async function newestSnapshot(db: Kysely<Database>): Promise<EdgeConfig & { seq: number }> {
  const row = await db.selectFrom('feed_events').select(['seq', 'payload']).where('kind', '=', 'snapshot').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
  const event = JSON.parse(row.payload) as { snapshot: EdgeConfig };
  return { ...event.snapshot, seq: row.seq };
}

/** `alias@version` of each property in a list, for short assertions. */
export function served(properties: readonly { aliases: string[]; source?: { version: number } | undefined }[]): string[] {
  return properties.map((p) => `${p.aliases.join('+')}@${p.source?.version ?? '?'}`);
}
