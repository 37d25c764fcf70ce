// Both languages are first-class (domain.md): every text exists, is not empty, and carries the same
// {placeholders} in both, so no reader ever sees a key, a blank or a missing value.
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from './language';
import { DICTIONARIES } from './dictionaries';
import { formatMessage } from './messages';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

describe('dictionaries', () => {
  const allKeys = [...new Set(LANGUAGES.flatMap((language) => Object.keys(DICTIONARIES[language])))].sort();

  it.each(LANGUAGES)('%s has every key of every language', (language) => {
    const missing = allKeys.filter((key) => !(key in DICTIONARIES[language]));
    expect(missing).toEqual([]);
  });

  it.each(LANGUAGES)('%s has no empty text', (language) => {
    const empty = Object.entries(DICTIONARIES[language])
      .filter(([, text]) => typeof text !== 'string' || text.trim() === '')
      .map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it('uses the same placeholders in every language', () => {
    const mismatched = allKeys.filter((key) => {
      const [first, ...rest] = LANGUAGES.map((language) => placeholders(String((DICTIONARIES[language] as Record<string, string>)[key])));
      return rest.some((other) => JSON.stringify(other) !== JSON.stringify(first));
    });
    expect(mismatched).toEqual([]);
  });
});

describe('formatMessage', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(formatMessage('Hola {name}, {missing}', { name: 'Ana' })).toBe('Hola Ana, {missing}');
  });
});
