// Settles content invalidations (domain.md §3, issue 5): every second, and at once when an edge acks or
// reports (the FeedHub's `reports`), it looks at every open request and
// - when it is complete and its edges have reported their counts, or COUNT_GRACE_MS after it completed
//   (modules/invalidations/progress-rules.ts), freezes its progress with completed_at and queues the
//   "notify when complete" mails, in the requester's language, in the same transaction;
// - when it is still open INVALIDATION_ALERT_AFTER_MS (12 hours) after it was made, sets alerted_at (the
//   alert staff see in GET /staff/invalidation-alerts), writes an audit entry and mails the requester.
// Every update is conditional (completed_at / alerted_at still null), so several control-plane processes
// may each run a watcher and every request is settled, notified and alerted on once. The clock is passed in.
import type { Kysely } from 'kysely';
import { INVALIDATION_ALERT_AFTER_MS } from '@candela/contract';
import type { Database } from '../db/schema.js';
import type { FeedHub } from '../feed/feed-hub.js';
import { recordAudit } from '../modules/audit/audit-log.js';
import { queueAlertMail, queueCompletionMails } from '../modules/invalidations/invalidation-mails.js';
import { progressOf } from '../modules/invalidations/presenter.js';
import { readyToSettle } from '../modules/invalidations/progress-rules.js';
import type { InvalidationProgress } from '../modules/invalidations/progress-rules.js';
import { markAlerted, markNotified, openInvalidations, progressSources, settleCompleted } from '../modules/invalidations/repository.js';
import type { InvalidationRow } from '../modules/invalidations/repository.js';

export interface InvalidationWatcherLogger {
  error(details: Record<string, unknown>, message: string): void;
}

export interface InvalidationWatcherOptions {
  readonly db: Kysely<Database>;
  readonly hub: FeedHub;
  readonly clock: () => number;
  /** Links in the mails start with it (config publicUrl). */
  readonly publicUrl: string;
  /** Called after mails were queued and committed. */
  readonly wakeMailSender: () => void;
  readonly intervalMs?: number;
  readonly alertAfterMs?: number;
  /** Open requests looked at per query; default WATCH_BATCH. */
  readonly batchSize?: number;
  readonly logger?: InvalidationWatcherLogger;
}

export interface WatchResult {
  readonly completed: number;
  readonly alerted: number;
  readonly mails: number;
}

async function complete(options: InvalidationWatcherOptions, row: InvalidationRow, progress: InvalidationProgress, nowMs: number): Promise<{ settled: boolean; mails: number }> {
  return options.db.transaction().execute(async (trx) => {
    const c = { completedAtMs: progress.completedAtMs ?? nowMs, edgesTotal: progress.edgesTotal, edgesDone: progress.edgesDone, edgesCounted: progress.edgesCounted, objectsMatched: progress.objectsMatched, itemsMatched: progress.itemsMatched };
    if (!(await settleCompleted(trx, row.id, c))) return { settled: false, mails: 0 };
    const mails = await queueCompletionMails(trx, { row, progress, publicUrl: options.publicUrl, nowMs });
    if (mails > 0) await markNotified(trx, row.id, nowMs);
    return { settled: true, mails };
  });
}

async function alert(options: InvalidationWatcherOptions, row: InvalidationRow, progress: InvalidationProgress, nowMs: number): Promise<{ alerted: boolean; mails: number }> {
  return options.db.transaction().execute(async (trx) => {
    if (!(await markAlerted(trx, row.id, nowMs))) return { alerted: false, mails: 0 };
    const mailed = await queueAlertMail(trx, { row, progress, publicUrl: options.publicUrl, nowMs });
    await recordAudit(trx, { caller: undefined, requestId: `watcher:${row.id}`, nowMs }, {
      accessGroupId: row.access_group_id,
      action: 'invalidation.alert',
      targetType: 'invalidation',
      targetId: row.id,
      after: { scid: row.scid, edgesDone: progress.edgesDone, edgesTotal: progress.edgesTotal, mailed: mailed ? row.requester_email : null },
    });
    return { alerted: true, mails: mailed ? 1 : 0 };
  });
}

/**
 * Open requests are looked at this many at a time: an edge offline for a day (and not removed) keeps every
 * request of that day open, and each batch's acks are read with one `seq in (…)` list.
 */
export const WATCH_BATCH = 500;

/** One look at every open request. */
export async function watchInvalidationsOnce(options: InvalidationWatcherOptions): Promise<WatchResult> {
  const alertAfterMs = options.alertAfterMs ?? INVALIDATION_ALERT_AFTER_MS;
  const batch = options.batchSize ?? WATCH_BATCH;
  const nowMs = options.clock();
  let completed = 0;
  let alerted = 0;
  let mails = 0;
  let after: [number, string] | undefined;
  for (;;) {
    const rows = await openInvalidations(options.db, { after, limit: batch });
    if (rows.length === 0) break;
    const sources = await progressSources(options.db, rows);
    for (const row of rows) {
      const progress = progressOf(row, sources);
      if (progress.status === 'complete') {
        if (!readyToSettle(progress, nowMs)) continue;
        const done = await complete(options, row, progress, nowMs);
        completed += done.settled ? 1 : 0;
        mails += done.mails;
      } else if (row.alerted_at === null && nowMs - row.created_at >= alertAfterMs) {
        const done = await alert(options, row, progress, nowMs);
        alerted += done.alerted ? 1 : 0;
        mails += done.mails;
      }
    }
    if (rows.length < batch) break;
    const last = rows[rows.length - 1]!;
    after = [last.created_at, last.id];
  }
  if (mails > 0) options.wakeMailSender();
  return { completed, alerted, mails };
}

export interface InvalidationWatcher {
  stop(): Promise<void>;
}

export function startInvalidationWatcher(options: InvalidationWatcherOptions): InvalidationWatcher {
  const stopping = new AbortController();
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      // Armed before looking, so a report arriving during the look is not missed.
      const woken = options.hub.reports.wait(options.intervalMs ?? 1_000, stopping.signal);
      try {
        await watchInvalidationsOnce(options);
      } catch (error) {
        options.logger?.error({ err: error }, 'invalidation watcher run failed');
      }
      await woken;
    }
  })();
  return {
    stop: async () => {
      stopping.abort();
      await loop;
    },
  };
}
