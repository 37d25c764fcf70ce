// Hand-written hints in `details` (schema hints and hints thrown by route handlers) come in the caller's
// language, the same language as the envelope's message, with a stable `code` that does not change.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { errorMessage, validationMessage } from '@candela/contract';
import { forEachApp } from '../test-support/test-app.js';
import { createChildGroup, createCustomer, createUser, signIn } from '../test-support/fixtures.js';
import type { Customer } from '../test-support/fixtures.js';

interface ErrorBody {
  error: { code: string; message: string; details?: { pointer: string; code?: string; message: string }[] };
}

forEachApp('hand-written validation hints in the caller’s language', (t) => {
  let acme: Customer;
  let globex: Customer;
  let child: string;
  const headers: Record<'es' | 'en' | 'staffEs', Record<string, string>> = { es: {}, en: {}, staffEs: {} };

  before(async () => {
    const now = t.clock.now;
    acme = await createCustomer(t.db(), { name: 'Acme', services: 2, nowMs: now });
    globex = await createCustomer(t.db(), { name: 'Globex', nowMs: now });
    child = await createChildGroup(t.db(), { parentId: acme.groupId, name: 'Acme video', scids: [acme.scids[0]!], nowMs: now });
    await createUser(t.db(), { email: 'ana@acme.example', language: 'es', grants: [{ groupId: acme.groupId, roleId: 'domain-admin' }], nowMs: now });
    await createUser(t.db(), { email: 'ed@acme.example', language: 'en', grants: [{ groupId: acme.groupId, roleId: 'domain-admin' }], nowMs: now });
    await createUser(t.db(), { email: 'amy@candela.example', language: 'es', staffRole: 'account-manager', nowMs: now });
    headers.es = (await signIn(t, 'ana@acme.example')).headers;
    headers.en = (await signIn(t, 'ed@acme.example')).headers;
    headers.staffEs = (await signIn(t, 'amy@candela.example')).headers;
  });

  it('a schema hint (scid.format) follows the user’s language, whatever Accept-Language says', async () => {
    const answers = {} as Record<'es' | 'en', ErrorBody>;
    for (const language of ['es', 'en'] as const) {
      const res = await t.inject({
        method: 'POST',
        url: `/api/v1/access-groups/${acme.groupId}/children`,
        // The signed-in user's preference wins over the browser's (request-language.ts).
        headers: { ...headers[language], 'accept-language': language === 'es' ? 'en' : 'es' },
        payload: { name: 'Bad', scids: ['lower'] },
      });
      assert.equal(res.statusCode, 400, res.body);
      answers[language] = res.json<ErrorBody>();
    }
    for (const language of ['es', 'en'] as const) {
      const error = answers[language].error;
      assert.equal(error.message, errorMessage('VALIDATION_FAILED', language));
      assert.deepEqual(error.details, [{ pointer: '/scids/0', code: 'scid.format', message: validationMessage('scid.format', language) }]);
    }
    assert.equal(answers.es.error.details?.[0]?.message, 'se esperaban 9 letras mayúsculas o dígitos');
    assert.equal(answers.en.error.details?.[0]?.message, 'expected 9 upper-case letters or digits');
  });

  it('a schema hint with placeholders (a custom zod issue) is filled in either language', async () => {
    const tsc = (country: string, phone: string) => ({ country, name: `TSC ${country}`, email: `tsc.${country.toLowerCase()}@candela.example`, phone });
    const res = await t.inject({
      method: 'PUT',
      url: `/api/v1/staff/customers/${acme.groupId}/contacts`,
      headers: headers.staffEs,
      payload: { accountManager: null, salesEngineers: { data: null, dataCenter: null, voice: null }, bcc: null, tsc: [tsc('AR', '+54 800 222 3333'), tsc('ar', '+54 800 222 4444')] },
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.deepEqual(res.json<ErrorBody>().error.details, [{ pointer: '/tsc/1/country', code: 'contact.tscCountryTaken', message: 'ya hay un contacto de TSC para AR' }]);
  });

  it('a hint thrown by a route handler (accessGroup.scidNotInParent) follows the user’s language', async () => {
    const theft = { name: 'Theft', scids: [acme.scids[0], globex.scids[0]] };
    const es = await t.inject({ method: 'POST', url: `/api/v1/access-groups/${acme.groupId}/children`, headers: headers.es, payload: theft });
    const en = await t.inject({ method: 'POST', url: `/api/v1/access-groups/${acme.groupId}/children`, headers: headers.en, payload: theft });
    assert.equal(es.statusCode, 400, es.body);
    assert.equal(en.statusCode, 400, en.body);
    assert.equal(es.json<ErrorBody>().error.message, errorMessage('VALIDATION_FAILED', 'es'));
    assert.deepEqual(es.json<ErrorBody>().error.details, [{ pointer: '/scids/1', code: 'accessGroup.scidNotInParent', message: `${globex.scids[0]} no es un servicio del grupo padre` }]);
    assert.equal(en.json<ErrorBody>().error.message, errorMessage('VALIDATION_FAILED', 'en'));
    assert.deepEqual(en.json<ErrorBody>().error.details, [{ pointer: '/scids/1', code: 'accessGroup.scidNotInParent', message: `${globex.scids[0]} is not a service of the parent group` }]);
  });

  it('a route hint to an anonymous caller follows Accept-Language (and Spanish by default)', async () => {
    const setPassword = (acceptLanguage?: string) =>
      t.inject({ method: 'POST', url: '/api/v1/auth/password', headers: acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage }, payload: { token: 'no-such-token-'.padEnd(43, 'x'), password: 'a long enough passphrase' } });
    const cases = [
      ['es-AR,es;q=0.9', 'es'],
      ['en-GB, es;q=0.5', 'en'],
      [undefined, 'es'],
    ] as const;
    for (const [acceptLanguage, language] of cases) {
      const res = await setPassword(acceptLanguage);
      assert.equal(res.statusCode, 400, res.body);
      const error = res.json<ErrorBody>().error;
      assert.equal(error.message, errorMessage('VALIDATION_FAILED', language), String(acceptLanguage));
      assert.deepEqual(error.details, [{ pointer: '/token', code: 'link.unknown', message: validationMessage('link.unknown', language) }], String(acceptLanguage));
    }
  });

  it('a route hint with a number in it (role.inUse) and a code that is the same in both languages', async () => {
    const create = await t.inject({ method: 'POST', url: `/api/v1/access-groups/${acme.groupId}/roles`, headers: headers.en, payload: { name: 'Viewers', permissions: ['reports:view'] } });
    assert.equal(create.statusCode, 201, create.body);
    const roleId = create.json<{ id: string }>().id;
    await createUser(t.db(), { email: 'val@acme.example', grants: [{ groupId: child, roleId }], nowMs: t.clock.now });
    const es = await t.inject({ method: 'DELETE', url: `/api/v1/roles/${roleId}`, headers: headers.es });
    const en = await t.inject({ method: 'DELETE', url: `/api/v1/roles/${roleId}`, headers: headers.en });
    assert.equal(es.statusCode, 409, es.body);
    assert.deepEqual(es.json<ErrorBody>().error.details, [{ pointer: '', code: 'role.inUse', message: 'el rol aún lo tienen 1 usuario(s) y 0 clave(s) de API' }]);
    assert.deepEqual(en.json<ErrorBody>().error.details, [{ pointer: '', code: 'role.inUse', message: 'the role is still held by 1 user(s) and 0 API key(s)' }]);
  });
});
