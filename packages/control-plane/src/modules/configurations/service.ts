// What the configuration routes do (domain.md §2, issue 4): list and create a service's configurations,
// save immutable numbered versions (save = next version; "save as" = a new configuration at version 1),
// read the history and diff two versions. Reads need configurations:view and writes configurations:edit
// on a group holding the service (service-access.ts); each write commits with its audit entry.
import { randomUUID } from 'node:crypto';
import { hint } from '@candela/contract';
import type { Configuration, ConfigurationDiff, ConfigurationDocument, ConfigurationVersion, Language } from '@candela/contract';
import { ApiError, fieldError, notFound } from '../../api/api-error.js';
import type { AppDeps } from '../../api/deps.js';
import type { Caller } from '../../auth/caller.js';
import { constraintViolation } from '../../db/errors.js';
import type { Permission } from '../access/permissions.js';
import { recordAudit } from '../audit/audit-log.js';
import type { AuditEntry } from '../audit/audit-log.js';
import { decodeCursor, encodeCursor } from '../audit/cursor.js';
import { isStaff, STAFF_READ_ACTION } from '../staff/staff-reads.js';
import { authorLabel } from './author.js';
import { diffDocuments } from './document-diff.js';
import { primaryAliasProblems } from './primary-alias-rule.js';
import { auditedVersion, presentConfiguration, presentVersion, presentVersionSummary, storedDocument } from './presenter.js';
import {
  advanceLatestVersion,
  configurationNameTaken,
  configurationsOfService,
  findConfiguration,
  findVersion,
  insertConfiguration,
  insertVersion,
  slotsOf,
  versionsPage,
} from './repository.js';
import type { ConfigurationRow, VersionRow } from './repository.js';
import { findHeldService, requireServiceAccess } from './service-access.js';
import type { HeldService } from './service-access.js';

/** One request's view: who asks, in which language, under which request id (for the audit log). */
export interface ConfigurationAction {
  readonly deps: AppDeps;
  readonly caller: Caller;
  readonly requestId: string;
  readonly language: Language;
}

type Access = 'view' | 'edit';

const PERMISSION: Readonly<Record<Access, Permission>> = { view: 'configurations:view', edit: 'configurations:edit' };

/** The service, if the caller may view (staff with configurations:view too) or edit its configurations. */
async function accessService(action: ConfigurationAction, scid: string, access: Access): Promise<HeldService> {
  const held = await findHeldService(action.deps.db, scid);
  if (held === undefined) throw notFound();
  requireServiceAccess(action.caller, held, PERMISSION[access], access === 'view' ? { staff: 'configurations:view' } : {});
  return held;
}

/** The configuration and its service; another customer's is 404 like one that does not exist. */
async function accessConfiguration(action: ConfigurationAction, id: string, access: Access): Promise<{ row: ConfigurationRow; held: HeldService }> {
  const row = await findConfiguration(action.deps.db, id);
  if (row === undefined) throw notFound();
  return { row, held: await accessService(action, row.scid, access) };
}

/**
 * Operator staff reading a customer's configurations leave a trace in the customer's audit log, like
 * their other reads (staff/staff-reads.ts); customers' own reads write nothing.
 */
async function recordStaffRead(action: ConfigurationAction, held: HeldService, targetId: string): Promise<void> {
  if (!isStaff(action.caller)) return;
  await audit(action.deps.db, action, action.deps.clock(), { accessGroupId: held.service.access_group_id, action: STAFF_READ_ACTION, targetType: 'configuration', targetId });
}

function audit(db: AppDeps['db'], action: ConfigurationAction, nowMs: number, entry: AuditEntry): Promise<void> {
  return recordAudit(db, { caller: action.caller, requestId: action.requestId, nowMs }, entry);
}

async function requireVersion(action: ConfigurationAction, id: string, version: number): Promise<VersionRow> {
  const row = await findVersion(action.deps.db, id, version);
  if (row === undefined) throw notFound();
  return row;
}

export async function listConfigurations(action: ConfigurationAction, scid: string): Promise<{ items: Configuration[] }> {
  const held = await accessService(action, scid, 'view');
  const rows = await configurationsOfService(action.deps.db, scid);
  const slots = await slotsOf(action.deps.db, rows.map((r) => r.id));
  await recordStaffRead(action, held, scid);
  return { items: rows.map((r) => presentConfiguration(r, slots.get(r.id))) };
}

function nameTaken(): ApiError {
  return fieldError('CONFLICT', '/name', 'configuration.nameTaken');
}

export interface NewConfiguration {
  readonly name: string;
  readonly comment: string;
  readonly document: ConfigurationDocument;
}

/** A new configuration at version 1 (also "save as": the client sends another version's document). */
export async function createConfiguration(action: ConfigurationAction, scid: string, input: NewConfiguration): Promise<Configuration> {
  const { deps, caller } = action;
  const held = await accessService(action, scid, 'edit');
  if (await configurationNameTaken(deps.db, scid, input.name)) throw nameTaken();
  const now = deps.clock();
  const createdBy = authorLabel(caller.principal);
  const row: ConfigurationRow = { id: `cfg_${randomUUID()}`, scid, name: input.name, latest_version: 1, created_by: createdBy, created_at: now };
  try {
    await deps.db.transaction().execute(async (trx) => {
      await insertConfiguration(trx, row);
      await insertVersion(trx, { configuration_id: row.id, version: 1, document: JSON.stringify(input.document), comment: input.comment, created_by: createdBy, created_at: now });
      await audit(trx, action, now, { accessGroupId: held.service.access_group_id, action: 'configuration.create', targetType: 'configuration', targetId: row.id, after: { scid, name: input.name, ...auditedVersion(1, input.document, input.comment) } });
    });
  } catch (error) {
    // Two people creating the same name at once: the unique constraint decides, the loser gets the same 409.
    if (constraintViolation(error) === 'unique') throw nameTaken();
    throw error;
  }
  return presentConfiguration(row, undefined);
}

export async function getConfiguration(action: ConfigurationAction, id: string): Promise<Configuration> {
  const { row, held } = await accessConfiguration(action, id, 'view');
  const slots = await slotsOf(action.deps.db, [row.id]);
  await recordStaffRead(action, held, id);
  return presentConfiguration(row, slots.get(row.id));
}

export async function listVersions(action: ConfigurationAction, id: string, query: { limit: number; cursor?: string | undefined }) {
  const { held } = await accessConfiguration(action, id, 'view');
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, ['number'] as const);
  if (query.cursor !== undefined && after === undefined) throw fieldError('VALIDATION_FAILED', '/querystring/cursor', 'paging.cursorUnknown');
  // One row more than asked tells whether another page follows.
  const rows = await versionsPage(action.deps.db, { configurationId: id, beforeVersion: after?.[0], limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  await recordStaffRead(action, held, id);
  return { items: page.map((r) => presentVersionSummary(r)), nextCursor: rows.length > query.limit && last !== undefined ? encodeCursor([last.version]) : null };
}

export async function getVersion(action: ConfigurationAction, id: string, version: number): Promise<ConfigurationVersion> {
  const { held } = await accessConfiguration(action, id, 'view');
  const row = await requireVersion(action, id, version);
  await recordStaffRead(action, held, id);
  return presentVersion(row);
}

export async function diffVersions(action: ConfigurationAction, id: string, from: number, to: number): Promise<ConfigurationDiff> {
  const { held } = await accessConfiguration(action, id, 'view');
  const before = storedDocument(await requireVersion(action, id, from));
  const after = storedDocument(await requireVersion(action, id, to));
  await recordStaffRead(action, held, id);
  return { from, to, changes: diffDocuments(before, after) };
}

export interface SavedVersion {
  readonly baseVersion: number;
  readonly comment: string;
  readonly document: ConfigurationDocument;
}

function versionConflict(base: number, latest: number): ApiError {
  return new ApiError('VERSION_CONFLICT', [hint('/baseVersion', 'configuration.versionConflict', { base, latest })]);
}

/**
 * Save = the next version, written only if the edit started from the latest one: otherwise two editors
 * would silently overwrite each other, so the second is told to reload (409 VERSION_CONFLICT).
 */
export async function saveVersion(action: ConfigurationAction, id: string, input: SavedVersion): Promise<ConfigurationVersion> {
  const { deps, caller } = action;
  const { row, held } = await accessConfiguration(action, id, 'edit');
  const base = input.baseVersion;
  if (base > row.latest_version) throw fieldError('VALIDATION_FAILED', '/baseVersion', 'configuration.versionUnknown', { version: base });
  if (base < row.latest_version) throw versionConflict(base, row.latest_version);
  const baseDocument = storedDocument(await requireVersion(action, id, base));
  const problems = primaryAliasProblems({ version: base, document: baseDocument }, input.document, '/document');
  if (problems.length > 0) throw new ApiError('VALIDATION_FAILED', problems);
  const now = deps.clock();
  const next: VersionRow = { configuration_id: id, version: base + 1, document: JSON.stringify(input.document), comment: input.comment, created_by: authorLabel(caller.principal), created_at: now };
  try {
    await deps.db.transaction().execute(async (trx) => {
      if (!(await advanceLatestVersion(trx, id, base, next.version))) throw new ApiError('VERSION_CONFLICT');
      await insertVersion(trx, next);
      await audit(trx, action, now, {
        accessGroupId: held.service.access_group_id,
        action: 'configuration.save-version',
        targetType: 'configuration',
        targetId: id,
        before: auditedVersion(base, baseDocument),
        after: { ...auditedVersion(next.version, input.document, input.comment), changes: diffDocuments(baseDocument, input.document).length },
      });
    });
  } catch (error) {
    // Another save won the race between our check and our write: same answer as if it had come first.
    if ((error instanceof ApiError && error.code === 'VERSION_CONFLICT') || constraintViolation(error) === 'unique') {
      const latest = (await findConfiguration(deps.db, id))?.latest_version ?? base + 1;
      throw versionConflict(base, latest);
    }
    throw error;
  }
  return presentVersion(next);
}
