// Activation rows → the API's shape (contract api/configurations.ts activationSchema).
import type { Activation, Language } from '@candela/contract';
import type { ActivationRow } from './activation-repository.js';
import { reasonText } from './reason-texts.js';

const iso = (ms: number) => new Date(ms).toISOString();

export function presentActivation(row: ActivationRow, language: Language): Activation {
  return {
    id: row.id,
    configurationId: row.configuration_id,
    scid: row.scid,
    target: row.target,
    version: row.version,
    percent: row.percent,
    comment: row.comment,
    status: row.status,
    feedSeq: row.feed_seq,
    edgesDone: row.edges_done,
    edgesTotal: row.edges_total,
    reason: reasonText(row.reason_code, row.reason_detail, language),
    requestedBy: row.requested_by,
    createdAt: iso(row.created_at),
    finishedAt: row.finished_at === null ? null : iso(row.finished_at),
  };
}
