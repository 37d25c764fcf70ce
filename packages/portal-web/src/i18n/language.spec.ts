import { describe, expect, it } from 'vitest';
import { detectLanguage, languageOfTag } from './language';

describe('detectLanguage', () => {
  it('chooses Spanish for any Spanish browser language', () => {
    expect(detectLanguage(['es-AR'], null)).toBe('es');
    expect(detectLanguage(['es'], null)).toBe('es');
    expect(detectLanguage(['es-419', 'en'], null)).toBe('es');
  });

  it('chooses English for an English browser language', () => {
    expect(detectLanguage(['en-US'], null)).toBe('en');
    expect(detectLanguage(['en'], null)).toBe('en');
  });

  it('chooses Spanish for another Latin-American locale before a later English one', () => {
    expect(detectLanguage(['pt-BR', 'en-US'], null)).toBe('es');
    expect(detectLanguage(['qu-PE'], null)).toBe('es');
  });

  it('skips languages it cannot use and takes the next preference', () => {
    expect(detectLanguage(['fr-FR', 'en-GB'], null)).toBe('en');
  });

  it('defaults to Spanish', () => {
    expect(detectLanguage(['de-DE'], null)).toBe('es');
    expect(detectLanguage([], null)).toBe('es');
  });

  it('lets a stored choice win, and ignores a stored value that is not a language', () => {
    expect(detectLanguage(['es-MX'], 'en')).toBe('en');
    expect(detectLanguage(['en-US'], 'es')).toBe('es');
    expect(detectLanguage(['en-US'], 'fr')).toBe('en');
  });

  it('takes a stated language over a Latin-American region', () => {
    expect(languageOfTag('en-MX')).toBe('en');
    expect(languageOfTag('pt_BR')).toBe('es');
    expect(languageOfTag('fr-CA')).toBeUndefined();
  });
});
