import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachApp } from '../../test-support/test-app.js';
import { createCustomer, createUser, PASSWORD, signIn } from '../../test-support/fixtures.js';

interface ErrorBody {
  error: { code: string; message: string; details?: { pointer: string }[] };
}

forEachApp('sign-in, sessions and password links', (t) => {
  let groupId: string;

  it('setup', async () => {
    groupId = (await createCustomer(t.db(), { name: 'Acme', nowMs: t.clock.now })).groupId;
    await createUser(t.db(), { email: 'ana@acme.example', language: 'es', grants: [{ groupId, roleId: 'domain-admin' }], nowMs: t.clock.now });
    await createUser(t.db(), { email: 'leo@acme.example', grants: [{ groupId, roleId: 'reporting' }], nowMs: t.clock.now });
    await createUser(t.db(), { email: 'off@acme.example', status: 'disabled', nowMs: t.clock.now });
  });

  it('sign-in sets an httpOnly SameSite session cookie and returns the session with memberships', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'ANA@acme.example', password: PASSWORD } });
    assert.equal(res.statusCode, 200, res.body);
    const cookie = res.cookies.find((c) => c.name === 'candela_session');
    assert.ok(cookie?.httpOnly);
    assert.equal(cookie?.sameSite, 'Lax');
    assert.equal(cookie?.secure, undefined, 'not Secure over plain HTTP');
    const body = res.json<{ user: { email: string }; memberships: { roleId: string; roleName: string }[]; csrfToken: string }>();
    assert.equal(body.user.email, 'ana@acme.example');
    assert.deepEqual(body.memberships.map((m) => [m.roleId, m.roleName]), [['domain-admin', 'Administrador de dominio']]);
    const session = await t.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: `candela_session=${cookie?.value ?? ''}` } });
    assert.equal(session.json<{ csrfToken: string }>().csrfToken, body.csrfToken);
  });

  it('a wrong password and an unknown e-mail get the same answer', async () => {
    const wrong = await t.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'leo@acme.example', password: 'nope nope nope' } });
    const unknown = await t.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'who@acme.example', password: 'nope nope nope' } });
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.equal(wrong.json<ErrorBody>().error.code, 'INVALID_CREDENTIALS');
    assert.equal(unknown.json<ErrorBody>().error.message, wrong.json<ErrorBody>().error.message);
  });

  it('domain §1: 5 failed sign-ins lock the account for 30 minutes, even with the right password, and a mail tells the user', async () => {
    for (let i = 0; i < 4; i++) {
      const r = await t.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'ana@acme.example', password: `wrong-password-${i}` } });
      assert.equal(r.statusCode, 401);
    }
    const fifth = await t.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'ana@acme.example', password: 'wrong-password-4' } });
    assert.equal(fifth.statusCode, 423);
    assert.equal(fifth.headers['retry-after'], '1800');
    const right = await t.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'ana@acme.example', password: PASSWORD } });
    assert.equal(right.statusCode, 423);
    assert.equal(right.json<ErrorBody>().error.code, 'ACCOUNT_LOCKED');
    const mails = await t.db().selectFrom('mail_outbox').selectAll().where('to_address', '=', 'ana@acme.example').where('template', '=', 'account-locked').execute();
    assert.equal(mails.length, 1);
    assert.equal(mails[0]?.language, 'es');
    t.clock.now += 30 * 60_000;
    const later = await t.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'ana@acme.example', password: PASSWORD } });
    assert.equal(later.statusCode, 200, 'the lock ends after 30 minutes');
  });

  it('a disabled account cannot sign in (after the password check, so guessing learns nothing first)', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'off@acme.example', password: PASSWORD } });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json<ErrorBody>().error.code, 'ACCOUNT_INACTIVE');
  });

  it('password reset: always 202, a mail with a one-time link for real accounts; the link sets the password once', async () => {
    const unknown = await t.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: 'nobody@acme.example' } });
    assert.equal(unknown.statusCode, 202);
    const res = await t.inject({ method: 'POST', url: '/api/v1/auth/password-reset', headers: { 'accept-language': 'en' }, payload: { email: 'leo@acme.example' } });
    assert.equal(res.statusCode, 202);
    const mail = await t.db().selectFrom('mail_outbox').selectAll().where('to_address', '=', 'leo@acme.example').where('template', '=', 'password-reset').executeTakeFirstOrThrow();
    const token = /token=([A-Za-z0-9_-]+)/.exec(mail.body_text)?.[1];
    assert.ok(token, 'the mail carries the link');
    const weak = await t.inject({ method: 'POST', url: '/api/v1/auth/password', payload: { token, password: 'leo@acme.example' } });
    assert.equal(weak.statusCode, 400);
    const set = await t.inject({ method: 'POST', url: '/api/v1/auth/password', payload: { token, password: 'a much better passphrase' } });
    assert.equal(set.statusCode, 400, 'the weak attempt used the link up');
    // A fresh link works.
    await t.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: 'leo@acme.example' } });
    const mails = await t.db().selectFrom('mail_outbox').selectAll().where('to_address', '=', 'leo@acme.example').orderBy('created_at').orderBy('id').execute();
    const fresh = mails.map((m) => /token=([A-Za-z0-9_-]+)/.exec(m.body_text)?.[1]).filter((x) => x !== token).at(-1);
    const ok = await t.inject({ method: 'POST', url: '/api/v1/auth/password', payload: { token: fresh, password: 'a much better passphrase' } });
    assert.equal(ok.statusCode, 204, ok.body);
    await signIn(t, 'leo@acme.example', 'a much better passphrase');
  });

  it('an expired link answers 410 LINK_EXPIRED', async () => {
    t.clock.now += 1000; // so this mail is the newest one
    await t.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: 'leo@acme.example' } });
    const mail = await t.db().selectFrom('mail_outbox').select('body_text').where('to_address', '=', 'leo@acme.example').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    const token = /token=([A-Za-z0-9_-]+)/.exec(mail.body_text)?.[1];
    t.clock.now += 61 * 60_000;
    const res = await t.inject({ method: 'POST', url: '/api/v1/auth/password', payload: { token, password: 'another good passphrase' } });
    assert.equal(res.statusCode, 410);
    assert.equal(res.json<ErrorBody>().error.code, 'LINK_EXPIRED');
  });

  it('PATCH /me changes the language, and errors then come in that language', async () => {
    const leo = await signIn(t, 'leo@acme.example', 'a much better passphrase');
    const res = await t.inject({ method: 'PATCH', url: '/api/v1/me', headers: leo.headers, payload: { language: 'es' } });
    assert.equal(res.statusCode, 200, res.body);
    const bad = await t.inject({ method: 'PATCH', url: '/api/v1/me', headers: leo.headers, payload: { language: 'fr' } });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json<ErrorBody>().error.message, /solicitud/);
    assert.deepEqual(bad.json<ErrorBody>().error.details?.map((d) => d.pointer), ['/language']);
  });

  it('sign-out ends the session server-side', async () => {
    const leo = await signIn(t, 'leo@acme.example', 'a much better passphrase');
    const out = await t.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: leo.headers });
    assert.equal(out.statusCode, 204);
    const after = await t.inject({ method: 'GET', url: '/api/v1/auth/session', headers: leo.headers });
    assert.equal(after.statusCode, 401);
  });

  it('domain §1: 180 days without sign-in make the account inactive; its session stops working', async () => {
    const leo = await signIn(t, 'leo@acme.example', 'a much better passphrase');
    t.clock.now += 181 * 86_400_000;
    const res = await t.inject({ method: 'GET', url: '/api/v1/auth/session', headers: leo.headers });
    assert.equal(res.statusCode, 401);
  });

  it('bad input: malformed JSON and unknown fields are refused with stable codes', async () => {
    const malformed = await t.inject({ method: 'POST', url: '/api/v1/auth/sign-in', headers: { 'content-type': 'application/json' }, payload: '{"email":' });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json<ErrorBody>().error.code, 'MALFORMED_JSON');
    const extra = await t.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'a@b.example', password: 'x', admin: true } });
    assert.equal(extra.statusCode, 400);
    assert.equal(extra.json<ErrorBody>().error.code, 'VALIDATION_FAILED');
  });
});

forEachApp('validation details in the caller’s language', (t) => {
  it('zod’s own detail texts follow Accept-Language; codes and pointers do not change', async () => {
    const es = await t.inject({ method: 'POST', url: '/api/v1/auth/sign-in', headers: { 'accept-language': 'es-MX' }, payload: { email: 'not-an-address', password: 'x' } });
    const en = await t.inject({ method: 'POST', url: '/api/v1/auth/sign-in', headers: { 'accept-language': 'en' }, payload: { email: 'not-an-address', password: 'x' } });
    type Details = { error: { code: string; details: { pointer: string; message: string }[] } };
    const esBody = es.json<Details>();
    const enBody = en.json<Details>();
    assert.equal(esBody.error.code, 'VALIDATION_FAILED');
    assert.deepEqual(esBody.error.details.map((d) => d.pointer), ['/email']);
    assert.deepEqual(enBody.error.details.map((d) => d.pointer), ['/email']);
    assert.match(enBody.error.details[0]?.message ?? '', /email/i);
    assert.match(esBody.error.details[0]?.message ?? '', /correo/i);
  });
});
