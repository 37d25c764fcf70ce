// POST /configurations/{id}/activations (domain.md §2 Activation, issue 4), in one transaction: the new
// slots, the aliases the configuration holds in the affected network (refused when another configuration
// holds one: ALIAS_CONFLICT), what it replaced (for the rollback), the snapshot every edge will apply, and
// the activation row waiting for the edges. It starts by taking the feed's seq, which is also the feed's
// lock (feed/feed-log.ts), so no other feed writer changes slots or aliases until this one commits.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { hint } from '@candela/contract';
import type { ConfigurationDocument } from '@candela/contract';
import { ApiError } from '../../api/api-error.js';
import type { Caller } from '../../auth/caller.js';
import type { Database } from '../../db/schema.js';
import { nextSeq } from '../../feed/feed-log.js';
import { loadDocuments, versionKey, writeSnapshot } from '../../feed/snapshot-source.js';
import { recordAudit } from '../audit/audit-log.js';
import { onlineEdges } from '../edges/edge-repository.js';
import { actorLabel } from './actor-label.js';
import { aliasConflicts, aliasesOf, crossServiceConflicts } from './alias-rules.js';
import { reservedAliases, supersedePropagating } from './activation-repository.js';
import type { ActivationRow } from './activation-repository.js';
import type { ConfigurationRef } from './configuration-access.js';
import { decodePrevious, encodePrevious } from './previous-state.js';
import { networkVersions, nextSlots, requestedVersion } from './slot-rules.js';
import type { ActivationRequest } from './slot-rules.js';
import { aliasesHeldBy, aliasHolders, aliasServices, readSlots, replaceAliases, writeSlots } from './slots-repository.js';

/**
 * The platform acting on its own rather than an API caller (the demo configuration `candela start` seeds):
 * the activation history names it by `system`, and the audit entry has no user or key, like the watcher's.
 */
export interface SystemActor {
  readonly system: string;
}

export interface ActivateInput {
  readonly configuration: ConfigurationRef;
  readonly request: ActivationRequest & { readonly comment: string };
  readonly caller: Caller | SystemActor;
  readonly requestId: string;
  readonly nowMs: number;
}

async function documentsOf(trx: Kysely<Database>, configurationId: string, versions: readonly number[]): Promise<ConfigurationDocument[]> {
  const docs = await loadDocuments(trx, versions.map((version) => ({ configurationId, version })));
  return versions.map((v) => {
    const doc = docs.get(versionKey(configurationId, v));
    if (doc === undefined) throw new Error(`configuration ${configurationId} has no version ${v}`);
    return doc;
  });
}

async function versionExists(trx: Kysely<Database>, configurationId: string, version: number): Promise<boolean> {
  const row = await trx.selectFrom('configuration_versions').select('version').where('configuration_id', '=', configurationId).where('version', '=', version).executeTakeFirst();
  return row !== undefined;
}

export async function activate(db: Kysely<Database>, input: ActivateInput): Promise<ActivationRow> {
  const { configuration, request, nowMs } = input;
  const caller = 'system' in input.caller ? undefined : input.caller;
  const requestedBy = 'system' in input.caller ? input.caller.system : actorLabel(input.caller);
  return db.transaction().execute(async (trx) => {
    const seq = await nextSeq(trx);
    const wanted = requestedVersion(request);
    if (wanted !== undefined && !(await versionExists(trx, configuration.id, wanted))) {
      throw new ApiError('VALIDATION_FAILED', [hint('/version', 'configuration.versionUnknown', { version: wanted })]);
    }
    const previous = await readSlots(trx, configuration.id);
    const change = nextSlots(previous, request);
    if (!change.ok) throw new ApiError('NO_CANDIDATE', [hint('/target', 'activation.noCandidate')]);

    const aliases = aliasesOf(await documentsOf(trx, configuration.id, networkVersions(change.slots, change.network)));
    const conflicts = aliasConflicts({
      wanted: aliases,
      configurationId: configuration.id,
      active: await aliasHolders(trx, change.network, aliases),
      reserved: await reservedAliases(trx, { network: change.network, exceptConfigurationId: configuration.id, decode: decodePrevious }),
    });
    const otherNetwork = change.network === 'production' ? 'staging' : 'production';
    const crossService = crossServiceConflicts({ wanted: aliases, scid: configuration.scid, holders: await aliasServices(trx, otherNetwork, aliases) });
    const takenIn = (network: string) => (network === 'production' ? 'activation.aliasTakenInProduction' : 'activation.aliasTakenInStaging');
    // Name the alias, never who holds it: it may be another customer's.
    if (conflicts.length + crossService.length > 0) {
      throw new ApiError('ALIAS_CONFLICT', [
        ...conflicts.map((alias) => hint('/version', takenIn(change.network), { alias })),
        ...crossService.filter((alias) => !conflicts.includes(alias)).map((alias) => hint('/version', takenIn(otherNetwork), { alias })),
      ]);
    }

    const held = await aliasesHeldBy(trx, configuration.id);
    await replaceAliases(trx, { configurationId: configuration.id, scid: configuration.scid, networks: [change.network], held: aliases.map((alias) => ({ alias, network: change.network })) });
    await writeSlots(trx, configuration.id, change.slots, nowMs);
    await supersedePropagating(trx, configuration.id, nowMs);
    await writeSnapshot(trx, seq, nowMs);

    // Edges online now must apply it; with none, there is nobody to wait for.
    const edgesTotal = (await onlineEdges(trx, nowMs)).length;
    const row: ActivationRow = {
      id: `act_${randomUUID()}`,
      configuration_id: configuration.id,
      scid: configuration.scid,
      target: request.target,
      version: change.version,
      percent: change.percent,
      comment: request.comment,
      status: edgesTotal === 0 ? 'active' : 'propagating',
      feed_seq: seq,
      edges_total: edgesTotal,
      edges_done: 0,
      reason_code: null,
      reason_detail: null,
      previous_slots: encodePrevious({ slots: previous, aliases: held }),
      requested_by: requestedBy,
      created_at: nowMs,
      finished_at: edgesTotal === 0 ? nowMs : null,
    };
    await trx.insertInto('activations').values(row).execute();
    await recordAudit(trx, { caller, requestId: input.requestId, nowMs }, {
      accessGroupId: configuration.ownerGroupId,
      action: 'activation.create',
      targetType: 'configuration',
      targetId: configuration.id,
      before: previous,
      after: { activationId: row.id, target: request.target, version: change.version, percent: change.percent, slots: change.slots, feedSeq: seq },
    });
    return row;
  });
}
