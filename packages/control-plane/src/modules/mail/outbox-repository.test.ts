import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDatabase } from '../../db/test-databases.js';
import {
  claimDueMails,
  dueMails,
  enqueueMail,
  InvalidMailAddressError,
  listMailsTo,
  markFailed,
  markSent,
  MAX_MAIL_ATTEMPTS,
  newMailId,
  releaseClaims,
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
    assert.deepEqual([mail.claimedBy, mail.claimedUntil], [null, null]);
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
  describe('claims (several senders on one database)', () => {
    const LEASE = 600_000;
    /** The claim tests own the outbox: messages left by the tests above would be claimed too. */
    beforeEach(async () => {
      await db().deleteFrom('mail_outbox').execute();
    });

    it('claimDueMails claims due messages oldest first up to the limit, stamps owner and lease, and returns only those', async () => {
      await enqueueMail(db(), reset('c@a.example'), T + 3, 'mail_c3');
      await enqueueMail(db(), reset('c@a.example'), T + 1, 'mail_c1');
      await enqueueMail(db(), reset('c@a.example'), T + 2, 'mail_c2');
      await enqueueMail(db(), reset('c@a.example'), T, 'mail_c0');
      await markSent(db(), 'mail_c0', T);
      const claimed = await claimDueMails(db(), { owner: 'sender-a', nowMs: T + 10, leaseMs: LEASE, limit: 2 });
      assert.deepEqual(claimed.map((m) => [m.id, m.claimedBy, m.claimedUntil]), [
        ['mail_c1', 'sender-a', T + 10 + LEASE],
        ['mail_c2', 'sender-a', T + 10 + LEASE],
      ]);
      const [, c1, c2, c3] = await listMailsTo(db(), 'c@a.example');
      assert.deepEqual([c1?.claimedBy, c2?.claimedUntil, c3?.claimedBy], ['sender-a', T + 10 + LEASE, null]);
    });

    it('a message under someone’s lease is not claimed by anyone else until the lease ends; then it is', async () => {
      await enqueueMail(db(), reset('lease@a.example'), T, 'mail_lease');
      assert.equal((await claimDueMails(db(), { owner: 'crashed', nowMs: T, leaseMs: LEASE, limit: 10 })).length, 1);
      assert.deepEqual(await claimDueMails(db(), { owner: 'other', nowMs: T + LEASE - 1, leaseMs: LEASE, limit: 10 }), []);
      assert.deepEqual(await claimDueMails(db(), { owner: 'crashed', nowMs: T + 1, leaseMs: LEASE, limit: 10 }), [], 'not even by the holder');
      const taken = await claimDueMails(db(), { owner: 'other', nowMs: T + LEASE, leaseMs: LEASE, limit: 10 });
      assert.deepEqual(taken.map((m) => [m.id, m.claimedBy, m.claimedUntil]), [['mail_lease', 'other', T + 2 * LEASE]]);
    });

    it('sent, given-up and excluded messages are not claimed', async () => {
      await enqueueMail(db(), reset('skip@a.example'), T, 'mail_skip_sent');
      await enqueueMail(db(), reset('skip@a.example'), T, 'mail_skip_dead');
      await enqueueMail(db(), reset('skip@a.example'), T, 'mail_skip_excluded');
      await enqueueMail(db(), reset('skip@a.example'), T, 'mail_skip_due');
      await markSent(db(), 'mail_skip_sent', T);
      for (let i = 0; i < MAX_MAIL_ATTEMPTS; i++) await markFailed(db(), 'mail_skip_dead', 'boom');
      const claimed = await claimDueMails(db(), { owner: 'a', nowMs: T, leaseMs: LEASE, limit: 10, excludeIds: ['mail_skip_excluded'] });
      assert.deepEqual(claimed.map((m) => m.id), ['mail_skip_due']);
    });

    it('concurrent claims over the same outbox never hand one message to two owners', async () => {
      for (let i = 0; i < 30; i++) await enqueueMail(db(), reset('race@a.example'), T + i, `mail_race_${String(i).padStart(2, '0')}`);
      const owners = ['a', 'b', 'c', 'd', 'e', 'f'];
      const results = await Promise.all(owners.map((owner) => claimDueMails(db(), { owner, nowMs: T + 100, leaseMs: LEASE, limit: 10 })));
      const claimedIds = results.flat().map((m) => m.id);
      assert.equal(new Set(claimedIds).size, claimedIds.length, 'a message was claimed twice');
      // What each owner was told it holds is what the table says.
      const rows = await listMailsTo(db(), 'race@a.example');
      const holder = new Map(rows.map((m) => [m.id, m.claimedBy]));
      results.forEach((claimed, i) => {
        for (const m of claimed) assert.equal(holder.get(m.id), owners[i]);
      });
    });

    it('releaseClaims makes the owner’s unsent messages due at once, and leaves others’ claims and sent messages alone', async () => {
      await enqueueMail(db(), reset('rel@a.example'), T, 'mail_rel_mine');
      await enqueueMail(db(), reset('rel@a.example'), T + 1, 'mail_rel_theirs');
      await claimDueMails(db(), { owner: 'me', nowMs: T, leaseMs: LEASE, limit: 1 });
      await claimDueMails(db(), { owner: 'them', nowMs: T, leaseMs: LEASE, limit: 1 });
      await releaseClaims(db(), 'me', ['mail_rel_mine', 'mail_rel_theirs']);
      await releaseClaims(db(), 'me', []);
      const [mine, theirs] = await listMailsTo(db(), 'rel@a.example');
      assert.deepEqual([mine?.claimedUntil, theirs?.claimedBy, theirs?.claimedUntil], [null, 'them', T + LEASE]);
      assert.deepEqual((await claimDueMails(db(), { owner: 'next', nowMs: T + 1, leaseMs: LEASE, limit: 10 })).map((m) => m.id), ['mail_rel_mine']);
    });

    it('markFailed with a retry time holds the message for everyone until then; markSent ends the claim', async () => {
      await enqueueMail(db(), reset('wait@a.example'), T, 'mail_wait');
      await claimDueMails(db(), { owner: 'a', nowMs: T, leaseMs: LEASE, limit: 1 });
      assert.equal(await markFailed(db(), 'mail_wait', '421 later', T + 60_000), 1);
      assert.deepEqual(await claimDueMails(db(), { owner: 'b', nowMs: T + 59_999, leaseMs: LEASE, limit: 1 }), []);
      assert.equal((await claimDueMails(db(), { owner: 'b', nowMs: T + 60_000, leaseMs: LEASE, limit: 1 }))[0]?.attempts, 1);
      await markSent(db(), 'mail_wait', T + 60_001);
      const [mail] = await listMailsTo(db(), 'wait@a.example');
      assert.deepEqual([mail?.sentAt, mail?.claimedBy, mail?.claimedUntil], [T + 60_001, 'b', null]);
    });
  });
});
