// The automatic rollback (issue 4: "a deploy that fails restores the previous state automatically and says
// why"): the activation's slots and aliases go back to what it replaced, and a new snapshot carries that
// to every edge. Only the activation's newest state can be rolled back (a newer activation of the same
// configuration supersedes it), and only once: the status change is conditional, so two watchers (two
// processes) cannot both do it.
import type { Kysely } from 'kysely';
import type { Network } from '@candela/contract';
import type { Database } from '../../db/schema.js';
import { nextSeq } from '../../feed/feed-log.js';
import { writeSnapshot } from '../../feed/snapshot-source.js';
import { recordAudit } from '../audit/audit-log.js';
import { settle } from './activation-repository.js';
import type { ActivationRow } from './activation-repository.js';
import { decodePrevious } from './previous-state.js';
import { aliasHolders, replaceAliases, writeSlots } from './slots-repository.js';

export type RollbackReason = { readonly code: 'edge-refused'; readonly problems: readonly string[]; readonly elsewhere: number } | { readonly code: 'deadline'; readonly deadlineMs: number; readonly done: number; readonly total: number };

class AlreadySettled extends Error {}

const NETWORKS: readonly Network[] = ['staging', 'production'];

export interface RollbackResult {
  readonly rolledBack: boolean;
  /** Aliases the previous state held that another configuration took meanwhile (not restored). */
  readonly lostAliases: readonly string[];
}

export async function rollBack(db: Kysely<Database>, input: { activation: ActivationRow; reason: RollbackReason; progress: { done: number; total: number }; nowMs: number }): Promise<RollbackResult> {
  const { activation, reason, nowMs } = input;
  const { code, ...detail } = reason;
  try {
    return await db.transaction().execute(async (trx) => {
      const seq = await nextSeq(trx);
      const won = await settle(trx, activation.id, { status: 'rolled-back', edges_done: input.progress.done, edges_total: input.progress.total, finished_at: nowMs, reason_code: code, reason_detail: JSON.stringify(detail) });
      // Undo the seq too: a transaction that throws leaves no trace.
      if (!won) throw new AlreadySettled();
      const previous = decodePrevious(activation.previous_slots);
      await writeSlots(trx, activation.configuration_id, previous.slots, nowMs);
      const lost: string[] = [];
      for (const network of NETWORKS) {
        const wanted = previous.aliases.filter((a) => a.network === network).map((a) => a.alias);
        const holders = await aliasHolders(trx, network, wanted);
        for (const alias of wanted) if ((holders.get(alias) ?? activation.configuration_id) !== activation.configuration_id) lost.push(alias);
      }
      const kept = previous.aliases.filter((a) => !lost.includes(a.alias));
      await replaceAliases(trx, { configurationId: activation.configuration_id, scid: activation.scid, networks: NETWORKS, held: kept });
      await writeSnapshot(trx, seq, nowMs);
      const owner = await trx.selectFrom('services').select('access_group_id').where('scid', '=', activation.scid).executeTakeFirst();
      await recordAudit(trx, { caller: undefined, requestId: `watcher:${activation.id}`, nowMs }, {
        accessGroupId: owner?.access_group_id ?? null,
        action: 'activation.rollback',
        targetType: 'configuration',
        targetId: activation.configuration_id,
        after: { activationId: activation.id, reason: code, slots: previous.slots, feedSeq: seq },
      });
      return { rolledBack: true, lostAliases: lost };
    });
  } catch (error) {
    if (error instanceof AlreadySettled) return { rolledBack: false, lostAliases: [] };
    throw error;
  }
}
