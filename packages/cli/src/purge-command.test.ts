// `candela purge` (issue 5) against a real control plane on a loopback port: the request signed with an
// API key, the invalidation created, its progress followed as edges (enrolled through the real routes)
// acknowledge it, on a terminal as a progress bar and otherwise as lines, then the objects per item; API
// errors (a bad pattern with its position, an unknown property) and usage errors give their exit status.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { forEachApp } from '../../control-plane/src/test-support/test-app.js';
import { createCustomer, createUser, signIn } from '../../control-plane/src/test-support/fixtures.js';
import type { SignedIn } from '../../control-plane/src/test-support/fixtures.js';
import { ackInForce, ackInvalidation, enrolTestEdge } from '../../control-plane/src/modules/edges/edge-client.fixture.js';
import type { TestEdge } from '../../control-plane/src/modules/edges/edge-client.fixture.js';
import { activeProperties, readInvalidation } from '../../control-plane/src/modules/invalidations/invalidation.fixture.js';
import { errorLines, itemLines, localeLanguage, progressLine, purgeBody, purgeCommand } from './purge-command.js';
import type { PurgeCommandOptions, PurgeExitCode } from './purge-command.js';

describe('purge flags → request body', () => {
  it('one kind: --path (with --ignore-case), --tag or --all; Normal unless --force; notify passed on', () => {
    assert.deepEqual(purgeBody({ property: ['a.example'], path: ['/img/*', '*.css'], ignoreCase: true, notify: 'ops@example.com' }), {
      kind: 'path',
      paths: ['/img/*', '*.css'],
      ignoreCase: true,
      properties: ['a.example'],
      type: 'normal',
      notify: 'ops@example.com',
    });
    assert.deepEqual(purgeBody({ property: ['a.example', 'b.example'], tag: ['t1'], force: true }), { kind: 'tag', tags: ['t1'], properties: ['a.example', 'b.example'], type: 'force' });
    assert.deepEqual(purgeBody({ property: ['a.example'], all: true }), { kind: 'property', properties: ['a.example'], type: 'normal' });
  });

  it('refuses flags that make no request', () => {
    assert.match(purgeBody({ path: ['/x'] }) as string, /--property/);
    assert.match(purgeBody({ property: ['a'] }) as string, /exactly one/);
    assert.match(purgeBody({ property: ['a'], path: ['/x'], all: true }) as string, /exactly one/);
    assert.match(purgeBody({ property: ['a'], tag: ['t'], ignoreCase: true }) as string, /--path patterns only/);
  });

  it('progress as a bar or a line, and the objects per item', () => {
    const inv = { status: 'in-progress' as const, edgesDone: 1, edgesTotal: 4, edgesCounted: 1, objectsMatched: 12 };
    assert.equal(progressLine(inv, false), '1/4 edges · 12 objects matched · in-progress');
    assert.equal(progressLine({ ...inv, status: 'complete', edgesDone: 4, edgesCounted: 3 }, false), '4/4 edges · 12 objects matched · complete, counted on 3/4 edges');
    assert.equal(progressLine(inv, true), `[${'#'.repeat(6)}${'-'.repeat(18)}] 1/4 edges · 12 objects matched · in-progress`);
    assert.deepEqual(itemLines({ items: [{ value: '/img/*', objectsMatched: 10 }, { value: '*.css', objectsMatched: 2 }] }), ['  10  /img/*', '   2  *.css']);
  });

  it('the locale names the language of the API’s messages', () => {
    assert.equal(localeLanguage({ LANG: 'es_ES.UTF-8' }), 'es');
    assert.equal(localeLanguage({ LC_ALL: 'en_US.UTF-8', LANG: 'es_ES.UTF-8' }), 'en');
    assert.equal(localeLanguage({ LANG: 'C.UTF-8' }), undefined);
  });

  it('an error answer as its code, message, details and Retry-After; anything else as its status', () => {
    const body = JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'slow down', requestId: 'r1', details: [{ pointer: '/paths/0', code: 'pattern.x', message: 'bad' }] } });
    assert.deepEqual(errorLines({ status: 429, headers: { 'retry-after': '12' }, body }), ['HTTP 429 RATE_LIMITED: slow down', '  /paths/0: bad (pattern.x)', '  retry after 12 s', '  request id r1']);
    assert.deepEqual(errorLines({ status: 502, headers: {}, body: 'Bad gateway' }), ['HTTP 502: Bad gateway']);
  });
});

forEachApp('candela purge against a real control plane', (t) => {
  let url = '';
  let keyId = '';
  let secret = '';
  let scid = '';
  let alice: SignedIn;
  let edges: TestEdge[] = [];

  /** Runs the command as the CLI would, capturing what it prints; `tty` draws the bar. */
  function cli(options: PurgeCommandOptions, o: { tty?: boolean; env?: Record<string, string>; countWaitMs?: number } = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const written: string[] = [];
    const done: Promise<PurgeExitCode> = purgeCommand(
      { url, scid, ...options },
      {
        env: o.env ?? { CANDELA_API_KEY_ID: keyId, CANDELA_API_KEY_SECRET: secret },
        now: () => new Date(t.clock.now),
        out: (s) => out.push(s),
        err: (s) => err.push(s),
        isTty: o.tty === true,
        write: (s) => written.push(s),
        pollMs: 20,
        ...(o.countWaitMs === undefined ? {} : { countWaitMs: o.countWaitMs }),
      },
    );
    return { done, out, err, written };
  }
  /** Waits for the command to say it was accepted; returns the request's id and feed seq. */
  async function accepted(run: { out: string[]; err: string[] }): Promise<{ id: string; seq: number }> {
    const deadline = Date.now() + 10_000;
    while (!run.out.some((l) => l.startsWith('invalidation '))) {
      if (Date.now() > deadline) assert.fail(`not accepted: ${run.err.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const id = /^invalidation (\S+) accepted/.exec(run.out.find((l) => l.startsWith('invalidation '))!)![1]!;
    return { id, seq: (await readInvalidation(t, alice, id)).feedSeq };
  }
  async function until(what: string, check: () => boolean): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!check()) {
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  before(async () => {
    await t.app().listen({ host: '127.0.0.1', port: 0 });
    const address = t.app().server.address();
    assert.ok(typeof address === 'object' && address !== null);
    url = `http://127.0.0.1:${address.port}`;
  });

  it('setup: a customer with two active properties, an Admin API key, and two edges', async () => {
    const acme = await createCustomer(t.db(), { name: 'Acme', services: 1, nowMs: t.clock.now });
    scid = acme.scids[0]!;
    await createUser(t.db(), { email: 'alice@acme.example', grants: [{ groupId: acme.groupId, roleId: 'domain-admin' }], nowMs: t.clock.now });
    alice = await signIn(t, 'alice@acme.example');
    await activeProperties(t, alice, scid, [['www.acme.example'], ['img.acme.example']]);
    const res = await t.inject({ method: 'POST', url: `/api/v1/access-groups/${acme.groupId}/api-keys`, headers: alice.headers, payload: { name: 'purge', contact: 'alice@acme.example', roleId: 'admin' } });
    assert.equal(res.statusCode, 201, res.body);
    ({ key: { id: keyId }, secret } = res.json<{ key: { id: string }; secret: string }>());
    edges = [await enrolTestEdge(t, 'edge-cli-1'), await enrolTestEdge(t, 'edge-cli-2')];
    t.clock.now += 1_000;
  });

  it('paths on two properties: follows the edges’ acks line by line until complete, then the objects per path', async () => {
    const run = cli({ property: ['www.acme.example', 'img.acme.example'], path: ['/news/*', '/img/*.jpg'] });
    const { id, seq } = await accepted(run);
    assert.match(run.out[0]!, /^invalidation \S+ accepted: path, normal, www\.acme\.example, img\.acme\.example \(2 items\)$/);
    await until('the pending line', () => run.out.includes('0/2 edges · 0 objects matched · pending'));
    assert.equal((await ackInvalidation(t, edges[0]!, seq, 5, [4, 1])).statusCode, 204);
    await until('the first edge', () => run.out.includes('1/2 edges · 5 objects matched · in-progress'));
    assert.equal((await ackInvalidation(t, edges[1]!, seq, 2, [0, 2])).statusCode, 204);
    assert.equal(await run.done, 0, run.err.join('\n'));
    assert.deepEqual(run.out.slice(-3), ['complete: 2/2 edges, 7 objects matched', '  4  /news/*', '  3  /img/*.jpg']);
    const stored = await readInvalidation(t, alice, id);
    assert.deepEqual([stored.kind, stored.type, stored.ignoreCase], ['path', 'normal', false]);
  });

  it('on a terminal: a progress bar redrawn in place; tag kind, Force', async () => {
    const run = cli({ property: ['www.acme.example'], tag: ['product-42'], force: true }, { tty: true });
    const { id, seq } = await accepted(run);
    await ackInvalidation(t, edges[0]!, seq, 1, [1]);
    await ackInvalidation(t, edges[1]!, seq, 0, [0]);
    assert.equal(await run.done, 0, run.err.join('\n'));
    assert.ok(run.written.some((w) => w.startsWith('\r\x1b[2K[') && w.includes('0/2 edges')), JSON.stringify(run.written));
    assert.ok(run.written.some((w) => w.includes(`[${'#'.repeat(24)}] 2/2 edges · 1 objects matched · complete`)), JSON.stringify(run.written));
    assert.equal(run.written.at(-1), '\n');
    assert.deepEqual((await readInvalidation(t, alice, id)).type, 'force');
  });

  it('complete on the edges’ "in force" acks, then it waits for their counts before printing them', async () => {
    const run = cli({ property: ['www.acme.example'], path: ['/counting/*'] });
    const { seq } = await accepted(run);
    for (const edge of edges) assert.equal((await ackInForce(t, edge, seq)).statusCode, 204);
    await until('complete, counting', () => run.out.includes('2/2 edges · 0 objects matched · complete, counted on 0/2 edges'));
    await ackInvalidation(t, edges[0]!, seq, 3, [3]);
    await until('one count', () => run.out.includes('2/2 edges · 3 objects matched · complete, counted on 1/2 edges'));
    await ackInvalidation(t, edges[1]!, seq, 4, [4]);
    assert.equal(await run.done, 0, run.err.join('\n'));
    assert.deepEqual(run.out.slice(-2), ['complete: 2/2 edges, 7 objects matched', '  7  /counting/*']);
  });

  it('counts that do not come: complete all the same after the wait, saying how many edges counted', async () => {
    const run = cli({ property: ['www.acme.example'], path: ['/uncounted/*'] }, { countWaitMs: 100 });
    const { seq } = await accepted(run);
    await ackInvalidation(t, edges[0]!, seq, 2, [2]);
    await ackInForce(t, edges[1]!, seq);
    assert.equal(await run.done, 0, run.err.join('\n'));
    assert.deepEqual(run.out.slice(-2), ['complete: 2/2 edges, 2 objects matched (counted on 1 of them so far)', '  2  /uncounted/*']);
  });

  it('--all --no-wait: accepted and not followed', async () => {
    const run = cli({ property: ['img.acme.example'], all: true, wait: false });
    assert.equal(await run.done, 0);
    assert.match(run.out.at(-1)!, /^follow it with: candela api GET \/invalidations\/\S+$/);
    const id = /^invalidation (\S+) accepted: property/.exec(run.out[0]!)![1]!;
    assert.equal((await readInvalidation(t, alice, id)).kind, 'property');
  });

  it('--timeout: exit 3 while edges have not all applied it (it goes on)', async () => {
    const run = cli({ property: ['www.acme.example'], path: ['/slow/*'], timeout: '0.2' });
    assert.equal(await run.done, 3);
    assert.match(run.err.join('\n'), /not complete after 0\.2 s \(0\/2 edges\); it goes on: candela api GET \/invalidations\//);
  });

  it('API errors exit 1 with the code, message and details: the bad pattern’s position, the unknown property', async () => {
    const english = { CANDELA_API_KEY_ID: keyId, CANDELA_API_KEY_SECRET: secret, LANG: 'en_GB.UTF-8' };
    const bad = cli({ property: ['www.acme.example'], path: ['/ok/*', '/img/[a,b'] }, { env: english });
    assert.equal(await bad.done, 1);
    const text = bad.err.join('\n');
    assert.match(text, /HTTP 400 VALIDATION_FAILED: /);
    assert.match(text, /\/paths\/1: .*character 6.* \(pattern\.unclosedSet\)/);
    const unknown = cli({ property: ['nope.acme.example'], all: true }, { env: { ...english, LANG: 'es_ES.UTF-8' } });
    assert.equal(await unknown.done, 1);
    assert.match(unknown.err.join('\n'), /HTTP 404 NOT_FOUND: [^\n]*\n[^\n]* {2}\/properties\/0: /);
    const signature = cli({ property: ['www.acme.example'], all: true }, { env: { CANDELA_API_KEY_ID: keyId, CANDELA_API_KEY_SECRET: 'cs_wrong' } });
    assert.equal(await signature.done, 1);
    assert.match(signature.err.join('\n'), /SIGNATURE_INVALID/);
  });

  it('usage errors and no answer exit 2 without a request', async () => {
    assert.equal(await cli({ scid: '', property: ['www.acme.example'], all: true }).done, 2);
    assert.equal(await cli({ property: ['www.acme.example'] }).done, 2);
    assert.equal(await cli({ property: ['www.acme.example'], all: true }, { env: {} }).done, 2);
    assert.equal(await cli({ property: ['www.acme.example'], all: true, timeout: 'soon' }).done, 2);
    const down = cli({ property: ['www.acme.example'], all: true, url: 'http://127.0.0.1:1' });
    assert.equal(await down.done, 2);
    assert.match(down.err.join('\n'), /no answer/);
  });
});
