// The invalidation watcher with an injected clock: "notify when complete" mails (through the outbox to
// .eml files, in the requester's language), the 12-hour alert (mail to the requester, alerted_at, the
// staff list, the audit log), and every request settled and alerted on once even with two watchers.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { INVALIDATION_ALERT_AFTER_MS } from '@candela/contract';
import { COUNT_GRACE_MS } from '../modules/invalidations/progress-rules.js';
import type { Invalidation } from '@candela/contract';
import { signedInject } from '../modules/api-keys/test-signing.js';
import { forEachApp } from '../test-support/test-app.js';
import { createCustomer, createUser, signIn } from '../test-support/fixtures.js';
import type { SignedIn } from '../test-support/fixtures.js';
import { ackInForce, ackInvalidation, enrolTestEdge } from '../modules/edges/edge-client.fixture.js';
import type { TestEdge } from '../modules/edges/edge-client.fixture.js';
import { activeProperties, invalidate, readInvalidation } from '../modules/invalidations/invalidation.fixture.js';
import { readEml } from '../modules/mail/eml-reader.fixture.js';
import { folderTransport, mailFolder } from '../modules/mail/folder-transport.js';
import { startMailSender } from './mail-sender.js';
import { watchInvalidationsOnce } from './invalidation-watcher.js';

const PORTAL = 'https://portal.candela.example';

forEachApp('invalidation watcher: notify when complete, alert after 12 hours', (t) => {
  let ana: SignedIn; // Spanish
  let ed: SignedIn; // English
  let tess: SignedIn; // staff (TSC)
  let scid = '';
  let edge: TestEdge;
  let woken = 0;
  const watch = () => watchInvalidationsOnce({ db: t.db(), hub: t.deps().feed, clock: () => t.clock.now, publicUrl: PORTAL, wakeMailSender: () => (woken += 1) });
  const deliver = async () => {
    const sender = startMailSender({ db: t.db(), transport: folderTransport({ dataDir: t.deps().config.dataDir }), clock: () => t.clock.now, intervalMs: 60_000 });
    try {
      return await sender.runOnce();
    } finally {
      await sender.stop();
    }
  };
  const mailsTo = (address: string) => {
    const dir = mailFolder(t.deps().config.dataDir);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => f.endsWith('.eml'))
      .map((f) => readEml(readFileSync(join(dir, f))))
      .filter((m) => m.headers.get('to') === address);
  };

  it('setup: a customer with an active property, two requesters and an edge', async () => {
    const c = await createCustomer(t.db(), { name: 'Acme', services: 1, nowMs: t.clock.now });
    scid = c.scids[0]!;
    await createUser(t.db(), { email: 'ana@acme.example', language: 'es', grants: [{ groupId: c.groupId, roleId: 'domain-admin' }], nowMs: t.clock.now });
    await createUser(t.db(), { email: 'ed@acme.example', language: 'en', grants: [{ groupId: c.groupId, roleId: 'configuration-editor' }], nowMs: t.clock.now });
    await createUser(t.db(), { email: 'tess@candela.example', staffRole: 'tsc-technician', nowMs: t.clock.now });
    ana = await signIn(t, 'ana@acme.example');
    ed = await signIn(t, 'ed@acme.example');
    tess = await signIn(t, 'tess@candela.example');
    await activeProperties(t, ana, scid, [['www.acme.example']]);
    edge = await enrolTestEdge(t, 'edge-w1');
  });

  it('complete: one mail per notify address in the requester’s language (Spanish), once', async () => {
    t.clock.now += 1_000;
    const request = await invalidate(t, ana, scid, { kind: 'path', properties: ['www.acme.example'], paths: ['/img/*.jpg', '/css/site.css'], notify: 'ops@acme.example, Dev@Acme.example ops@acme.example' });
    assert.deepEqual(await watch(), { completed: 0, alerted: 0, mails: 0 });
    t.clock.now += 2_000;
    await ackInvalidation(t, edge, request.feedSeq, 7, [5, 2]);
    // Two watchers (two control-plane processes) racing: the request is settled and mailed once.
    const [one, two] = await Promise.all([watch(), watch()]);
    assert.equal(one.completed + two.completed, 1);
    assert.equal(one.mails + two.mails, 2);
    assert.ok(woken >= 1, 'the mail sender was woken');
    assert.deepEqual(await watch(), { completed: 0, alerted: 0, mails: 0 });
    const row = await t.db().selectFrom('invalidations').select(['completed_at', 'notified_at']).where('id', '=', request.id).executeTakeFirstOrThrow();
    assert.equal(row.completed_at, t.clock.now);
    assert.equal(row.notified_at, t.clock.now);

    assert.equal(await deliver(), 2);
    for (const address of ['ops@acme.example', 'dev@acme.example']) {
      const [mail, extra] = mailsTo(address);
      assert.ok(mail !== undefined && extra === undefined, `one mail to ${address}`);
      assert.equal(mail.headers.get('subject'), `Invalidación de contenido completada en el servicio ${scid}`);
      assert.match(mail.text ?? '', new RegExp(`La solicitud de invalidación ${request.id} del servicio ${scid}, creada el 2026-11-28 12:00 UTC, se completó: 1 servidor de borde la aplicaron\\.`));
      assert.match(mail.text ?? '', /2 elementos: \/img\/\*\.jpg, \/css\/site\.css\. Objetos en caché afectados: 7\./);
      assert.ok((mail.text ?? '').includes(`${PORTAL}/network-tools/content-invalidation/${request.id}`));
      assert.match(mail.html ?? '', /<html lang="es">/);
    }
  });

  it('an edge acks in force, then its counts: complete at the first ack, settled and mailed (with the counts) at the second', async () => {
    t.clock.now += 1_000;
    const request = await invalidate(t, ed, scid, { kind: 'path', properties: ['www.acme.example'], paths: ['/two/*'], notify: 'two-acks@acme.example' });
    t.clock.now += 500;
    const inForceAt = t.clock.now;
    assert.equal((await ackInForce(t, edge, request.feedSeq)).statusCode, 204);
    const live = await readInvalidation(t, ed, request.id);
    assert.deepEqual([live.status, live.edgesDone, live.edgesTotal, live.edgesCounted, live.objectsMatched, live.completedAt], ['complete', 1, 1, 0, 0, new Date(inForceAt).toISOString()]);
    assert.deepEqual(await watch(), { completed: 0, alerted: 0, mails: 0 }, 'not settled while the edge is still counting');
    t.clock.now += 300;
    await ackInvalidation(t, edge, request.feedSeq, 12, [12]);
    assert.deepEqual(await watch(), { completed: 1, alerted: 0, mails: 1 });
    const settled = await readInvalidation(t, ed, request.id);
    assert.deepEqual([settled.status, settled.edgesCounted, settled.objectsMatched, settled.completedAt], ['complete', 1, 12, new Date(inForceAt).toISOString()], 'completed when it was in force, with the counts');
    assert.equal(await deliver(), 1);
    const [mail] = mailsTo('two-acks@acme.example');
    assert.match(mail!.text ?? '', /Cached objects affected: 12\./);
  });

  it('counts that never come: settled COUNT_GRACE_MS after it completed, with what is known', async () => {
    t.clock.now += 1_000;
    const request = await invalidate(t, ed, scid, { kind: 'path', properties: ['www.acme.example'], paths: ['/lost/*'], notify: '' });
    await ackInForce(t, edge, request.feedSeq);
    const completedAt = t.clock.now;
    t.clock.now = completedAt + COUNT_GRACE_MS - 1;
    assert.equal((await watch()).completed, 0);
    t.clock.now = completedAt + COUNT_GRACE_MS;
    assert.equal((await watch()).completed, 1);
    const row = await t.db().selectFrom('invalidations').select(['completed_at', 'objects_matched', 'edges_done', 'edges_counted']).where('id', '=', request.id).executeTakeFirstOrThrow();
    assert.deepEqual([row.completed_at, row.objects_matched, row.edges_done, row.edges_counted], [completedAt, 0, 1, 0]);
    const shown = await readInvalidation(t, ed, request.id);
    assert.deepEqual([shown.status, shown.edgesDone, shown.edgesCounted], ['complete', 1, 0], 'settled without the counts, and says so');
  });

  it('no notify list: completing sends nothing', async () => {
    t.clock.now += 1_000;
    const request = await invalidate(t, ed, scid, { kind: 'property', properties: ['www.acme.example'] });
    await ackInvalidation(t, edge, request.feedSeq, 1, [1]);
    assert.deepEqual(await watch(), { completed: 1, alerted: 0, mails: 0 });
    assert.equal((await t.db().selectFrom('invalidations').select('notified_at').where('id', '=', request.id).executeTakeFirstOrThrow()).notified_at, null);
  });

  it('open requests are looked at in batches: every one is settled whatever the batch size', async () => {
    const made = [];
    for (let i = 0; i < 5; i++) {
      t.clock.now += 1_000;
      made.push(await invalidate(t, ed, scid, { kind: 'tag', properties: ['www.acme.example'], tags: [`batch-${i}`] }));
    }
    for (const request of made) await ackInvalidation(t, edge, request.feedSeq, 0, [0]);
    const result = await watchInvalidationsOnce({ db: t.db(), hub: t.deps().feed, clock: () => t.clock.now, publicUrl: PORTAL, wakeMailSender: () => undefined, batchSize: 2 });
    assert.deepEqual(result, { completed: 5, alerted: 0, mails: 0 });
  });

  it('12 hours open: the requester is mailed in their language (English), alerted_at is set, staff see it; once', async () => {
    t.clock.now += 1_000;
    const created = t.clock.now;
    const request = await invalidate(t, ed, scid, { kind: 'tag', properties: ['www.acme.example'], tags: ['product-9'], notify: 'team@acme.example' });
    t.clock.now = created + INVALIDATION_ALERT_AFTER_MS - 1;
    assert.deepEqual(await watch(), { completed: 0, alerted: 0, mails: 0 });
    t.clock.now = created + INVALIDATION_ALERT_AFTER_MS;
    const [one, two] = await Promise.all([watch(), watch()]);
    assert.deepEqual({ alerted: one.alerted + two.alerted, mails: one.mails + two.mails }, { alerted: 1, mails: 1 });
    t.clock.now += 60_000;
    assert.deepEqual(await watch(), { completed: 0, alerted: 0, mails: 0 });

    // Twelve hours on, the sessions of the setup have expired.
    [ana, ed, tess] = [await signIn(t, 'ana@acme.example'), await signIn(t, 'ed@acme.example'), await signIn(t, 'tess@candela.example')];
    const shown = await readInvalidation(t, ed, request.id);
    assert.deepEqual([shown.status, shown.alertedAt], ['pending', new Date(created + INVALIDATION_ALERT_AFTER_MS).toISOString()]);
    const audit = await t.db().selectFrom('audit_log').select(['action', 'target_type']).where('target_id', '=', request.id).where('action', '=', 'invalidation.alert').execute();
    assert.deepEqual(audit, [{ action: 'invalidation.alert', target_type: 'invalidation' }]);

    assert.equal(await deliver(), 1);
    const [mail] = mailsTo('ed@acme.example');
    assert.ok(mail !== undefined);
    assert.equal(mail.headers.get('subject'), `Invalidation ${request.id} of service ${scid} has not completed yet`);
    assert.match(mail.text ?? '', /has been open for 12 hours: 0 of 1 edge servers have applied it\./);
    assert.match(mail.text ?? '', /Our technical support team has already been alerted/);

    const staff = await t.inject({ method: 'GET', url: '/api/v1/staff/invalidation-alerts', headers: tess.headers });
    assert.equal(staff.statusCode, 200, staff.body);
    assert.deepEqual(staff.json<{ items: Invalidation[] }>().items.map((i) => [i.id, i.scid, i.status]), [[request.id, scid, 'pending']]);
    const customer = await t.inject({ method: 'GET', url: '/api/v1/staff/invalidation-alerts', headers: ana.headers });
    assert.equal(customer.statusCode, 404);

    // Completing later still notifies the list; an alerted request is not alerted on again.
    await ackInvalidation(t, edge, request.feedSeq, 0, [0]);
    assert.deepEqual(await watch(), { completed: 1, alerted: 0, mails: 1 });
    const after = await t.inject({ method: 'GET', url: '/api/v1/staff/invalidation-alerts?status=complete', headers: tess.headers });
    assert.deepEqual(after.json<{ items: Invalidation[] }>().items.map((i) => [i.id, i.status]), [[request.id, 'complete']]);
  });

  it('an API key’s request: the alert goes to the key’s contact when it is an address', async () => {
    t.clock.now += 1_000;
    const group = (await t.db().selectFrom('services').select('access_group_id').where('scid', '=', scid).executeTakeFirstOrThrow()).access_group_id;
    const keyRes = await t.inject({ method: 'POST', url: `/api/v1/access-groups/${group}/api-keys`, headers: ana.headers, payload: { name: 'deploy', contact: 'Deploy@Acme.example', roleId: 'configuration-editor' } });
    assert.equal(keyRes.statusCode, 201, keyRes.body);
    const key = keyRes.json<{ key: { id: string }; secret: string }>();
    const res = await signedInject(t, { keyId: key.key.id, secret: key.secret, method: 'POST', url: `/api/v1/services/${scid}/invalidations`, payload: JSON.stringify({ kind: 'property', properties: ['www.acme.example'] }) });
    assert.equal(res.statusCode, 202, res.body);
    const request = res.json<Invalidation>();
    assert.equal(request.requestedBy, `deploy (${key.key.id})`);
    t.clock.now += INVALIDATION_ALERT_AFTER_MS;
    assert.deepEqual(await watch(), { completed: 0, alerted: 1, mails: 1 });
    const mails = await t.db().selectFrom('mail_outbox').select(['to_address', 'template']).where('template', '=', 'invalidation-alert').where('to_address', '=', 'deploy@acme.example').execute();
    assert.equal(mails.length, 1);
  });
});
