import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { edgeConfigSchema } from '../edge-config.js';
import { hint, validate } from '../problems.js';
import { scidSchema } from './access-groups.js';
import { accountTeamBodySchema } from './contacts.js';
import { errorEnvelope } from './errors.js';
import { LANGUAGES } from './language.js';
import { isValidationMessageKey, messageParams, VALIDATION_MESSAGES, validationMessage } from './validation-messages.js';
import type { ValidationMessageKey } from './validation-messages.js';

const KEYS = Object.keys(VALIDATION_MESSAGES) as ValidationMessageKey[];
const PACKAGES = fileURLToPath(new URL('../../../', import.meta.url));
const CONTRACT_SRC = join(PACKAGES, 'contract', 'src');
const CATALOGUE = fileURLToPath(new URL('./validation-messages.ts', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.(test|spec)\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const placeholders = (text: string) => [...text.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]).sort();

test('every hint in the catalogue has a Spanish and an English text with the same placeholders', () => {
  assert.ok(KEYS.length > 0);
  for (const key of KEYS) {
    assert.match(key, /^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)+$/, `${key}: keys are dotted lowerCamel words`);
    for (const language of LANGUAGES) assert.ok(VALIDATION_MESSAGES[key][language].trim().length > 0, `${key} has no ${language} text`);
    // A copy-pasted English text in the Spanish slot is a missing translation.
    assert.notEqual(VALIDATION_MESSAGES[key].es, VALIDATION_MESSAGES[key].en, `${key}: es and en are identical`);
    assert.deepEqual(placeholders(VALIDATION_MESSAGES[key].es), placeholders(VALIDATION_MESSAGES[key].en), `${key}: es and en name different placeholders`);
  }
});

test('placeholders are filled from params; a missing one stays visible; non-scalar params are dropped', () => {
  assert.equal(validationMessage('accessGroup.scidNotInParent', 'en', { scid: 'ABC123XYZ' }), 'ABC123XYZ is not a service of the parent group');
  assert.equal(validationMessage('accessGroup.scidNotInParent', 'es', { scid: 'ABC123XYZ' }), 'ABC123XYZ no es un servicio del grupo padre');
  assert.equal(validationMessage('accessGroup.scidNotInParent', 'en'), '{scid} is not a service of the parent group');
  assert.deepEqual(messageParams({ scid: 'A', n: 2, nested: { x: 1 }, list: [1] }), { scid: 'A', n: 2 });
  assert.equal(messageParams('not params'), undefined);
  assert.equal(isValidationMessageKey('scid.format'), true);
  assert.equal(isValidationMessageKey('toString'), false, 'only the catalogue’s own keys, not inherited properties');
  assert.equal(isValidationMessageKey('expected 9 upper-case letters or digits'), false);
});

test('a schema hint reads as English outside the API (the edge CLI) and carries its key and params', () => {
  const scid = validate(scidSchema, 'lower');
  assert.equal(scid.ok, false);
  if (scid.ok) return;
  assert.deepEqual(scid.problems, [{ pointer: '', message: 'expected 9 upper-case letters or digits', code: 'scid.format' }]);

  const doc = validate(edgeConfigSchema, {
    properties: [
      { id: 'a', aliases: ['www.example.com'], origin: { host: 'o.example' }, defaults: { cacheControl: { internal: { policy: 'ttl', ttl: '10s' } } } },
      { id: 'b', aliases: ['www.example.com'], origin: { host: 'o.example' } },
    ],
  });
  assert.equal(doc.ok, false);
  if (doc.ok) return;
  const byPointer = new Map(doc.problems.map((p) => [p.pointer, p]));
  assert.equal(byPointer.get('/properties/0/defaults/cacheControl/internal/ttl')?.message, 'the minimum TTL is 30s');
  const alias = byPointer.get('/properties/1/aliases/0');
  assert.equal(alias?.message, 'alias "www.example.com" is already served by properties/0');
  assert.equal(alias?.code, 'alias.servedBy');
  assert.deepEqual(alias?.params, { alias: 'www.example.com', owner: 'properties/0' });
});

test('the error envelope says a hint in the language of its message, with the hint code beside it', () => {
  const team = validate(accountTeamBodySchema, {
    accountManager: null,
    salesEngineers: { data: null, dataCenter: null, voice: null },
    bcc: null,
    tsc: [
      { country: 'AR', name: 'TSC Argentina', email: 'tsc.ar@candela.example', phone: '+54 800 222 3333' },
      { country: 'ar', name: 'TSC Argentina bis', email: 'tsc.ar2@candela.example', phone: '+54 800 222 4444' },
    ],
  });
  assert.equal(team.ok, false);
  if (team.ok) return;
  const details = [...team.problems, hint('/scids/1', 'accessGroup.scidNotInParent', { scid: 'ABC123XYZ' }), { pointer: '/name', message: 'zod’s own text, kept' }];
  const es = errorEnvelope({ code: 'VALIDATION_FAILED', requestId: 'req-1', language: 'es', details }).error;
  const en = errorEnvelope({ code: 'VALIDATION_FAILED', requestId: 'req-1', language: 'en', details }).error;
  assert.match(es.message, /solicitud/);
  assert.deepEqual(es.details, [
    { pointer: '/tsc/1/country', code: 'contact.tscCountryTaken', message: 'ya hay un contacto de TSC para AR' },
    { pointer: '/scids/1', code: 'accessGroup.scidNotInParent', message: 'ABC123XYZ no es un servicio del grupo padre' },
    { pointer: '/name', message: 'zod’s own text, kept' },
  ]);
  assert.deepEqual(en.details?.map((d) => d.message), ['a TSC contact for AR is already listed', 'ABC123XYZ is not a service of the parent group', 'zod’s own text, kept']);
  assert.ok(en.details?.every((d) => !('params' in d)), 'params are for filling the text, not sent');
});

/**
 * zod checks that take a message after their own arguments, with how many arguments come first: a string
 * in the message position is a hint. (`includes('.')` on a plain string has no message position.)
 */
const ZOD_CHECKS = new Map<string, number>([
  ...['regex', 'refine', 'custom', 'min', 'max', 'length', 'gt', 'gte', 'lt', 'lte', 'multipleOf', 'startsWith', 'endsWith', 'includes'].map((name) => [name, 1] as const),
  ...['positive', 'negative', 'nonnegative', 'nonpositive', 'int', 'email', 'url', 'uuid', 'nonempty', 'ipv4', 'ipv6', 'cidrv4', 'cidrv6'].map((name) => [name, 0] as const),
]);

/** Every string literal the contract's sources give zod as a message, found with the TypeScript parser. */
function zodMessageLiterals(file: string): { text: string; where: string; raw: boolean }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: { text: string; where: string; raw: boolean }[] = [];
  const where = (node: ts.Node) => `${relative(PACKAGES, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node): void => {
    // `{ message: '…' }` or zod 4's `{ error: '…' }`, in check options and in ctx.addIssue.
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && (node.name.text === 'message' || node.name.text === 'error')) {
      const value = node.initializer;
      if (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value)) found.push({ text: value.text, where: where(value), raw: false });
      else if (ts.isTemplateExpression(value)) found.push({ text: value.getText(), where: where(value), raw: true });
    }
    // The shorthand `.regex(re, '…')` / `.refine(fn, '…')`: a zod check whose last argument is the message.
    const before = ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) ? ZOD_CHECKS.get(node.expression.name.text) : undefined;
    if (ts.isCallExpression(node) && before !== undefined && node.arguments.length === before + 1) {
      const last = node.arguments[before];
      if (last !== undefined && (ts.isStringLiteral(last) || ts.isNoSubstitutionTemplateLiteral(last))) found.push({ text: last.text, where: where(last), raw: false });
      else if (last !== undefined && ts.isTemplateExpression(last)) found.push({ text: last.getText(), where: where(last), raw: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test('no schema in the contract writes a hint as a raw sentence: every zod message is a catalogue key', () => {
  const files = sourceFiles(CONTRACT_SRC).filter((f) => f !== CATALOGUE);
  const messages = files.flatMap(zodMessageLiterals);
  assert.ok(messages.some((m) => m.text === 'scid.format'), 'the scan finds the messages it is meant to find');
  const raw = messages.filter((m) => m.raw || !isValidationMessageKey(m.text)).map((m) => `${m.where}: ${m.text}`);
  assert.deepEqual(raw, [], 'write the text in api/validation-messages.ts and use its key');
});

test('every key in the catalogue is used by a schema or a route (no dead translations)', () => {
  const files = sourceFiles(PACKAGES).filter((f) => f !== CATALOGUE && !f.includes(`${join('portal-web', 'src')}`));
  const text = files.map((f) => readFileSync(f, 'utf8')).join('\n');
  const unused = KEYS.filter((key) => !text.includes(`'${key}'`));
  assert.deepEqual(unused, []);
});
