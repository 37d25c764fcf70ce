// The account-team editor's state, as plain text fields, and the two translations it needs: to the PUT
// body (blank means "nobody") and from the API's JSON pointers back to the field that was sent.
import type { AccountTeamRequest, TeamMemberRequest, TscContactRequest } from '../../../api/staff';
import type { AccountTeam, Problem, TeamMember, TscContact } from '../../../api/types';
import type { MessageKey } from '../../../i18n/messages';

export const DEFAULT_TSC_HOURS = '24×7';

export const MEMBER_FIELDS = ['name', 'email', 'phone', 'hours'] as const;
export type MemberField = (typeof MEMBER_FIELDS)[number];
export type MemberDraft = Readonly<Record<MemberField, string>>;

export const TSC_FIELDS = ['country', 'name', 'email', 'phone', 'hours'] as const;
export type TscField = (typeof TSC_FIELDS)[number];
export interface TscDraft extends Readonly<Record<TscField, string>> {
  /** Stable across edits and removals, so React keeps each row's inputs and errors on that row. */
  readonly rowId: string;
}

export type RoleId = 'accountManager' | 'seData' | 'seDataCenter' | 'seVoice' | 'bcc';

/** The account team in the order a customer reads it (as on the Contacts page), with each role's pointer. */
export const TEAM_ROLES: readonly { readonly id: RoleId; readonly pointer: string; readonly labelKey: MessageKey }[] = [
  { id: 'accountManager', pointer: '/accountManager', labelKey: 'contacts.role.accountManager' },
  { id: 'seData', pointer: '/salesEngineers/data', labelKey: 'contacts.role.seData' },
  { id: 'seDataCenter', pointer: '/salesEngineers/dataCenter', labelKey: 'contacts.role.seDataCenter' },
  { id: 'seVoice', pointer: '/salesEngineers/voice', labelKey: 'contacts.role.seVoice' },
  { id: 'bcc', pointer: '/bcc', labelKey: 'contacts.role.bcc' },
];

export interface TeamDraft {
  readonly members: Readonly<Record<RoleId, MemberDraft>>;
  readonly tsc: readonly TscDraft[];
}

const EMPTY_MEMBER: MemberDraft = { name: '', email: '', phone: '', hours: '' };

function memberDraft(member: TeamMember | null): MemberDraft {
  if (member === null) return EMPTY_MEMBER;
  return { name: member.name, email: member.email, phone: member.phone ?? '', hours: member.hours ?? '' };
}

let nextRow = 0;
export function newRowId(): string {
  nextRow += 1;
  return `tsc-row-${nextRow}`;
}

export function emptyTscDraft(): TscDraft {
  return { rowId: newRowId(), country: '', name: '', email: '', phone: '', hours: DEFAULT_TSC_HOURS };
}

function tscDraft(contact: TscContact): TscDraft {
  return { rowId: newRowId(), country: contact.country, name: contact.name, email: contact.email, phone: contact.phone, hours: contact.hours };
}

export function memberOf(team: AccountTeam, role: RoleId): TeamMember | null {
  switch (role) {
    case 'accountManager':
      return team.accountManager;
    case 'seData':
      return team.salesEngineers.data;
    case 'seDataCenter':
      return team.salesEngineers.dataCenter;
    case 'seVoice':
      return team.salesEngineers.voice;
    case 'bcc':
      return team.bcc;
  }
}

export function draftOf(team: AccountTeam): TeamDraft {
  return {
    members: {
      accountManager: memberDraft(team.accountManager),
      seData: memberDraft(team.salesEngineers.data),
      seDataCenter: memberDraft(team.salesEngineers.dataCenter),
      seVoice: memberDraft(team.salesEngineers.voice),
      bcc: memberDraft(team.bcc),
    },
    tsc: team.tsc.map(tscDraft),
  };
}

const isBlank = (fields: Readonly<Record<string, string>>, names: readonly string[]): boolean =>
  names.every((name) => (fields[name] ?? '').trim() === '');

/** A role with every field empty is "nobody" (null); anything typed is sent as typed, for the server to judge. */
function memberRequest(draft: MemberDraft): TeamMemberRequest | null {
  if (isBlank(draft, MEMBER_FIELDS)) return null;
  const phone = draft.phone.trim();
  const hours = draft.hours.trim();
  return { name: draft.name.trim(), email: draft.email.trim(), phone: phone === '' ? null : phone, hours: hours === '' ? null : hours };
}

export interface BuiltRequest {
  readonly request: AccountTeamRequest;
  /** rowIds[i] is the draft row sent as /tsc/i: rows left completely empty are not sent. */
  readonly rowIds: readonly string[];
}

export function requestOf(draft: TeamDraft): BuiltRequest {
  // A row whose hours still hold only the default is as good as empty: the user added it and typed nothing.
  const sent = draft.tsc.filter((row) => !isBlank({ ...row, hours: row.hours.trim() === DEFAULT_TSC_HOURS ? '' : row.hours }, TSC_FIELDS));
  const tsc = sent.map((row): TscContactRequest => {
    const hours = row.hours.trim();
    return {
      country: row.country.trim().toUpperCase(),
      name: row.name.trim(),
      email: row.email.trim(),
      phone: row.phone.trim(),
      ...(hours === '' ? {} : { hours }),
    };
  });
  const { members } = draft;
  return {
    request: {
      accountManager: memberRequest(members.accountManager),
      salesEngineers: { data: memberRequest(members.seData), dataCenter: memberRequest(members.seDataCenter), voice: memberRequest(members.seVoice) },
      bcc: memberRequest(members.bcc),
      tsc,
    },
    rowIds: sent.map((row) => row.rowId),
  };
}

/** Where an error is shown: a field ("accountManager.email", "tsc-row-3.phone"), a whole role or row, the TSC list. */
export type ErrorPlaces = Readonly<Record<string, string>>;

export interface PlacedProblems {
  readonly places: ErrorPlaces;
  readonly unplaced: readonly Problem[];
}

export function fieldPlace(owner: string, field: string): string {
  return `${owner}.${field}`;
}

export const TSC_LIST_PLACE = 'tsc';

function placeOf(pointer: string, rowIds: readonly string[]): string | undefined {
  for (const role of TEAM_ROLES) {
    if (pointer === role.pointer) return role.id;
    const field = pointer.startsWith(`${role.pointer}/`) ? pointer.slice(role.pointer.length + 1) : undefined;
    if (field !== undefined && (MEMBER_FIELDS as readonly string[]).includes(field)) return fieldPlace(role.id, field);
    if (field !== undefined) return role.id;
  }
  if (pointer === '/tsc') return TSC_LIST_PLACE;
  const match = /^\/tsc\/(\d+)(?:\/([^/]+))?/.exec(pointer);
  if (match === null) return undefined;
  const rowId = rowIds[Number(match[1])];
  if (rowId === undefined) return TSC_LIST_PLACE;
  const field = match[2];
  return field !== undefined && (TSC_FIELDS as readonly string[]).includes(field) ? fieldPlace(rowId, field) : rowId;
}

/** Puts each problem of a rejected PUT beside the field its pointer names, e.g. /tsc/1/phone → that row's phone. */
export function placeProblems(problems: readonly Problem[], rowIds: readonly string[]): PlacedProblems {
  const places: Record<string, string> = {};
  const unplaced: Problem[] = [];
  for (const problem of problems) {
    const place = placeOf(problem.pointer, rowIds);
    if (place === undefined) unplaced.push(problem);
    else places[place] = places[place] === undefined ? problem.message : `${places[place]} ${problem.message}`;
  }
  return { places, unplaced };
}
