import { it } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDatabase } from '../../db/test-databases.js';
import {
  dueMails,
  enqueueMail,
  InvalidMailAddressError,
  listMailsTo,
  markFailed,
  markSent,
  MAX_MAIL_ATTEMPTS,
  newMailId,
} from './outbox-repository.js';
import type { NewOutboxMail } from './outbox-repository.js';

const T = Date.UTC(2026, 10, 28, 6, 0, 0);

const reset = (to: string, language: 'es' | 'en' = 'es'): NewOutboxMail => ({
  to,
  language,
  template: 'password-reset',
  vars: { displayName: 'Ana <Admin>', link: 'https://portal.example.com/reset/t', expiresInMinutes: 30 },
});

forEachDatabase('mail outbox', ({ db }) => {
  it('enqueueMail stores the message rendered in the recipient language, unsent, with a mail_ id', async () => {
    const id = await enqueueMail(db(), reset('ana@a.example', 'es'), T);
    assert.match(id, /^mail_[A-Za-z0-9_-]{22}$/);
    const [mail] = await listMailsTo(db(), 'ana@a.example');
    assert.ok(mail);
    assert.equal(mail.id, id);
    assert.equal(mail.language, 'es');
    assert.equal(mail.template, 'password-reset');
    assert.equal(mail.subject, 'Restablezca su contraseña de Candela');
    assert.match(mail.text, /Hola, Ana <Admin>:/);
    assert.match(mail.html ?? '', /Hola, Ana &lt;Admin&gt;:/);
    assert.equal(mail.createdAt, T);
    assert.equal(typeof mail.createdAt, 'number');
    assert.deepEqual([mail.sentAt, mail.attempts, mail.lastError], [null, 0, null]);
  });

  it('enqueueMail uses the id it is given, and generated ids differ', async () => {
    assert.equal(await enqueueMail(db(), reset('given@a.example', 'en'), T, 'mail_given'), 'mail_given');
    const [mail] = await listMailsTo(db(), 'given@a.example');
    assert.equal(mail?.subject, 'Reset your Candela password');
    assert.notEqual(newMailId(), newMailId());
  });

  it('enqueueMail stores the address trimmed and lower-cased, as users.email holds it; listMailsTo finds it either way', async () => {
    await enqueueMail(db(), reset('  Mixed.Case@A.Example '), T, 'mail_case');
    assert.deepEqual((await listMailsTo(db(), 'mixed.case@a.example')).map((m) => [m.id, m.to]), [['mail_case', 'mixed.case@a.example']]);
    assert.equal((await listMailsTo(db(), 'Mixed.Case@A.example'))[0]?.id, 'mail_case');
  });

  it('enqueueMail refuses anything that is not one plain address, and stores nothing', async () => {
    for (const bad of ['', 'no-at-sign', 'a@b.example\r\nBcc: x@y.example', 'Ana <ana@a.example>', 'a@b.example, c@d.example', 'a@nodot']) {
      await assert.rejects(enqueueMail(db(), reset(bad), T, 'mail_bad'), InvalidMailAddressError, bad);
    }
    assert.equal((await db().selectFrom('mail_outbox').select('id').where('id', '=', 'mail_bad').execute()).length, 0);
  });

  it('dueMails returns unsent messages oldest first, up to the limit', async () => {
    await enqueueMail(db(), reset('due@a.example'), T + 30, 'mail_due_c');
    await enqueueMail(db(), reset('due@a.example'), T + 10, 'mail_due_b');
    await enqueueMail(db(), reset('due@a.example'), T + 10, 'mail_due_a');
    await enqueueMail(db(), reset('due@a.example'), T + 20, 'mail_due_d');
    await markSent(db(), 'mail_due_d', T + 40);
    const due = (await dueMails(db(), 100)).filter((m) => m.to === 'due@a.example').map((m) => m.id);
    assert.deepEqual(due, ['mail_due_a', 'mail_due_b', 'mail_due_c']);
    assert.equal((await dueMails(db(), 2)).length, 2);
  });

  it('markSent takes a message out of the due list and keeps the first delivery time', async () => {
    await enqueueMail(db(), reset('sent@a.example'), T, 'mail_sent');
    await markSent(db(), 'mail_sent', T + 5);
    await markSent(db(), 'mail_sent', T + 9);
    const [mail] = await listMailsTo(db(), 'sent@a.example');
    assert.equal(mail?.sentAt, T + 5);
    assert.ok(!(await dueMails(db(), 1000)).some((m) => m.id === 'mail_sent'));
  });

  it(`markFailed counts attempts and keeps the last error; after ${MAX_MAIL_ATTEMPTS} the message is no longer due`, async () => {
    await enqueueMail(db(), reset('fail@a.example'), T, 'mail_fail');
    for (let attempt = 1; attempt <= MAX_MAIL_ATTEMPTS; attempt++) {
      assert.ok((await dueMails(db(), 1000)).some((m) => m.id === 'mail_fail'), `due before attempt ${attempt}`);
      assert.equal(await markFailed(db(), 'mail_fail', `421 try later #${attempt}`), attempt);
    }
    assert.ok(!(await dueMails(db(), 1000)).some((m) => m.id === 'mail_fail'));
    const [mail] = await listMailsTo(db(), 'fail@a.example');
    assert.deepEqual([mail?.attempts, mail?.lastError, mail?.sentAt], [MAX_MAIL_ATTEMPTS, `421 try later #${MAX_MAIL_ATTEMPTS}`, null]);
  });

  it('markFailed cuts a very long error and refuses an unknown id', async () => {
    await enqueueMail(db(), reset('long@a.example'), T, 'mail_long');
    await markFailed(db(), 'mail_long', 'x'.repeat(5_000));
    const [mail] = await listMailsTo(db(), 'long@a.example');
    assert.equal(mail?.lastError?.length, 1_000);
    await assert.rejects(markFailed(db(), 'mail_missing', 'boom'), /not in the outbox/);
  });

  it('listMailsTo returns only that address, oldest first', async () => {
    await enqueueMail(db(), reset('list@a.example'), T + 2, 'mail_list_2');
    await enqueueMail(db(), reset('other@a.example'), T + 1, 'mail_list_x');
    await enqueueMail(db(), reset('list@a.example'), T + 1, 'mail_list_1');
    assert.deepEqual((await listMailsTo(db(), 'list@a.example')).map((m) => m.id), ['mail_list_1', 'mail_list_2']);
    assert.deepEqual(await listMailsTo(db(), 'nobody@a.example'), []);
  });

  it('enqueueMail inside a transaction that rolls back leaves no message behind', async () => {
    await assert.rejects(
      db()
        .transaction()
        .execute(async (trx) => {
          await enqueueMail(trx, reset('rollback@a.example'), T, 'mail_rollback');
          throw new Error('the change failed');
        }),
      /the change failed/,
    );
    assert.deepEqual(await listMailsTo(db(), 'rollback@a.example'), []);
  });
});
