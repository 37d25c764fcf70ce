// The mails of content invalidation (domain.md §3), queued in the outbox inside the transaction that
// settles the request: "notify when complete" to each address of the request's list, and the 12-hour
// alert to the requester. Both in the requester's language, with a link to the request in the portal.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { enqueueMail, InvalidMailAddressError } from '../mail/outbox-repository.js';
import { parseStrings } from './presenter.js';
import type { InvalidationProgress } from './progress-rules.js';
import type { InvalidationRow } from './repository.js';

/** How many items a mail names before "…". */
const SUMMARY_ITEMS = 5;

export function invalidationLink(publicUrl: string, row: Pick<InvalidationRow, 'id' | 'scid'>): string {
  return `${publicUrl}/network-tools/content-invalidation/${encodeURIComponent(row.id)}`;
}

export function itemsSummary(items: readonly string[]): string {
  const shown = items.slice(0, SUMMARY_ITEMS).join(', ');
  return items.length > SUMMARY_ITEMS ? `${shown}, …` : shown;
}

/** "2026-11-28 12:00 UTC": the same in both languages, unambiguous across time zones. */
function utcMinute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Queues one mail per notify address; an address the outbox refuses is skipped. Returns how many. */
export async function queueCompletionMails(db: Kysely<Database>, input: { row: InvalidationRow; progress: InvalidationProgress; publicUrl: string; nowMs: number }): Promise<number> {
  const { row, progress } = input;
  const items = parseStrings(row.items);
  let queued = 0;
  for (const to of new Set(parseStrings(row.notify).map((a) => a.toLowerCase()))) {
    try {
      await enqueueMail(
        db,
        {
          to,
          language: row.language,
          template: 'invalidation-complete',
          vars: { scid: row.scid, requestId: row.id, itemsSummary: itemsSummary(items), itemCount: items.length, edgesDone: progress.edgesDone, objectsMatched: progress.objectsMatched, requestedAt: utcMinute(row.created_at), link: invalidationLink(input.publicUrl, row) },
        },
        input.nowMs,
      );
      queued += 1;
    } catch (error) {
      if (!(error instanceof InvalidMailAddressError)) throw error;
    }
  }
  return queued;
}

/** Queues the 12-hour alert to the requester, when there is an address to write to; true if queued. */
export async function queueAlertMail(db: Kysely<Database>, input: { row: InvalidationRow; progress: InvalidationProgress; publicUrl: string; nowMs: number }): Promise<boolean> {
  const { row, progress } = input;
  if (row.requester_email === null) return false;
  const items = parseStrings(row.items);
  try {
    await enqueueMail(
      db,
      {
        to: row.requester_email,
        language: row.language,
        template: 'invalidation-alert',
        vars: { scid: row.scid, requestId: row.id, itemsSummary: itemsSummary(items), itemCount: items.length, hoursOpen: Math.floor((input.nowMs - row.created_at) / 3_600_000), edgesDone: progress.edgesDone, edgesTotal: progress.edgesTotal, link: invalidationLink(input.publicUrl, row) },
      },
      input.nowMs,
    );
    return true;
  } catch (error) {
    if (error instanceof InvalidMailAddressError) return false;
    throw error;
  }
}
