// Every table written and read back on both databases must give the same JS values: numbers as numbers
// (epoch-ms past 2^31 included), nulls as null, flags as 0/1, defaults filled in. Each expectation below is
// one literal shared by both dialects, so a dialect that differs fails here.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { forEachDatabase } from './test-databases.js';

/** 2025-11-28T06:40:00Z: far past 2^31, so an int4 column or a string-returning int8 would show. */
const T = 1_764_312_000_000;

forEachDatabase('schema round trip', ({ db }) => {
  it('access_groups, services and access_group_services', async () => {
    const groups = [
      { id: 'ag-child', parent_id: 'ag-top', name: 'Acme Web', customer_number: null, created_at: T + 1 },
      { id: 'ag-top', parent_id: null, name: 'Acme', customer_number: '0012345678', created_at: T },
    ];
    await db().insertInto('access_groups').values([groups[1]!, groups[0]!]).execute();
    assert.deepStrictEqual(await db().selectFrom('access_groups').selectAll().orderBy('id').execute(), groups);

    const service = { scid: 'ABC123XYZ', access_group_id: 'ag-top', name: 'www.acme.example', product: 'cdn', created_at: T };
    await db().insertInto('services').values(service).execute();
    assert.deepStrictEqual(await db().selectFrom('services').selectAll().execute(), [service]);

    const held = { access_group_id: 'ag-child', scid: 'ABC123XYZ' };
    await db().insertInto('access_group_services').values(held).execute();
    assert.deepStrictEqual(await db().selectFrom('access_group_services').selectAll().execute(), [held]);
  });

  it('users, with defaults and nulls', async () => {
    const ana = {
      id: 'u-ana',
      email: 'ana@acme.example',
      display_name: 'Ana Núñez',
      language: 'es' as const,
      status: 'active' as const,
      password_hash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
      failed_sign_ins: 3,
      locked_until_at: T + 30 * 60_000,
      last_failed_sign_in_at: T - 5,
      last_sign_in_at: T - 1,
      staff_role: null,
      reactivated_at: null,
      created_at: T - 86_400_000,
    };
    await db().insertInto('users').values(ana).execute();
    await db()
      .insertInto('users')
      .values({ id: 'u-tsc', email: 'tsc@candela.example', display_name: 'TSC', language: 'en', status: 'inactive', staff_role: 'tsc-technician', created_at: T })
      .execute();
    assert.deepStrictEqual(await db().selectFrom('users').selectAll().orderBy('id').execute(), [
      ana,
      {
        id: 'u-tsc',
        email: 'tsc@candela.example',
        display_name: 'TSC',
        language: 'en',
        status: 'inactive',
        password_hash: null,
        failed_sign_ins: 0,
        locked_until_at: null,
        last_failed_sign_in_at: null,
        last_sign_in_at: null,
        staff_role: 'tsc-technician',
        reactivated_at: null,
        created_at: T,
      },
    ]);
  });

  it('roles (built_in as 0/1) and user_roles', async () => {
    const roles = [
      { id: 'domain-admin', access_group_id: null, name: 'Domain admin', built_in: 1 as const, permissions: '["roles:manage","users:manage"]' },
      { id: 'r-night-shift', access_group_id: 'ag-top', name: 'Night shift', built_in: 0 as const, permissions: '[]' },
    ];
    await db().insertInto('roles').values(roles).execute();
    assert.deepStrictEqual(await db().selectFrom('roles').selectAll().orderBy('id').execute(), roles);

    const grant = { user_id: 'u-ana', access_group_id: 'ag-top', role_id: 'domain-admin' };
    await db().insertInto('user_roles').values(grant).execute();
    assert.deepStrictEqual(await db().selectFrom('user_roles').selectAll().execute(), [grant]);
  });

  it('api_keys', async () => {
    const key = {
      id: 'k-1',
      access_group_id: 'ag-top',
      role_id: 'r-night-shift',
      name: 'deploy bot',
      contact: 'ops@acme.example',
      notes: '',
      secret_hash: 'c2VjcmV0',
      secret_sealed: 'v1.a.b.c',
      warned_at: null,
      status: 'active' as const,
      last_used_at: null,
      created_at: T,
      regenerated_at: T + 5,
      reactivated_at: T + 6,
    };
    await db().insertInto('api_keys').values(key).execute();
    assert.deepStrictEqual(await db().selectFrom('api_keys').selectAll().execute(), [key]);
  });

  it('audit_log', async () => {
    const full = {
      id: 'a-1',
      at: T,
      actor_user_id: 'u-admin',
      acting_as_user_id: 'u-ana',
      api_key_id: null,
      access_group_id: 'ag-top',
      action: 'user.update',
      target_type: 'user',
      target_id: 'u-ana',
      before_json: '{"status":"inactive"}',
      after_json: '{"status":"active"}',
      request_id: 'req-1',
    };
    const bare = {
      id: 'a-2',
      at: T + 1,
      actor_user_id: null,
      acting_as_user_id: null,
      api_key_id: 'k-1',
      access_group_id: null,
      action: 'api-key.use',
      target_type: 'api_key',
      target_id: 'k-1',
      before_json: null,
      after_json: null,
      request_id: 'req-2',
    };
    await db().insertInto('audit_log').values([full, bare]).execute();
    assert.deepStrictEqual(await db().selectFrom('audit_log').selectAll().orderBy('at').execute(), [full, bare]);
  });

  it('sessions', async () => {
    const session = { id: 'sha256:abc', user_id: 'u-ana', mimic_user_id: null, csrf_token: 'csrf', created_at: T, expires_at: T + 3_600_000 };
    await db().insertInto('sessions').values(session).execute();
    assert.deepStrictEqual(await db().selectFrom('sessions').selectAll().execute(), [session]);
  });

  it('mail_outbox, attempts defaulting to 0', async () => {
    await db()
      .insertInto('mail_outbox')
      .values({ id: 'm-1', to_address: 'ana@acme.example', language: 'es', template: 'invitation', subject: 'Invitación', body_text: 'Hola', body_html: null, created_at: T })
      .execute();
    assert.deepStrictEqual(await db().selectFrom('mail_outbox').selectAll().execute(), [
      {
        id: 'm-1',
        to_address: 'ana@acme.example',
        language: 'es',
        template: 'invitation',
        subject: 'Invitación',
        body_text: 'Hola',
        body_html: null,
        created_at: T,
        sent_at: null,
        attempts: 0,
        last_error: null,
        claimed_by: null,
        claimed_until: null,
      },
    ]);
    await db().updateTable('mail_outbox').set({ sent_at: T + 10, attempts: 2, last_error: 'timeout', claimed_by: 'host:42:ab12', claimed_until: T + 600_000 }).where('id', '=', 'm-1').execute();
    const sent = await db().selectFrom('mail_outbox').select(['sent_at', 'attempts', 'last_error', 'claimed_by', 'claimed_until']).executeTakeFirstOrThrow();
    assert.deepStrictEqual(sent, { sent_at: T + 10, attempts: 2, last_error: 'timeout', claimed_by: 'host:42:ab12', claimed_until: T + 600_000 });
  });

  it('contacts', async () => {
    const contacts = [
      { id: 'c-am', access_group_id: 'ag-top', kind: 'account_manager' as const, country: null, name: 'Luis', email: 'luis@candela.example', phone: null, hours: null },
      { id: 'c-tsc-co', access_group_id: 'ag-top', kind: 'tsc' as const, country: 'CO', name: 'TSC Colombia', email: 'tsc.co@candela.example', phone: '+57 1 555 0100', hours: '24×7' },
    ];
    await db().insertInto('contacts').values(contacts).execute();
    assert.deepStrictEqual(await db().selectFrom('contacts').selectAll().orderBy('id').execute(), contacts);
  });

  it('invalidations and the matched counts of edge acks (epoch-ms and object counts past 2^31)', async () => {
    const row = {
      id: 'inv-1',
      scid: 'ABC123XYZ',
      access_group_id: 'ag-top',
      kind: 'path' as const,
      type: 'force' as const,
      properties: '["www.acme.example"]',
      items: '["/img/*.jpg"]',
      item_count: 1,
      search_text: '["/img/*.jpg"]',
      ignore_case: 1 as const,
      notify: '[]',
      requested_by: 'ana@acme.example',
      requester_email: 'ana@acme.example',
      language: 'es' as const,
      feed_seq: 2 ** 33,
      created_at: T,
      completed_at: T + 900,
      edges_total: 3,
      edges_done: 3,
      edges_counted: 2,
      objects_matched: 2 ** 32 + 5,
      items_matched: '[4294967301]',
      alerted_at: null,
      notified_at: T + 1_000,
    };
    await db().insertInto('invalidations').values(row).execute();
    assert.deepStrictEqual(await db().selectFrom('invalidations').selectAll().execute(), [row]);

    await db().insertInto('edges').values({ id: 'e-1', name: 'edge-1', region: 'eu', metro: 'mad', token_hash: 'h', health: null, last_heartbeat_at: null, removed_at: null, enrolled_at: T }).execute();
    await db().insertInto('edge_acks').values([
      { edge_id: 'e-1', seq: 1, ok: 1, problems: '[]', created_at: T },
      { edge_id: 'e-1', seq: 2 ** 33, ok: 1, problems: '[]', created_at: T + 1, matched: 2 ** 32 + 5, matched_by_item: '[4294967301]' },
    ]).execute();
    const acks = await db().selectFrom('edge_acks').select(['seq', 'matched', 'matched_by_item']).orderBy('seq').execute();
    assert.deepStrictEqual(acks, [
      { seq: 1, matched: null, matched_by_item: null },
      { seq: 2 ** 33, matched: 2 ** 32 + 5, matched_by_item: '[4294967301]' },
    ]);
  });

  it('count(*) is a number on both', async () => {
    const { n } = await db().selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.strictEqual(n, 2);
  });
});
