// Settles activations (issue 4): every 250 ms, and at once when an edge acks or sends a heartbeat (the
// FeedHub's `reports`), it looks at each propagating activation and marks it active, or rolls it back
// (modules/activations/rollback.ts) when an edge refused it or the deadline passed. The rules are
// activation-watcher-rules.ts. Every control-plane process may run one: settling is conditional on the
// status, so an activation is settled once whoever gets there first.
import type { Kysely } from 'kysely';
import { feedEventSchema } from '@candela/contract';
import type { EdgeConfig } from '@candela/contract';
import type { Database } from '../db/schema.js';
import type { FeedHub } from '../feed/feed-hub.js';
import { propagatingActivations, recordProgress, settle } from '../modules/activations/activation-repository.js';
import type { ActivationRow } from '../modules/activations/activation-repository.js';
import { problemsForConfiguration } from '../modules/activations/refusal-problems.js';
import { rollBack } from '../modules/activations/rollback.js';
import type { RollbackReason } from '../modules/activations/rollback.js';
import { isOnline } from '../modules/edges/edge-rules.js';
import { judgeActivation } from './activation-watcher-rules.js';
import type { EdgeProgress, Verdict } from './activation-watcher-rules.js';

export interface WatcherLogger {
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

export interface ActivationWatcherOptions {
  readonly db: Kysely<Database>;
  readonly hub: FeedHub;
  readonly clock: () => number;
  /** CANDELA_ACTIVATION_DEADLINE_MS. */
  readonly deadlineMs: number;
  readonly intervalMs?: number;
  readonly logger?: WatcherLogger;
}

async function progressOf(db: Kysely<Database>, activations: readonly ActivationRow[], nowMs: number): Promise<(a: ActivationRow) => EdgeProgress[]> {
  const edges = await db.selectFrom('edges').select(['id', 'applied_version', 'last_heartbeat_at', 'removed_at']).where('removed_at', 'is', null).execute();
  const seqs = activations.map((a) => a.feed_seq ?? 0);
  const oldest = Math.min(...seqs);
  const ok = await db.selectFrom('edge_acks').select(['edge_id', (eb) => eb.fn.max('seq').as('seq')]).where('ok', '=', 1).where('seq', '>=', oldest).groupBy('edge_id').execute();
  const refusals = await db.selectFrom('edge_acks').select(['edge_id', 'seq', 'problems']).where('ok', '=', 0).where('seq', 'in', seqs).execute();
  const lastOk = new Map(ok.map((r) => [r.edge_id, r.seq]));
  return (activation) =>
    edges.map((e) => {
      const refusal = refusals.find((r) => r.edge_id === e.id && r.seq === activation.feed_seq);
      return {
        id: e.id,
        online: isOnline({ lastHeartbeatAtMs: e.last_heartbeat_at, removedAtMs: e.removed_at }, nowMs),
        appliedVersion: e.applied_version,
        lastOkSeq: lastOk.get(e.id) ?? null,
        refused: refusal === undefined ? undefined : (JSON.parse(refusal.problems) as string[]),
      };
    });
}

async function snapshotAt(db: Kysely<Database>, seq: number): Promise<EdgeConfig | undefined> {
  const row = await db.selectFrom('feed_events').select('payload').where('seq', '=', seq).executeTakeFirst();
  const parsed = row === undefined ? undefined : feedEventSchema.safeParse(JSON.parse(row.payload));
  return parsed?.success === true && parsed.data.kind === 'snapshot' ? parsed.data.snapshot : undefined;
}

async function apply(options: ActivationWatcherOptions, activation: ActivationRow, verdict: Verdict, nowMs: number): Promise<boolean> {
  const progress = { done: verdict.done, total: verdict.total };
  if (verdict.kind === 'propagating') {
    if (verdict.done !== activation.edges_done || verdict.total !== activation.edges_total) await recordProgress(options.db, activation.id, { edges_done: verdict.done, edges_total: verdict.total });
    return false;
  }
  if (verdict.kind === 'active') return settle(options.db, activation.id, { status: 'active', edges_done: verdict.done, edges_total: verdict.total, finished_at: nowMs });
  let reason: RollbackReason;
  if (verdict.kind === 'refused') {
    const shown = problemsForConfiguration(await snapshotAt(options.db, activation.feed_seq ?? 0), verdict.problems, activation.configuration_id);
    reason = { code: 'edge-refused', problems: shown.problems, elsewhere: shown.elsewhere };
  } else {
    reason = { code: 'deadline', deadlineMs: options.deadlineMs, done: verdict.done, total: verdict.total };
  }
  const result = await rollBack(options.db, { activation, reason, progress, nowMs });
  if (result.lostAliases.length > 0) options.logger?.warn({ activationId: activation.id, aliases: result.lostAliases }, 'rollback could not restore aliases another configuration took meanwhile');
  return result.rolledBack;
}

/** One look at every propagating activation; resolves to how many were settled. */
export async function watchActivationsOnce(options: ActivationWatcherOptions): Promise<number> {
  const activations = await propagatingActivations(options.db);
  if (activations.length === 0) return 0;
  const nowMs = options.clock();
  const edgesFor = await progressOf(options.db, activations, nowMs);
  let settled = 0;
  let rolledBack = false;
  for (const activation of activations) {
    const verdict = judgeActivation({ feedSeq: activation.feed_seq ?? 0, createdAtMs: activation.created_at, edges: edgesFor(activation), nowMs, deadlineMs: options.deadlineMs });
    if (await apply(options, activation, verdict, nowMs)) {
      settled += 1;
      rolledBack ||= verdict.kind === 'refused' || verdict.kind === 'deadline';
    }
  }
  // A rollback wrote a snapshot: feed streams and the NATS publisher should send it now.
  if (rolledBack) options.hub.committed();
  return settled;
}

export interface ActivationWatcher {
  stop(): Promise<void>;
}

export function startActivationWatcher(options: ActivationWatcherOptions): ActivationWatcher {
  const stopping = new AbortController();
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      // Armed before looking, so a report arriving during the look is not missed.
      const woken = options.hub.reports.wait(options.intervalMs ?? 250, stopping.signal);
      try {
        await watchActivationsOnce(options);
      } catch (error) {
        options.logger?.error({ err: error }, 'activation watcher run failed');
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
