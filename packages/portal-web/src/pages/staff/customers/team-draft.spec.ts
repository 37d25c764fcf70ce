import { describe, expect, it } from 'vitest';
import { TEAM } from '../staff-fixtures';
import { draftOf, emptyTscDraft, fieldPlace, placeProblems, requestOf, type TeamDraft } from './team-draft';

describe('team draft', () => {
  it('round-trips a team: what was read is sent back unchanged', () => {
    const { request, rowIds } = requestOf(draftOf(TEAM));
    expect(request).toEqual({
      accountManager: TEAM.accountManager,
      salesEngineers: TEAM.salesEngineers,
      bcc: null,
      tsc: TEAM.tsc,
    });
    expect(rowIds).toHaveLength(2);
  });

  it('sends a role with everything blank as null, and a partly filled one as typed for the server to judge', () => {
    const draft = draftOf(TEAM);
    const edited: TeamDraft = {
      ...draft,
      members: { ...draft.members, accountManager: { name: ' ', email: '', phone: '', hours: '' }, bcc: { name: '', email: 'b@x.test', phone: ' ', hours: '' } },
    };
    const { request } = requestOf(edited);
    expect(request.accountManager).toBeNull();
    expect(request.bcc).toEqual({ name: '', email: 'b@x.test', phone: null, hours: null });
  });

  it('leaves out untouched new rows and lets the server default cleared hours', () => {
    const draft = draftOf(TEAM);
    const filled = { ...emptyTscDraft(), country: 'pe', name: 'TSC Perú', email: 'pe@x.test', phone: '+51 1 555 0000', hours: '' };
    const { request, rowIds } = requestOf({ ...draft, tsc: [emptyTscDraft(), ...draft.tsc, filled] });
    expect(request.tsc.map((contact) => contact.country)).toEqual(['AR', 'CL', 'PE']);
    expect(request.tsc[2]).toEqual({ country: 'PE', name: 'TSC Perú', email: 'pe@x.test', phone: '+51 1 555 0000' });
    expect(rowIds[2]).toBe(filled.rowId);
  });

  it('places pointers on fields, roles, rows and the list, and keeps the rest apart', () => {
    const rowIds = ['row-a', 'row-b'];
    const { places, unplaced } = placeProblems(
      [
        { pointer: '/tsc/1/phone', message: 'Bad phone.' },
        { pointer: '/tsc/1/phone', message: 'Too short.' },
        { pointer: '/tsc/0', message: 'Bad row.' },
        { pointer: '/tsc/7/name', message: 'Out of range.' },
        { pointer: '/tsc', message: 'Too many.' },
        { pointer: '/salesEngineers/dataCenter/hours', message: 'Too long.' },
        { pointer: '/bcc', message: 'Bad member.' },
        { pointer: '/salesEngineers', message: 'Missing key.' },
        { pointer: '', message: 'Bad body.' },
      ],
      rowIds,
    );
    expect(places).toEqual({
      [fieldPlace('row-b', 'phone')]: 'Bad phone. Too short.',
      'row-a': 'Bad row.',
      tsc: 'Out of range. Too many.',
      [fieldPlace('seDataCenter', 'hours')]: 'Too long.',
      bcc: 'Bad member.',
    });
    expect(unplaced.map((problem) => problem.message)).toEqual(['Missing key.', 'Bad body.']);
  });
});
