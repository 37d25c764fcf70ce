import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Invalidation, InvalidationEvent } from '@candela/contract';
import { forEachApp } from '../../test-support/test-app.js';
import { createCustomer, createUser, signIn } from '../../test-support/fixtures.js';
import type { SignedIn } from '../../test-support/fixtures.js';
import { signedInject } from '../api-keys/test-signing.js';
import { enrolTestEdge } from '../edges/edge-client.fixture.js';
import { activeProperties, invalidate, postInvalidation } from './invalidation.fixture.js';

interface ErrorBody {
  error: { code: string; message: string; details?: { pointer: string; code?: string; message: string }[] };
}

const details = (body: string) => (JSON.parse(body) as ErrorBody).error.details?.map((d) => [d.pointer, d.code]) ?? [];

forEachApp('content invalidation: requests, validation, access', (t) => {
  let alice: SignedIn; // A, domain admin (English)
  let ana: SignedIn; // A, configuration editor (Spanish)
  let rita: SignedIn; // A, reporting (read-only)
  let bill: SignedIn; // A, billing (neither reads nor invalidates)
  let ivan: SignedIn; // A, a custom role holding only content:invalidate
  let gus: SignedIn; // B, domain admin
  let tess: SignedIn; // staff, TSC technician
  let aGroup = '';
  let aScid = '';
  let aOther = ''; // A's second service
  let bScid = '';
  let first: Invalidation;

  it('setup: two customers with active properties, an edge, and the people', async () => {
    const now = t.clock.now;
    const a = await createCustomer(t.db(), { name: 'Acme', nowMs: now });
    const b = await createCustomer(t.db(), { name: 'Globex', nowMs: now });
    [aGroup, aScid, aOther, bScid] = [a.groupId, a.scids[0]!, a.scids[1]!, b.scids[0]!];
    await createUser(t.db(), { email: 'alice@acme.example', grants: [{ groupId: a.groupId, roleId: 'domain-admin' }], nowMs: now });
    await createUser(t.db(), { email: 'ana@acme.example', language: 'es', grants: [{ groupId: a.groupId, roleId: 'configuration-editor' }], nowMs: now });
    await createUser(t.db(), { email: 'rita@acme.example', grants: [{ groupId: a.groupId, roleId: 'reporting' }], nowMs: now });
    await createUser(t.db(), { email: 'bill@acme.example', grants: [{ groupId: a.groupId, roleId: 'billing' }], nowMs: now });
    await createUser(t.db(), { email: 'gus@globex.example', grants: [{ groupId: b.groupId, roleId: 'domain-admin' }], nowMs: now });
    await createUser(t.db(), { email: 'tess@candela.example', staffRole: 'tsc-technician', nowMs: now });
    [alice, ana, rita, bill, gus, tess] = [
      await signIn(t, 'alice@acme.example'),
      await signIn(t, 'ana@acme.example'),
      await signIn(t, 'rita@acme.example'),
      await signIn(t, 'bill@acme.example'),
      await signIn(t, 'gus@globex.example'),
      await signIn(t, 'tess@candela.example'),
    ];
    const role = await t.inject({ method: 'POST', url: `/api/v1/access-groups/${aGroup}/roles`, headers: alice.headers, payload: { name: 'Purgers', permissions: ['content:invalidate'] } });
    assert.equal(role.statusCode, 201, role.body);
    await createUser(t.db(), { email: 'ivan@acme.example', grants: [{ groupId: a.groupId, roleId: role.json<{ id: string }>().id }], nowMs: now });
    ivan = await signIn(t, 'ivan@acme.example');

    await activeProperties(t, alice, aScid, [['www.a.example', 'a.example'], ['img.a.example']]);
    await activeProperties(t, alice, aScid, [['stage.a.example']], 'staging');
    await activeProperties(t, alice, aOther, [['other.a.example']]);
    await activeProperties(t, gus, bScid, [['www.b.example']]);
    await enrolTestEdge(t, 'edge-routes-1');
  });

  it('a path request: 202 with the request, pending on the one edge; the feed event and the audit entry are written with it', async () => {
    const res = await postInvalidation(t, alice, aScid, { kind: 'path', properties: ['www.a.example', 'img.a.example'], paths: ['/img/*.jpg', 'css/site.css'], notify: 'ops@acme.example, dev@acme.example' });
    assert.equal(res.statusCode, 202, res.body);
    first = res.json<Invalidation>();
    assert.match(first.id, /^inv_/);
    assert.deepEqual(
      { ...first, id: '', feedSeq: 0, createdAt: '' },
      {
        id: '',
        scid: aScid,
        kind: 'path',
        type: 'normal',
        properties: ['www.a.example', 'img.a.example'],
        items: [
          { value: '/img/*.jpg', objectsMatched: 0 },
          { value: 'css/site.css', objectsMatched: 0 },
        ],
        ignoreCase: false,
        notify: ['ops@acme.example', 'dev@acme.example'],
        status: 'pending',
        edgesDone: 0,
        edgesCounted: 0,
        edgesTotal: 1,
        objectsMatched: 0,
        feedSeq: 0,
        requestedBy: 'alice@acme.example',
        createdAt: '',
        completedAt: null,
        alertedAt: null,
      },
    );
    assert.equal(first.createdAt, new Date(t.clock.now).toISOString());
    const stored = await t.db().selectFrom('feed_events').selectAll().where('seq', '=', first.feedSeq).executeTakeFirstOrThrow();
    assert.equal(stored.kind, 'invalidation');
    const event = JSON.parse(stored.payload) as InvalidationEvent;
    assert.deepEqual(event, {
      seq: first.feedSeq,
      at: t.clock.now,
      kind: 'invalidation',
      invalidation: {
        id: first.id,
        itemCount: 2,
        requests: [
          { type: 'path', property: 'www.a.example', patterns: ['/img/*.jpg', 'css/site.css'], ignoreCase: false, mode: 'soft' },
          { type: 'path', property: 'img.a.example', patterns: ['/img/*.jpg', 'css/site.css'], ignoreCase: false, mode: 'soft' },
        ],
      },
    });
    const audit = await t.db().selectFrom('audit_log').select(['action', 'access_group_id', 'target_type', 'after_json']).where('target_id', '=', first.id).execute();
    assert.equal(audit.length, 1);
    assert.deepEqual([audit[0]!.action, audit[0]!.access_group_id, audit[0]!.target_type], ['invalidation.create', aGroup, 'invalidation']);
    assert.deepEqual(JSON.parse(audit[0]!.after_json ?? '{}'), { scid: aScid, kind: 'path', type: 'normal', properties: ['www.a.example', 'img.a.example'], ignoreCase: false, itemCount: 2, items: ['/img/*.jpg', 'css/site.css'], feedSeq: first.feedSeq });
  });

  it('tag and whole-property requests, Force = hard; any active alias (staging too) names a property', async () => {
    t.clock.now += 1_000;
    const tag = await invalidate(t, ana, aScid, { kind: 'tag', properties: ['a.example'], tags: ['product-1', 'Ünïcode tag'], type: 'force' });
    assert.deepEqual([tag.kind, tag.type, tag.items.map((i) => i.value), tag.requestedBy], ['tag', 'force', ['product-1', 'Ünïcode tag'], 'ana@acme.example']);
    t.clock.now += 1_000;
    const whole = await invalidate(t, ivan, aScid, { kind: 'property', properties: ['stage.a.example', 'www.a.example'] });
    assert.deepEqual(whole.items.map((i) => i.value), ['stage.a.example', 'www.a.example']);
    const payload = await t.db().selectFrom('feed_events').select('payload').where('seq', '=', whole.feedSeq).executeTakeFirstOrThrow();
    assert.deepEqual((JSON.parse(payload.payload) as InvalidationEvent).invalidation.requests, [
      { type: 'property', property: 'stage.a.example', mode: 'soft' },
      { type: 'property', property: 'www.a.example', mode: 'soft' },
    ]);
    t.clock.now += 1_000;
    const paths = await invalidate(t, alice, aScid, { kind: 'path', properties: ['WWW.A.EXAMPLE'], paths: ['/Docs/*'], ignoreCase: true, type: 'force' });
    assert.deepEqual([paths.properties, paths.ignoreCase], [['www.a.example'], true]);
  });

  it('a bad pattern is refused with its position, in the caller’s language, at /paths/<i>; nothing is written', async () => {
    const before = await t.db().selectFrom('feed_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const res = await postInvalidation(t, ana, aScid, { kind: 'path', properties: ['www.a.example'], paths: ['/fine', '/img/[a-z.jpg', '/x{2,1}'] });
    assert.equal(res.statusCode, 400, res.body);
    const body = res.json<ErrorBody>();
    assert.equal(body.error.code, 'VALIDATION_FAILED');
    assert.deepEqual(details(res.body), [
      ['/paths/1', 'pattern.unclosedSet'],
      ['/paths/2', 'pattern.badRepeat'],
    ]);
    assert.equal(body.error.details?.[0]?.message, 'el conjunto abierto en el carácter 6 no tiene "]" de cierre');
    const english = await postInvalidation(t, alice, aScid, { kind: 'path', properties: ['www.a.example'], paths: ['/img/[a-z.jpg'] });
    assert.equal(english.json<ErrorBody>().error.details?.[0]?.message, 'the set opened at character 6 has no closing "]"');
    const after = await t.db().selectFrom('feed_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
  });

  it('the body’s own rules: paths for kind path only, tags for kind tag only, addresses in notify', async () => {
    const cases: [Record<string, unknown>, [string, string | undefined][]][] = [
      [{ kind: 'path', properties: ['www.a.example'] }, [['/paths', 'invalidation.pathsRequired']]],
      [{ kind: 'tag', properties: ['www.a.example'], tags: ['x'], paths: ['/a'] }, [['/paths', 'invalidation.pathsNotAllowed']]],
      [{ kind: 'property', properties: ['www.a.example'], ignoreCase: true }, [['/ignoreCase', 'invalidation.ignoreCaseOnlyForPaths']]],
      [{ kind: 'property', properties: ['www.a.example'], notify: 'ops@acme.example; not-an-address' }, [['/notify', 'invalidation.notifyAddress']]],
      [{ kind: 'property', properties: ['www.a.example', 'WWW.a.example'] }, [['/properties', 'invalidation.duplicateProperty']]],
    ];
    for (const [body, expected] of cases) {
      const res = await postInvalidation(t, alice, aScid, body);
      assert.equal(res.statusCode, 400, res.body);
      assert.deepEqual(details(res.body), expected, JSON.stringify(body));
    }
  });

  it('a property not active in this service is 404, the same whether it is unknown, another service’s or another customer’s', async () => {
    const answers = [];
    for (const alias of ['www.b.example', 'nothing.example', 'other.a.example']) {
      const res = await postInvalidation(t, alice, aScid, { kind: 'property', properties: ['www.a.example', alias] });
      assert.equal(res.statusCode, 404, res.body);
      const body = res.json<ErrorBody>();
      assert.equal(body.error.code, 'NOT_FOUND');
      answers.push(body.error.details?.map((d) => [d.pointer, d.code, d.message.replace(alias, '<alias>')]));
      for (const secret of [bScid, 'Globex', aOther]) assert.ok(!res.body.includes(secret), `the answer mentions ${secret}`);
    }
    assert.deepEqual(answers[0], [['/properties/1', 'invalidation.propertyUnknown', 'no property of this service is active under the alias "<alias>"']]);
    assert.deepEqual(answers[1], answers[0]);
    assert.deepEqual(answers[2], answers[0]);
  });

  it('another customer: 404 on the service, its history and its requests (session and API key)', async () => {
    const post = await postInvalidation(t, gus, aScid, { kind: 'property', properties: ['www.a.example'] });
    const list = await t.inject({ method: 'GET', url: `/api/v1/services/${aScid}/invalidations`, headers: gus.headers });
    const one = await t.inject({ method: 'GET', url: `/api/v1/invalidations/${first.id}`, headers: gus.headers });
    const unknown = await t.inject({ method: 'GET', url: '/api/v1/invalidations/inv_nope', headers: alice.headers });
    for (const res of [post, list, one, unknown]) {
      assert.equal(res.statusCode, 404, res.body);
      assert.equal(res.json<ErrorBody>().error.code, 'NOT_FOUND');
      assert.ok(!res.body.includes('www.a.example'));
    }
    // B's own service cannot name A's property either.
    const own = await postInvalidation(t, gus, bScid, { kind: 'property', properties: ['www.a.example'] });
    assert.equal(own.statusCode, 404, own.body);
    const created = await t.inject({ method: 'POST', url: `/api/v1/access-groups/${(await t.db().selectFrom('services').select('access_group_id').where('scid', '=', bScid).executeTakeFirstOrThrow()).access_group_id}/api-keys`, headers: gus.headers, payload: { name: 'globex-ci', contact: 'gus@globex.example', roleId: 'domain-admin' } });
    const key = created.json<{ key: { id: string }; secret: string }>();
    t.clock.now += 1_000;
    const signed = await signedInject(t, { keyId: key.key.id, secret: key.secret, method: 'POST', url: `/api/v1/services/${aScid}/invalidations`, payload: JSON.stringify({ kind: 'property', properties: ['www.a.example'] }) });
    assert.equal(signed.statusCode, 404, signed.body);
  });

  it('roles: reading needs content:invalidate or configurations:view; creating needs content:invalidate (403 within the customer)', async () => {
    const denied = await postInvalidation(t, rita, aScid, { kind: 'property', properties: ['www.a.example'] });
    assert.equal(denied.statusCode, 403, denied.body);
    assert.equal(denied.json<ErrorBody>().error.code, 'FORBIDDEN');
    for (const who of [rita, ivan, ana]) {
      const list = await t.inject({ method: 'GET', url: `/api/v1/services/${aScid}/invalidations`, headers: who.headers });
      assert.equal(list.statusCode, 200, list.body);
      const one = await t.inject({ method: 'GET', url: `/api/v1/invalidations/${first.id}`, headers: who.headers });
      assert.equal(one.statusCode, 200, one.body);
    }
    const billing = await t.inject({ method: 'GET', url: `/api/v1/invalidations/${first.id}`, headers: bill.headers });
    assert.equal(billing.statusCode, 403, billing.body);
    assert.equal((await postInvalidation(t, bill, aScid, { kind: 'property', properties: ['www.a.example'] })).statusCode, 403);
  });

  it('staff with configurations:view read the history (audited as staff.read) but cannot invalidate', async () => {
    const res = await t.inject({ method: 'GET', url: `/api/v1/invalidations/${first.id}`, headers: tess.headers });
    assert.equal(res.statusCode, 200, res.body);
    const reads = await t.db().selectFrom('audit_log').select(['action', 'access_group_id', 'target_type']).where('target_id', '=', first.id).where('action', '=', 'staff.read').execute();
    assert.deepEqual(reads, [{ action: 'staff.read', access_group_id: aGroup, target_type: 'invalidation' }]);
    const post = await postInvalidation(t, tess, aScid, { kind: 'property', properties: ['www.a.example'] });
    assert.equal(post.statusCode, 403, post.body);
  });

  it('history: newest first, paged, and searchable by status, property, contained text and time', async () => {
    const url = (query: string) => `/api/v1/services/${aScid}/invalidations${query}`;
    const get = async (query: string) => {
      const res = await t.inject({ method: 'GET', url: url(query), headers: alice.headers });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<{ items: Invalidation[]; nextCursor: string | null }>();
    };
    const all = await get('');
    assert.equal(all.items.length, 4);
    assert.equal(all.items.at(-1)?.id, first.id, 'the first request is the oldest');
    assert.ok(all.items.every((item) => item.scid === aScid));
    const page1 = await get('?limit=3');
    assert.equal(page1.items.length, 3);
    assert.notEqual(page1.nextCursor, null);
    const page2 = await get(`?limit=3&cursor=${page1.nextCursor}`);
    assert.deepEqual([...page1.items, ...page2.items].map((i) => i.id), all.items.map((i) => i.id));
    assert.equal(page2.nextCursor, null);
    assert.deepEqual((await get('?property=img.a.example')).items.map((i) => i.id), [first.id]);
    assert.deepEqual((await get('?contains=SITE.CSS')).items.map((i) => i.id), [first.id]);
    assert.equal((await get('?contains=%C3%9Cn%C3%AFcode')).items.length, 1, 'non-ASCII text is found too');
    assert.equal((await get('?contains=100%25')).items.length, 0, 'a % is a literal, not a wildcard');
    assert.equal((await get('?status=pending')).items.length, 4);
    assert.equal((await get('?status=complete')).items.length, 0);
    assert.equal((await get(`?from=${encodeURIComponent(new Date(t.clock.now + 1).toISOString())}`)).items.length, 0);
    assert.equal((await get(`?to=${encodeURIComponent(new Date(t.clock.now + 1).toISOString())}`)).items.length, 4);
    const bad = await t.inject({ method: 'GET', url: url('?cursor=bogus'), headers: alice.headers });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(details(bad.body), [['/querystring/cursor', 'paging.cursorUnknown']]);
  });
});

forEachApp('content invalidation: rate limits per access group', (t) => {
  let carla: SignedIn;
  let cGroup = '';
  let cScid = '';
  let dave: SignedIn;
  let dScid = '';

  it('setup: two customers with one active property each', async () => {
    const now = t.clock.now;
    const c = await createCustomer(t.db(), { name: 'Initech', services: 1, nowMs: now });
    const d = await createCustomer(t.db(), { name: 'Hooli', services: 1, nowMs: now });
    [cGroup, cScid, dScid] = [c.groupId, c.scids[0]!, d.scids[0]!];
    await createUser(t.db(), { email: 'carla@initech.example', grants: [{ groupId: c.groupId, roleId: 'domain-admin' }], nowMs: now });
    await createUser(t.db(), { email: 'dave@hooli.example', grants: [{ groupId: d.groupId, roleId: 'domain-admin' }], nowMs: now });
    carla = await signIn(t, 'carla@initech.example');
    dave = await signIn(t, 'dave@hooli.example');
    await activeProperties(t, carla, cScid, [['www.initech.example']]);
    await activeProperties(t, dave, dScid, [['www.hooli.example']]);
  });

  it('the 61st request within a minute is 429 RATE_LIMITED with Retry-After; another group is not affected; a minute later it passes', async () => {
    const start = t.clock.now;
    for (let i = 0; i < 60; i++) {
      t.clock.now = start + i * 500;
      const res = await postInvalidation(t, carla, cScid, { kind: 'path', properties: ['www.initech.example'], paths: [`/p/${i}`] });
      assert.equal(res.statusCode, 202, `request ${i + 1}: ${res.body}`);
    }
    t.clock.now = start + 30_000;
    const refused = await postInvalidation(t, carla, cScid, { kind: 'path', properties: ['www.initech.example'], paths: ['/one-too-many'] });
    assert.equal(refused.statusCode, 429, refused.body);
    assert.equal(refused.json<ErrorBody>().error.code, 'RATE_LIMITED');
    // The first request (made at `start`) leaves the window at start + 60 s.
    assert.equal(refused.headers['retry-after'], '30');
    const rows = await t.db().selectFrom('invalidations').select('id').where('scid', '=', cScid).execute();
    assert.equal(rows.length, 60, 'the refused request was not stored');
    assert.equal((await postInvalidation(t, dave, dScid, { kind: 'property', properties: ['www.hooli.example'] })).statusCode, 202);
    t.clock.now = start + 60_000;
    assert.equal((await postInvalidation(t, carla, cScid, { kind: 'path', properties: ['www.initech.example'], paths: ['/now'] })).statusCode, 202);
  });

  it('items per hour: a request that would pass 10 000 items in the hour is refused until enough of them are an hour old', async () => {
    const now = t.clock.now;
    // 9 900 items made 30 minutes ago (written as other processes would have: straight to the table).
    const seq = 1_000_000;
    await t.db()
      .insertInto('invalidations')
      .values({ id: 'inv_bulk', scid: cScid, access_group_id: cGroup, kind: 'path', type: 'normal', properties: '["www.initech.example"]', items: '[]', item_count: 9_900, search_text: '[]', ignore_case: 0, notify: '[]', requested_by: 'x', requester_email: null, language: 'en', feed_seq: seq, created_at: now - 1_800_000, completed_at: now - 1_700_000, edges_total: 0, edges_done: 0, objects_matched: 0, items_matched: '[]', alerted_at: null, notified_at: null })
      .execute();
    t.clock.now = now + 61_000; // past the per-minute window of the previous test
    const paths = (n: number) => Array.from({ length: n }, (_, i) => `/bulk/${i}`);
    const refused = await postInvalidation(t, carla, cScid, { kind: 'path', properties: ['www.initech.example'], paths: paths(200) });
    assert.equal(refused.statusCode, 429, refused.body);
    assert.equal(Number(refused.headers['retry-after']), 1_800 - 61);
    // The 61 items of the previous test plus 9 900 leave room for 39 more.
    assert.equal((await postInvalidation(t, carla, cScid, { kind: 'path', properties: ['www.initech.example'], paths: paths(39) })).statusCode, 202);
    assert.equal((await postInvalidation(t, carla, cScid, { kind: 'path', properties: ['www.initech.example'], paths: paths(1) })).statusCode, 429);
  });
});
