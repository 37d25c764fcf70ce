// What the invalidation routes do (domain.md §3, issue 5; docs/api.md "Content invalidation"). Creating
// needs content:invalidate on a group holding the service; reading needs content:invalidate or
// configurations:view there (staff: configurations:view, each read audited as staff.read). A request is
// written in one transaction that first takes the feed's seq (and so the feed lock: activations that
// change which aliases are active, and other requests, wait), checks that every property is active in
// this service, counts the group's rate limits, and stores the feed event, the row and the audit entry.
import { randomUUID } from 'node:crypto';
import { emailSchema, hint, invalidationEventSchema, notifyAddresses } from '@candela/contract';
import type { Invalidation, InvalidationStatus, Language } from '@candela/contract';
import { ApiError, fieldError, notFound } from '../../api/api-error.js';
import type { AppDeps } from '../../api/deps.js';
import { requireStaff } from '../../auth/caller.js';
import type { Caller } from '../../auth/caller.js';
import { nextSeq, insertEvent } from '../../feed/feed-log.js';
import type { Permission } from '../access/permissions.js';
import { recordAudit } from '../audit/audit-log.js';
import { decodeCursor, encodeCursor } from '../audit/cursor.js';
import { authorLabel } from '../configurations/author.js';
import { findHeldService, requireServiceAccess } from '../configurations/service-access.js';
import type { HeldService } from '../configurations/service-access.js';
import { isStaff, STAFF_READ_ACTION } from '../staff/staff-reads.js';
import { presentInvalidation, progressOf } from './presenter.js';
import { invalidationRateDecision, ITEM_WINDOW_MS } from './rate-limit-rules.js';
import { activeAliasesOf, findInvalidation, insertInvalidation, pageInvalidations, progressSources, recentRequestsOf, searchText } from './repository.js';
import type { HistoryFilter, InvalidationRow } from './repository.js';
import { edgeRequests, itemsOf, patternProblems } from './request-rules.js';
import type { ParsedRequest } from './request-rules.js';

/** One request's view: who asks, in which language, under which request id (for the audit log). */
export interface InvalidationAction {
  readonly deps: AppDeps;
  readonly caller: Caller;
  readonly requestId: string;
  readonly language: Language;
}

export interface NewInvalidation extends ParsedRequest {
  readonly notify: string;
}

export interface HistoryQuery {
  readonly limit: number;
  readonly cursor?: string | undefined;
  readonly status?: InvalidationStatus | undefined;
  readonly property?: string | undefined;
  readonly contains?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

const READ_PERMISSIONS: readonly Permission[] = ['content:invalidate', 'configurations:view'];
const CURSOR_SHAPE = ['number', 'string'] as const;
/** The audit entry names this many items; itemCount says how many there were. */
const AUDITED_ITEMS = 50;

/** Reading is allowed by any of READ_PERMISSIONS: 403 if the caller sees the service but has none, else 404. */
function requireRead(caller: Caller, held: HeldService): void {
  let forbidden: ApiError | undefined;
  for (const permission of READ_PERMISSIONS) {
    try {
      requireServiceAccess(caller, held, permission, { staff: 'configurations:view' });
      return;
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'FORBIDDEN') throw error;
      forbidden = error;
    }
  }
  throw forbidden ?? notFound();
}

async function accessService(action: InvalidationAction, scid: string, access: 'read' | 'create'): Promise<HeldService> {
  const held = await findHeldService(action.deps.db, scid);
  if (held === undefined) throw notFound();
  if (access === 'create') requireServiceAccess(action.caller, held, 'content:invalidate');
  else requireRead(action.caller, held);
  return held;
}

async function recordStaffRead(action: InvalidationAction, held: HeldService, targetId: string): Promise<void> {
  if (!isStaff(action.caller)) return;
  await recordAudit(action.deps.db, { caller: action.caller, requestId: action.requestId, nowMs: action.deps.clock() }, { accessGroupId: held.service.access_group_id, action: STAFF_READ_ACTION, targetType: 'invalidation', targetId });
}

/** Where the 12-hour alert goes: the signed-in person (not the one mimicked), or an API key's contact address. */
function requesterEmail(caller: Caller): string | null {
  const p = caller.principal;
  if (p.kind === 'session') return p.user.email;
  const contact = emailSchema.safeParse(p.key.contact);
  return contact.success ? contact.data : null;
}

/** The requester's language: the signed-in person's, else the request's (Accept-Language). */
function requesterLanguage(action: InvalidationAction): Language {
  const p = action.caller.principal;
  return p.kind === 'session' ? p.user.language : action.language;
}

async function present(action: InvalidationAction, rows: readonly InvalidationRow[]): Promise<Invalidation[]> {
  const sources = await progressSources(action.deps.db, rows.filter((r) => r.completed_at === null));
  return rows.map((row) => presentInvalidation(row, progressOf(row, sources)));
}

export async function createInvalidation(action: InvalidationAction, scid: string, input: NewInvalidation): Promise<Invalidation> {
  const { deps, caller } = action;
  const held = await accessService(action, scid, 'create');
  const problems = input.kind === 'path' ? patternProblems(input.paths ?? [], input.ignoreCase) : [];
  if (problems.length > 0) throw new ApiError('VALIDATION_FAILED', problems);
  const items = itemsOf(input);
  const nowMs = deps.clock();
  const id = `inv_${randomUUID()}`;
  const groupId = held.service.access_group_id;
  const row = await deps.db.transaction().execute(async (trx) => {
    const seq = await nextSeq(trx);
    const active = await activeAliasesOf(trx, scid, input.properties);
    // Not active in this service (unknown, inactive, or another service's or customer's): the same 404,
    // naming only what the caller sent.
    const unknown = input.properties.flatMap((alias, i) => (active.has(alias) ? [] : [hint(`/properties/${i}`, 'invalidation.propertyUnknown', { alias })]));
    if (unknown.length > 0) throw new ApiError('NOT_FOUND', unknown);
    const decision = invalidationRateDecision({ nowMs, items: items.length, recent: await recentRequestsOf(trx, groupId, nowMs, ITEM_WINDOW_MS) });
    if (!decision.allowed) throw new ApiError('RATE_LIMITED', [], { 'retry-after': String(decision.retryAfterS) });
    await insertEvent(trx, invalidationEventSchema.parse({ seq, at: nowMs, kind: 'invalidation', invalidation: { id, requests: edgeRequests(input), itemCount: items.length } }));
    const inserted: InvalidationRow = {
      id,
      scid,
      access_group_id: groupId,
      kind: input.kind,
      type: input.type,
      properties: JSON.stringify(input.properties),
      items: JSON.stringify(items),
      item_count: items.length,
      search_text: searchText(items),
      ignore_case: input.ignoreCase ? 1 : 0,
      notify: JSON.stringify([...new Set(notifyAddresses(input.notify))]),
      requested_by: authorLabel(caller.principal),
      requester_email: requesterEmail(caller),
      language: requesterLanguage(action),
      feed_seq: seq,
      created_at: nowMs,
      completed_at: null,
      edges_total: null,
      edges_done: null,
      edges_counted: null,
      objects_matched: null,
      items_matched: null,
      alerted_at: null,
      notified_at: null,
    };
    await insertInvalidation(trx, inserted);
    await recordAudit(trx, { caller, requestId: action.requestId, nowMs }, {
      accessGroupId: groupId,
      action: 'invalidation.create',
      targetType: 'invalidation',
      targetId: id,
      after: { scid, kind: input.kind, type: input.type, properties: input.properties, ignoreCase: input.ignoreCase, itemCount: items.length, items: items.slice(0, AUDITED_ITEMS), feedSeq: seq },
    });
    return inserted;
  });
  // After the commit: feed streams, the NATS publisher and the invalidation watcher look now.
  deps.feed.committed();
  const [shown] = await present(action, [row]);
  return shown!;
}

function historyFilter(query: HistoryQuery): HistoryFilter {
  return {
    status: query.status,
    property: query.property,
    contains: query.contains,
    fromMs: query.from === undefined ? undefined : Date.parse(query.from),
    toMs: query.to === undefined ? undefined : Date.parse(query.to),
  };
}

async function page(action: InvalidationAction, filter: HistoryFilter, query: HistoryQuery): Promise<{ items: Invalidation[]; nextCursor: string | null }> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, CURSOR_SHAPE);
  if (query.cursor !== undefined && after === undefined) throw fieldError('VALIDATION_FAILED', '/querystring/cursor', 'paging.cursorUnknown');
  const { rows, more } = await pageInvalidations(action.deps.db, { filter, after, limit: query.limit });
  const last = rows.at(-1);
  return { items: await present(action, rows), nextCursor: more && last !== undefined ? encodeCursor([last.created_at, last.id]) : null };
}

/** A service's history, newest first, paged and filtered. */
export async function listInvalidations(action: InvalidationAction, scid: string, query: HistoryQuery): Promise<{ items: Invalidation[]; nextCursor: string | null }> {
  const held = await accessService(action, scid, 'read');
  const result = await page(action, { ...historyFilter(query), scid }, query);
  await recordStaffRead(action, held, scid);
  return result;
}

export async function getInvalidation(action: InvalidationAction, id: string): Promise<Invalidation> {
  const row = await findInvalidation(action.deps.db, id);
  if (row === undefined) throw notFound();
  const held = await accessService(action, row.scid, 'read');
  const [shown] = await present(action, [row]);
  await recordStaffRead(action, held, id);
  return shown!;
}

/** Staff: requests that were still open 12 hours after they were made (the alerts), newest first. */
export async function listAlerts(action: InvalidationAction, query: HistoryQuery): Promise<{ items: Invalidation[]; nextCursor: string | null }> {
  requireStaff(action.caller, 'tickets:view');
  return page(action, { ...historyFilter(query), alertedOnly: true }, query);
}
