import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { it } from 'node:test';
import { forEachDatabase } from '../db/test-databases.js';
import type { ApiKeyRow } from '../db/schema.js';
import { syncBuiltInRoles } from '../bootstrap/built-in-roles.js';
import { createChildGroup, createCustomer, createUser } from '../test-support/fixtures.js';
import type { Customer } from '../test-support/fixtures.js';
import { hashSecret, newKeyMaterial, sealSecret } from '../modules/api-keys/api-key-rules.js';
import { runApiKeyLifecycle } from './api-key-lifecycle.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 10, 9, 0, 0);
const PUBLIC_URL = 'https://portal.candela.example';

forEachDatabase('API-key lifecycle job (domain §1: warn at 90 days unused, disable at 120, delete at 180)', ({ db }) => {
  let acme: Customer;
  let globex: Customer;
  let child: string;
  let wakes = 0;
  const run = (nowMs: number) => runApiKeyLifecycle({ db: db(), nowMs, publicUrl: PUBLIC_URL, wakeMailSender: () => void wakes++ });

  async function key(groupId: string, fields: Partial<ApiKeyRow> = {}): Promise<string> {
    const { keyId, secret } = newKeyMaterial();
    await db()
      .insertInto('api_keys')
      .values({ id: keyId, access_group_id: groupId, role_id: 'reporting', name: `key ${keyId.slice(-4)}`, contact: 'Ops team', notes: '', secret_hash: hashSecret(secret), secret_sealed: sealSecret(secret, randomBytes(32), keyId), warned_at: null, status: 'active', last_used_at: null, created_at: T0, regenerated_at: null, reactivated_at: null, ...fields })
      .execute();
    return keyId;
  }
  const row = (id: string) => db().selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const mailsAbout = (keyName: string) => db().selectFrom('mail_outbox').selectAll().where('template', '=', 'api-key-expiry-warning').where('subject', 'like', `%${keyName}%`).orderBy('to_address').execute();
  const auditOf = (id: string) => db().selectFrom('audit_log').selectAll().where('target_id', '=', id).orderBy('at').execute();

  it('setup: acme with domain admins (one Spanish, one disabled), an admin and a child group; globex with its own admin', async () => {
    await syncBuiltInRoles(db());
    acme = await createCustomer(db(), { name: 'Acme', nowMs: T0 });
    globex = await createCustomer(db(), { name: 'Globex', nowMs: T0 });
    child = await createChildGroup(db(), { parentId: acme.groupId, name: 'Acme video', scids: [], nowMs: T0 });
    await createUser(db(), { email: 'ana@acme.example', grants: [{ groupId: acme.groupId, roleId: 'domain-admin' }], language: 'es', nowMs: T0 });
    await createUser(db(), { email: 'bob@acme.example', grants: [{ groupId: acme.groupId, roleId: 'domain-admin' }], language: 'en', nowMs: T0 });
    await createUser(db(), { email: 'old@acme.example', grants: [{ groupId: acme.groupId, roleId: 'domain-admin' }], status: 'disabled', nowMs: T0 });
    await createUser(db(), { email: 'adam@acme.example', grants: [{ groupId: acme.groupId, roleId: 'admin' }], nowMs: T0 });
    await createUser(db(), { email: 'gus@globex.example', grants: [{ groupId: globex.groupId, roleId: 'domain-admin' }], nowMs: T0 });
    await createUser(db(), { email: 'ops@acme.example', language: 'en', nowMs: T0 });
  });

  it('nothing happens before 90 idle days, and no mail sender is woken', async () => {
    const id = await key(acme.groupId, { name: 'young' });
    const result = await run(T0 + 90 * DAY - 1);
    assert.deepEqual(result, { warned: [], disabled: [], deleted: [], failed: [] });
    assert.equal(wakes, 0);
    assert.equal((await row(id)).warned_at, null);
    await db().deleteFrom('api_keys').where('id', '=', id).execute();
  });

  it('domain §1: at 90 idle days the contact is warned once, in their language, with the disable date and a link; audited as the system', async () => {
    const id = await key(child, { name: 'Deploy bot', contact: 'ops@acme.example' });
    const now = T0 + 90 * DAY;
    const result = await run(now);
    assert.deepEqual(result.warned, [id]);
    assert.equal(wakes, 1);
    const mails = await mailsAbout('Deploy bot');
    assert.deepEqual(mails.map((m) => [m.to_address, m.language]), [['ops@acme.example', 'en']]);
    assert.match(mails[0]?.body_text ?? '', /Acme video/);
    assert.match(mails[0]?.body_text ?? '', new RegExp(new Date(T0 + 120 * DAY).toISOString().slice(0, 10)));
    assert.ok(mails[0]?.body_text.includes(`${PUBLIC_URL}/admin/api-keys?group=${child}`));
    assert.equal((await row(id)).warned_at, now);
    const audit = await auditOf(id);
    assert.deepEqual(audit.map((a) => [a.action, a.actor_user_id, a.api_key_id]), [['api-key.expiry-warning', null, null]]);

    const again = await run(now + DAY);
    assert.deepEqual(again.warned, [], 'one warning per idle period');
    assert.equal((await mailsAbout('Deploy bot')).length, 1);
    assert.equal(wakes, 1);
  });

  it('domain §1: a contact that is not an e-mail address: the customer’s active domain admins are warned, each in their language', async () => {
    await key(child, { name: 'Nameless contact', contact: 'Ana Pérez, ext. 42' });
    await run(T0 + 95 * DAY);
    const mails = await mailsAbout('Nameless contact');
    assert.deepEqual(mails.map((m) => [m.to_address, m.language]), [['ana@acme.example', 'es'], ['bob@acme.example', 'en']]);
    assert.match(mails[0]?.subject ?? '', /se desactivará/);
    assert.match(mails[1]?.subject ?? '', /will be disabled/);
  });

  it('a contact e-mail that is not one of our users is written to in the default language (es)', async () => {
    await key(globex.groupId, { name: 'Outsourced', contact: 'noc@vendor.example' });
    await run(T0 + 91 * DAY);
    assert.deepEqual((await mailsAbout('Outsourced')).map((m) => [m.to_address, m.language]), [['noc@vendor.example', 'es']]);
  });

  it('domain §1: a use after the warning starts a new idle period, which is warned again', async () => {
    const id = await key(globex.groupId, { name: 'Revived', contact: 'x' });
    await run(T0 + 90 * DAY);
    assert.equal((await mailsAbout('Revived')).length, 1);
    const usedAt = T0 + 100 * DAY;
    await db().updateTable('api_keys').set({ last_used_at: usedAt }).where('id', '=', id).execute();
    assert.deepEqual((await run(usedAt + 89 * DAY)).warned.includes(id), false);
    assert.deepEqual((await run(usedAt + 90 * DAY)).warned.includes(id), true);
    assert.deepEqual((await mailsAbout('Revived')).map((m) => m.to_address), ['gus@globex.example', 'gus@globex.example']);
  });

  it('domain §1: at 120 idle days an active key is disabled; at 180 it is deleted and its sealed secret dropped; both audited', async () => {
    const id = await key(acme.groupId, { name: 'Sleeper', last_used_at: T0 });
    const disabledAt = T0 + 120 * DAY;
    assert.deepEqual((await run(disabledAt)).disabled.includes(id), true);
    assert.equal((await row(id)).status, 'disabled');
    assert.equal((await run(disabledAt + DAY)).disabled.includes(id), false, 'already written down');
    const deletedAt = T0 + 180 * DAY;
    assert.equal((await run(deletedAt)).deleted.includes(id), true);
    const after = await row(id);
    assert.equal(after.status, 'deleted');
    assert.equal(after.secret_sealed, '');
    const audit = await auditOf(id);
    assert.deepEqual(audit.map((a) => a.action), ['api-key.disable-inactive', 'api-key.delete-inactive']);
    assert.deepEqual(audit.map((a) => a.actor_user_id), [null, null]);
    assert.deepEqual(JSON.parse(audit[1]?.before_json ?? '{}'), { status: 'disabled' });
  });

  it('a key an admin disabled gets no warnings, and reaches the deleted state at 180 idle days; deleted keys are left alone', async () => {
    const manual = await key(acme.groupId, { name: 'Manual', status: 'disabled' });
    const gone = await key(acme.groupId, { name: 'Gone', status: 'deleted' });
    const atWarn = await run(T0 + 100 * DAY);
    assert.equal(atWarn.warned.includes(manual), false);
    assert.equal((await mailsAbout('Manual')).length, 0);
    const atDelete = await run(T0 + 180 * DAY);
    assert.equal(atDelete.deleted.includes(manual), true);
    assert.equal(atDelete.deleted.includes(gone), false);
    assert.deepEqual(await auditOf(gone), []);
  });

  it('a key that skipped a step (the job did not run) goes straight to where it stands', async () => {
    const id = await key(globex.groupId, { name: 'Forgotten' });
    const result = await run(T0 + 400 * DAY);
    assert.equal(result.deleted.includes(id), true);
    assert.equal((await mailsAbout('Forgotten')).length, 0, 'no warning about a key already gone');
  });

  it('domain §1: re-enabling restarts the clock: a re-enabled key is not disabled again until 120 days later', async () => {
    const reactivatedAt = T0 + 150 * DAY;
    const id = await key(globex.groupId, { name: 'Back', reactivated_at: reactivatedAt });
    assert.equal((await run(reactivatedAt + 119 * DAY)).disabled.includes(id), false);
    assert.equal((await row(id)).status, 'active');
    assert.equal((await run(reactivatedAt + 120 * DAY)).disabled.includes(id), true);
  });

  it('isolation: a customer’s admins are only ever written to about their own keys', async () => {
    const subjects = async (emails: string[]) => (await db().selectFrom('mail_outbox').select('subject').where('to_address', 'in', emails).execute()).map((m) => m.subject);
    const globexMail = await subjects(['gus@globex.example']);
    const acmeMail = await subjects(['ana@acme.example', 'bob@acme.example', 'adam@acme.example', 'old@acme.example']);
    assert.ok(globexMail.length > 0 && acmeMail.length > 0);
    assert.ok(globexMail.every((s) => /Revived|Back/.test(s)), JSON.stringify(globexMail));
    assert.ok(acmeMail.every((s) => /Nameless contact/.test(s)), JSON.stringify(acmeMail));
    assert.deepEqual(await subjects(['adam@acme.example', 'old@acme.example']), [], 'neither a plain admin nor a disabled domain admin');
  });
});
