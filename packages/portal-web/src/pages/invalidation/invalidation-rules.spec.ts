import { describe, expect, it } from 'vitest';
import { DICTIONARIES } from '../../i18n/dictionaries';
import { formatMessage, type MessageKey, type MessageParams } from '../../i18n/messages';
import { dayStart, filtersOf } from './invalidation-history';
import { draftProblems, linesOf, notifyProblem, pathLineProblems, placeServerProblems, requestOf, type InvalidationDraft } from './invalidation-rules';

const t = (key: MessageKey, params?: MessageParams) => formatMessage(DICTIONARIES.en[key], params);

const DRAFT: InvalidationDraft = { properties: ['www.example.com'], kind: 'path', pathsText: '', tagsText: '', type: 'normal', ignoreCase: false, notify: '' };

describe('invalidation rules', () => {
  it('numbers lines as the user sees them, trimmed, skipping blank ones', () => {
    expect(linesOf(' /a \r\n\n\t\n/b\r/c')).toEqual([
      { line: 1, text: '/a' },
      { line: 4, text: '/b' },
      { line: 5, text: '/c' },
    ]);
  });

  it('reports pattern errors with the contract’s hint and the 0-based caret position', () => {
    const problems = pathLineProblems(linesOf('/ok\n/x/{2,1}\n/[]'), false, 'en', t);
    expect(problems.map((p) => [p.line, p.position])).toEqual([
      // {2,1}: the caret goes under the 1, the bound that is smaller than n.
      [2, 6],
      [3, 1],
    ]);
    expect(problems[1]?.message).toBe('the set at character 2 is empty');
    expect(pathLineProblems(linesOf(`/${'a'.repeat(2048)}`), false, 'en', t)[0]?.message).toBe('a path has at most 2048 characters');
  });

  it('holds back "missing" problems until the user tried to send', () => {
    const empty = { ...DRAFT, properties: [] };
    expect(draftProblems(empty, 'en', t, false).fields).toEqual({});
    expect(draftProblems(empty, 'en', t, true).fields).toEqual({ properties: 'Choose at least one property.', paths: 'give at least one path for a path invalidation' });
    expect(draftProblems({ ...DRAFT, kind: 'tag' }, 'es', t, true).fields.tags).toBe('indique al menos una etiqueta de caché para una invalidación por etiqueta');
    expect(draftProblems({ ...DRAFT, kind: 'property' }, 'en', t, true).fields).toEqual({});
  });

  it('limits the request to the contract’s sizes', () => {
    const many = Array.from({ length: 1001 }, (_, i) => `/p${i}`).join('\n');
    expect(draftProblems({ ...DRAFT, pathsText: many }, 'en', t, true).fields.paths).toBe('At most 1000 paths per request (1001 given).');
    const tags = draftProblems({ ...DRAFT, kind: 'tag', tagsText: `ok\n${'é'.repeat(513)}` }, 'en', t, true);
    expect(tags.tags).toEqual([{ line: 2, text: 'é'.repeat(513), message: 'a cache tag is at most 1024 bytes' }]);
  });

  it('checks the notify list', () => {
    expect(notifyProblem(' a@example.com; b@example.org  c@example.net ', 'en', t)).toBeUndefined();
    expect(notifyProblem('a@example.com, b', 'es', t)).toBe('"b" no es una dirección de correo electrónico');
    expect(notifyProblem('x'.repeat(251), 'en', t)).toBe('The list of addresses has at most 250 characters.');
  });

  it('builds the body of each kind', () => {
    expect(requestOf({ ...DRAFT, pathsText: '/a\n\n/b', ignoreCase: true, notify: ' a@example.com ' }).body).toEqual({
      kind: 'path',
      properties: ['www.example.com'],
      paths: ['/a', '/b'],
      ignoreCase: true,
      type: 'normal',
      notify: 'a@example.com',
    });
    // Ignore case applies to paths only; the API refuses it elsewhere.
    expect(requestOf({ ...DRAFT, kind: 'tag', tagsText: 'x', ignoreCase: true }).body).toEqual({ kind: 'tag', properties: ['www.example.com'], tags: ['x'], ignoreCase: false, type: 'normal', notify: '' });
    expect(requestOf({ ...DRAFT, kind: 'property', pathsText: '/a', type: 'force' }).body).toEqual({ kind: 'property', properties: ['www.example.com'], ignoreCase: false, type: 'force', notify: '' });
  });

  it('puts the API’s pointers back on the lines and fields they came from', () => {
    const sent = requestOf({ ...DRAFT, properties: ['a.example.com', 'b.example.com'], pathsText: '/a\n\n/b' });
    const placed = placeServerProblems(
      [
        { pointer: '/paths/1', message: 'bad' },
        { pointer: '/paths/9', message: 'out of range' },
        { pointer: '/properties/1', message: 'unknown' },
        { pointer: '/notify', message: 'n1' },
        { pointer: '/notify', message: 'n2' },
        { pointer: '/whatever', message: 'w' },
      ],
      sent,
    );
    expect(placed.paths).toEqual([{ line: 3, text: '/b', message: 'bad' }]);
    expect(placed.fields).toEqual({ paths: 'out of range', properties: 'unknown', notify: 'n1 n2' });
    expect(placed.unplaced).toEqual([{ pointer: '/whatever', message: 'w' }]);
  });

  it('turns the filter form into query filters, the "to" day included', () => {
    expect(filtersOf({ status: '', property: '  ', contains: '', from: '', to: '' })).toEqual({});
    expect(filtersOf({ status: 'in-progress', property: ' A.Example.com', contains: ' logo ', from: '2026-01-31', to: '2026-02-28' })).toEqual({
      status: 'in-progress',
      property: 'a.example.com',
      contains: 'logo',
      from: new Date(2026, 0, 31).toISOString(),
      to: new Date(2026, 2, 1).toISOString(),
    });
    expect(dayStart('31/01/2026')).toBeUndefined();
  });
});
