import { describe, expect, it } from 'vitest';
import type { Language } from '../../../api/types';
import { DICTIONARIES } from '../../../i18n/dictionaries';
import type { Translate } from '../../../i18n/i18n-context';
import { formatMessage } from '../../../i18n/messages';
import { emptyProperty, getAt, moveItem, newDocument, optionalNumber, setAt } from './document-draft';
import { checkDocument, currentServerProblems, pathOfPointer, splitServerProblems, type DocProblem } from './document-problems';

function translate(language: Language): Translate {
  return (key, params) => formatMessage(DICTIONARIES[language][key], params);
}

function problems(document: unknown, language: Language = 'en', fixed = new Map<string, number>()): readonly DocProblem[] {
  const check = checkDocument(document, { t: translate(language), language, fixedPrimaryAliases: fixed });
  return check.ok ? [] : check.problems;
}

const valid = {
  properties: [{ aliases: ['www.example.com'], origin: { protocol: 'http', host: 'origin.example.com' }, defaults: {}, rules: [] }],
};

describe('checkDocument', () => {
  it('accepts a valid document and returns it with the schema defaults', () => {
    const check = checkDocument(valid, { t: translate('en'), language: 'en' });
    expect(check.ok).toBe(true);
    if (check.ok) expect(check.document.properties[0]?.origin.webRoot).toBe('/');
  });

  it('says the contract hints in the reader language, at the JSON pointer of the value', () => {
    const document = setAt(valid, ['properties', 0, 'defaults', 'cacheControl'], { internal: { policy: 'ttl', ttl: '10s' } });
    expect(problems(document, 'en')).toEqual([{ pointer: '/properties/0/defaults/cacheControl/internal/ttl', message: 'the minimum TTL is 30s' }]);
    expect(problems(document, 'es')).toEqual([{ pointer: '/properties/0/defaults/cacheControl/internal/ttl', message: 'el TTL mínimo es 30s' }]);
  });

  it('says zod’s own checks in the portal’s words, in both languages', () => {
    const document = setAt(setAt(valid, ['properties', 0, 'origin', 'host'], ''), ['properties', 0, 'origin', 'port'], '80a');
    expect(problems(document, 'en')).toEqual([
      { pointer: '/properties/0/origin/host', message: 'Must not be empty.' },
      { pointer: '/properties/0/origin/port', message: 'Expected a number.' },
    ]);
    expect(problems(document, 'es').map((p) => p.message)).toEqual(['No puede estar vacío.', 'Se esperaba un número.']);
  });

  it('lists every problem at once, cross-field ones included', () => {
    const twice = { properties: [valid.properties[0], { ...valid.properties[0], origin: { host: 'o', port: 0 } }] };
    expect(problems(twice)).toEqual([
      { pointer: '/properties/1/origin/port', message: 'Must be at least 1.' },
      { pointer: '/properties/1/aliases/0', message: 'alias "www.example.com" is already in properties/0' },
    ]);
  });

  it('reports a bad header name from the branch of the union the value has, not from the `{ definition }` form', () => {
    const document = setAt(valid, ['properties', 0, 'defaults', 'responseHeaders'], { set: { 'X Bad': 'v', 'X-Good': 'w' } });
    expect(problems(document)).toEqual([{ pointer: '/properties/0/defaults/responseHeaders/set/X Bad', message: 'expected an HTTP field name' }]);
  });

  it('names a discriminator’s choices and points at each unknown key', () => {
    const document = setAt(setAt(valid, ['properties', 0, 'defaults', 'cacheControl'], { internal: { policy: 'forever' } }), ['properties', 0, 'extra'], 1);
    expect(problems(document)).toEqual([
      { pointer: '/properties/0/defaults/cacheControl/internal/policy', message: 'Expected one of: ttl, as-is, no-cache, no-store.' },
      { pointer: '/properties/0/extra', message: 'Unknown field “extra”.' },
    ]);
  });

  it('refuses a saved primary alias that is no longer first in its property', () => {
    const moved = setAt(valid, ['properties', 0, 'aliases'], ['new.example.com', 'www.example.com']);
    expect(problems(moved, 'en', new Map([['www.example.com', 3]]))).toEqual([
      {
        pointer: '/properties/0/aliases/1',
        message: '"www.example.com" is the primary alias of a property in version 3 and must stay the first alias of its property',
      },
    ]);
    // Removing the property altogether is allowed.
    expect(problems({ properties: [] }, 'en', new Map([['www.example.com', 3]]))).toEqual([]);
  });

  it('reports a missing required field as required, and a new document as incomplete', () => {
    expect(problems({ properties: [{}] }).map((p) => `${p.pointer} ${p.message}`)).toEqual([
      '/properties/0/aliases This value is required.',
      '/properties/0/origin This value is required.',
    ]);
    expect(problems(newDocument()).map((p) => p.pointer)).toEqual(['/properties/0/aliases/0', '/properties/0/origin/host']);
  });
});

describe('server problems', () => {
  const draft = setAt(valid, ['properties', 0, 'aliases', 0], 'taken.example.com');

  it('moves problems inside the body’s document into the document, and keeps the others', () => {
    const { inDocument, other } = splitServerProblems(
      [
        { pointer: '/document/properties/0/aliases/0', message: 'Alias in use.' },
        { pointer: '/name', message: 'Name taken.' },
      ],
      draft,
    );
    expect(inDocument).toEqual([{ pointer: '/properties/0/aliases/0', message: 'Alias in use.', valueThen: '"taken.example.com"' }]);
    expect(other).toEqual([{ pointer: '/name', message: 'Name taken.' }]);
    expect(currentServerProblems(inDocument, draft)).toHaveLength(1);
    // Once the value changes, the server's problem no longer describes the draft.
    expect(currentServerProblems(inDocument, setAt(draft, ['properties', 0, 'aliases', 0], 'other.example.com'))).toEqual([]);
  });

  it('reads RFC 6901 pointers back into paths', () => {
    expect(pathOfPointer('/properties/0/defaults/responseHeaders/set/a~1b~0c')).toEqual(['properties', 0, 'defaults', 'responseHeaders', 'set', 'a/b~c']);
    expect(pathOfPointer('')).toEqual([]);
  });
});

describe('document-draft', () => {
  it('sets values by path without touching the original, and removes keys set to undefined', () => {
    const original = { properties: [emptyProperty()] };
    const changed = setAt(original, ['properties', 0, 'origin', 'port'], 8080);
    expect(getAt(changed, ['properties', 0, 'origin', 'port'])).toBe(8080);
    expect(getAt(original, ['properties', 0, 'origin', 'port'])).toBeUndefined();
    const removed = setAt(changed, ['properties', 0, 'origin', 'port'], undefined);
    expect(Object.keys(getAt(removed, ['properties', 0, 'origin']) as object)).toEqual(['protocol', 'host']);
  });

  it('keeps a port that is not a number as typed, so the schema can say so', () => {
    expect(optionalNumber('8080')).toBe(8080);
    expect(optionalNumber('80a')).toBe('80a');
    expect(optionalNumber(' ')).toBeUndefined();
  });

  it('moves list items within bounds', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveItem(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
  });
});
