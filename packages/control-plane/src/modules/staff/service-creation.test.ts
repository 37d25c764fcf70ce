import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachDatabase } from '../../db/test-databases.js';
import { createCustomer } from '../../test-support/fixtures.js';
import { SCID_ATTEMPTS, createService } from './service-creation.js';

const NOW = Date.UTC(2026, 10, 28, 12);
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Random bytes that spell out the given SCIDs in turn (byte i ↦ ALPHABET[i], see generateScid). */
function spelling(...scids: string[]) {
  let call = 0;
  return (size: number): Uint8Array => {
    const scid = scids[Math.min(call, scids.length - 1)] ?? '';
    call += 1;
    return Uint8Array.from(scid.slice(0, size), (c) => ALPHABET.indexOf(c));
  };
}

forEachDatabase('new services (domain.md §1: unique SCIDs)', (ctx) => {
  const audit = { caller: undefined, requestId: 'req_test', nowMs: NOW };

  it('a generated SCID that is already taken is replaced by a fresh one, audited once', async () => {
    const customer = await createCustomer(ctx.db(), { name: 'Acme', services: 1, nowMs: NOW });
    const taken = customer.scids[0]!;
    const row = await createService(ctx.db(), { customerId: customer.groupId, name: 'Video', product: 'caching', random: spelling(taken, 'NEWSCID01'), audit });
    assert.equal(row.scid, 'NEWSCID01');
    const stored = await ctx.db().selectFrom('services').selectAll().where('access_group_id', '=', customer.groupId).orderBy('scid').execute();
    assert.deepEqual(stored.map((s) => s.scid).sort(), [taken, 'NEWSCID01'].sort());
    assert.equal(stored.find((s) => s.scid === taken)?.name, 'Acme service 1', 'the existing service is untouched');
    const entries = await ctx.db().selectFrom('audit_log').select(['target_id']).where('action', '=', 'service.create').execute();
    assert.deepEqual(entries.map((e) => e.target_id), ['NEWSCID01'], 'no entry for the failed attempt');
  });

  it(`gives up after ${SCID_ATTEMPTS} clashes in a row rather than loop`, async () => {
    const customer = await createCustomer(ctx.db(), { name: 'Globex', services: 1, nowMs: NOW });
    await assert.rejects(
      createService(ctx.db(), { customerId: customer.groupId, name: 'Video', product: 'caching', random: spelling(customer.scids[0]!), audit }),
      /no free SCID after 5 attempts/,
    );
  });
});
