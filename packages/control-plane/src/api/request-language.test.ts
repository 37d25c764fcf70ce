import assert from 'node:assert/strict';
import { test } from 'node:test';
import { languageFromAcceptLanguage } from './request-language.js';

test('RFC 9110 §12.5.4 Accept-Language: the highest-q language we speak wins', () => {
  assert.equal(languageFromAcceptLanguage('en-US,en;q=0.9,es;q=0.8'), 'en');
  assert.equal(languageFromAcceptLanguage('fr-FR, es-MX;q=0.7, en;q=0.5'), 'es');
  assert.equal(languageFromAcceptLanguage('en;q=0.2, es-419;q=0.9'), 'es');
  assert.equal(languageFromAcceptLanguage('es;q=0, en'), 'en');
});

test('Accept-Language: missing or only unknown languages answer in Spanish', () => {
  assert.equal(languageFromAcceptLanguage(undefined), 'es');
  assert.equal(languageFromAcceptLanguage('pt-BR, fr'), 'es');
});
