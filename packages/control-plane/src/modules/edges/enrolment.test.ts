import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it, test } from 'node:test';
import { buildApp } from '../../api/app.js';
import { RateLimiter } from '../../auth/rate-limiter.js';
import { forEachApp } from '../../test-support/test-app.js';
import { heartbeat } from './edge-client.fixture.js';
import { hashToken } from './edge-token.js';
import { enrolmentToken, ENROLMENT_TOKEN_FILE, loadOrCreateEnrolmentToken } from './enrolment-token.js';

interface Enrolled {
  edgeId: string;
  edgeToken: string;
  feed: Record<string, unknown>;
}

test('enrolment token: generated once into the data directory, owner-only, and kept', () => {
  const dir = mkdtempSync(join(tmpdir(), 'candela-enrol-'));
  const first = loadOrCreateEnrolmentToken(dir);
  assert.ok(first.length >= 40);
  assert.equal(statSync(join(dir, ENROLMENT_TOKEN_FILE)).mode & 0o777, 0o600);
  assert.equal(loadOrCreateEnrolmentToken(dir), first);
  // A configured token wins and nothing is read from the directory.
  assert.equal(enrolmentToken({ edgeEnrolmentToken: 'configured-token-0123', dataDir: '/nonexistent' }), 'configured-token-0123');
});

forEachApp('edge enrolment', (t) => {
  const enrol = (body: Record<string, unknown>) => t.inject({ method: 'POST', url: '/api/v1/edges/enrol', payload: { name: 'edge-1', region: 'eu-west', metro: 'mad', ...body } });

  it('a wrong token is 401 ENROLMENT_TOKEN_INVALID; a too short one a validation error', async () => {
    const wrong = await enrol({ enrolmentToken: 'x'.repeat(43) });
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json<{ error: { code: string } }>().error.code, 'ENROLMENT_TOKEN_INVALID');
    const short = await enrol({ enrolmentToken: 'short' });
    assert.equal(short.statusCode, 400);
    assert.equal(await t.db().selectFrom('edges').select('id').executeTakeFirst(), undefined);
  });

  let first: Enrolled;
  it('the data directory’s token enrols: 201 with the edge id, its token (stored only as a hash) and the HTTP feed', async () => {
    const res = await enrol({ enrolmentToken: enrolmentToken(t.deps().config) });
    assert.equal(res.statusCode, 201, res.body);
    first = res.json<Enrolled>();
    assert.match(first.edgeId, /^edg_/);
    assert.ok(first.edgeToken.startsWith(`${first.edgeId}.`));
    assert.deepEqual(first.feed, { transport: 'http' });
    const row = await t.db().selectFrom('edges').selectAll().where('id', '=', first.edgeId).executeTakeFirstOrThrow();
    assert.equal(row.token_hash, hashToken(first.edgeToken));
    assert.ok(!JSON.stringify(row).includes(first.edgeToken.split('.')[1]!));
    assert.deepEqual([row.name, row.region, row.metro, row.removed_at, row.last_heartbeat_at], ['edge-1', 'eu-west', 'mad', null, null]);
    const audit = await t.db().selectFrom('audit_log').select(['action', 'target_id']).where('target_type', '=', 'edge').execute();
    assert.deepEqual(audit, [{ action: 'edge.enrol', target_id: first.edgeId }]);
  });

  it('enrolling again under the same name keeps the id, replaces the token (the old one dies) and returns a removed edge to the fleet', async () => {
    await t.db().updateTable('edges').set({ removed_at: t.clock.now }).where('id', '=', first.edgeId).execute();
    const res = await enrol({ enrolmentToken: enrolmentToken(t.deps().config), region: 'eu-south' });
    assert.equal(res.statusCode, 201, res.body);
    const second = res.json<Enrolled>();
    assert.equal(second.edgeId, first.edgeId);
    assert.notEqual(second.edgeToken, first.edgeToken);
    const old = await heartbeat(t, { id: first.edgeId, token: first.edgeToken, headers: { authorization: `Bearer ${first.edgeToken}` } }, { appliedVersion: 0 });
    assert.equal(old.statusCode, 401);
    assert.equal(old.json<{ error: { code: string } }>().error.code, 'EDGE_TOKEN_INVALID');
    const fresh = await heartbeat(t, { id: second.edgeId, token: second.edgeToken, headers: { authorization: `Bearer ${second.edgeToken}` } }, { appliedVersion: 0 });
    assert.equal(fresh.statusCode, 200, fresh.body);
    const row = await t.db().selectFrom('edges').selectAll().where('id', '=', first.edgeId).executeTakeFirstOrThrow();
    assert.deepEqual([row.removed_at, row.region], [null, 'eu-south']);
  });

  it('guessing is rate limited per client address like sign-in (429 with Retry-After)', async () => {
    const deps = t.deps();
    const app = await buildApp({ ...deps, limiters: { ...deps.limiters, signIn: new RateLimiter({ max: 2, windowMs: 60_000 }, deps.clock) } });
    try {
      const tries = [];
      for (let i = 0; i < 3; i++) tries.push(await app.inject({ method: 'POST', url: '/api/v1/edges/enrol', payload: { enrolmentToken: 'y'.repeat(40), name: 'guess', region: 'r', metro: 'm' } }));
      assert.deepEqual(tries.map((r) => r.statusCode), [401, 401, 429]);
      assert.ok(Number(tries[2]!.headers['retry-after']) > 0);
      // Even the right token waits out the window.
      const right = await app.inject({ method: 'POST', url: '/api/v1/edges/enrol', payload: { enrolmentToken: enrolmentToken(deps.config), name: 'guess', region: 'r', metro: 'm' } });
      assert.equal(right.statusCode, 429);
    } finally {
      await app.close();
    }
  });
});

forEachApp(
  'edge enrolment with a configured token and NATS',
  (t) => {
    it('the configured token is the one that works, and the answer names the NATS stream', async () => {
      const generated = await t.inject({ method: 'POST', url: '/api/v1/edges/enrol', payload: { enrolmentToken: loadOrCreateEnrolmentToken(t.deps().config.dataDir), name: 'n1', region: 'r', metro: 'm' } });
      assert.equal(generated.statusCode, 401);
      const res = await t.inject({ method: 'POST', url: '/api/v1/edges/enrol', payload: { enrolmentToken: 'the-operators-own-token', name: 'n1', region: 'r', metro: 'm' } });
      assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual(res.json<Enrolled>().feed, { transport: 'nats', url: 'nats://nats.internal:4222', stream: 'CANDELA_FEED', subject: 'candela.feed' });
    });
  },
  { edgeEnrolmentToken: 'the-operators-own-token', natsUrl: 'nats://nats.internal:4222' },
);
