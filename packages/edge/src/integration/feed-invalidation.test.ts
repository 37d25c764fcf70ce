// Integration (issue 5, domain.md §3): content invalidations reach a real feed-mode edge over the embedded
// (SSE) transport from the test control plane (test-support/test-control-plane.ts), and a real origin
// counts what the edge asks it: Normal (soft) costs a conditional request answered 304, Force (hard) an
// unconditional full fetch; objects stored after an invalidation was applied are untouched; path, tag and
// property kinds with ignore case and per-item counts in the ack; a refused one is acked ok:false. An edge
// that was down restarts from its disk holding cache hits back (revalidating them) until the feed says it
// has caught up, applies what it missed, and never applies anything twice; after a disconnect it holds
// back again until caught up.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EdgeConfigInput, InvalidationRequest } from '@candela/contract';
import { TestOrigin } from '../test-support/test-origin.js';
import type { Responder } from '../test-support/test-origin.js';
import { startTestEdge } from '../test-support/test-edge.js';
import type { TestEdge } from '../test-support/test-edge.js';
import { cacheStatus, httpRequest } from '../test-support/http-client.js';
import { TestControlPlane, TEST_ENROLMENT_TOKEN } from '../test-support/test-control-plane.js';
import type { RecordedAck } from '../test-support/test-control-plane.js';
import { waitUntil } from '../test-support/edge-process.js';

const TIMING = { heartbeatMs: 200, watchdogMs: 2_000, backoffInitialMs: 50, backoffMaxMs: 400 };
const WWW = 'www.example.com';
const IMG = 'img.example.com';

function snapshot(originPort: number): EdgeConfigInput {
  const property = (id: string) => ({ id, aliases: [id], origin: { host: '127.0.0.1', port: originPort } });
  return { properties: [property(WWW), property(IMG)] };
}

/** What the origin answered for one request: 304 to a matching If-None-Match, else 200 with the body. */
interface Answer {
  readonly path: string;
  readonly conditional: boolean;
  readonly status: number;
}

describe('feed mode: content invalidation (issue 5)', { timeout: 120_000 }, () => {
  const origin = new TestOrigin();
  const answers: Answer[] = [];
  let cp: TestControlPlane;
  let edge: TestEdge | undefined;
  let dataDir: string;

  /** Cacheable for an hour with an ETag; `/tagged/<tags>/…` carries those tags (comma-separated) as Surrogate-Key. */
  const validating: Responder = (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const headers: Record<string, string> = { 'cache-control': 'max-age=3600', etag: '"v1"', 'content-type': 'text/plain' };
    const tagged = /^\/tagged\/([^/]+)\//.exec(path);
    if (tagged) headers['surrogate-key'] = tagged[1]!.split(',').join(' ');
    const conditional = req.headers['if-none-match'] !== undefined;
    const status = req.headers['if-none-match'] === '"v1"' ? 304 : 200;
    answers.push({ path, conditional, status });
    res.writeHead(status, headers);
    res.end(status === 304 ? undefined : `content of ${path}`);
  };
  const originAnswers = (path: string) => answers.filter((a) => a.path === path);

  const start = async () => {
    edge = await startTestEdge({ dataDir, controlPlane: { url: cp.url, enrolmentToken: TEST_ENROLMENT_TOKEN }, feedTiming: TIMING });
    return edge;
  };
  const get = (path: string, host = WWW) => httpRequest(`${edge!.url}${path}`, { headers: { host } });
  /** The invalidation's ack with its counts (after its "in force" one), or its refusal. */
  const ackOf = async (seq: number): Promise<RecordedAck> => {
    await waitUntil(`the counts of ${seq}`, () => cp.countedAckFor(seq) !== undefined, 10_000);
    return cp.countedAckFor(seq)!;
  };
  const feedStatus = async () =>
    (JSON.parse((await httpRequest(`${edge!.adminUrl}/healthz`)).text) as { feed: { caughtUp: boolean; cursor: number; connected: boolean } }).feed;
  /** Fetches each path once (a miss, stored) and checks the second request is a hit. */
  const warm = async (paths: string[], host = WWW) => {
    for (const p of paths) {
      assert.equal((await get(p, host)).status, 200);
      assert.equal(cacheStatus(await get(p, host)).hit, true, `${p} is a hit once stored`);
    }
  };
  const soft = (property: string, patterns: string[], ignoreCase = false): InvalidationRequest => ({ type: 'path', property, patterns, ignoreCase, mode: 'soft' });

  before(async () => {
    await origin.start();
    origin.route('*', validating);
    cp = await new TestControlPlane({ keepaliveMs: 200 }).start();
    dataDir = await mkdtemp(join(tmpdir(), 'candela-feed-inv-'));
    await start();
    const snapshotSeq = cp.publishSnapshot(snapshot(origin.port));
    await waitUntil('the snapshot acked', () => cp.acksFor(snapshotSeq).length > 0, 10_000);
    await waitUntil('caught up', async () => (await feedStatus()).caughtUp);
  });
  afterEach(() => {
    cp.holdCaughtUp = false;
  });
  after(async () => {
    await edge?.stop();
    await cp.stop();
    await origin.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('Normal: the next request is a conditional one the origin answers 304 (no body); objects stored after it are untouched', async () => {
    await warm(['/n/a.jpg', '/n/b.jpg', '/keep/c.jpg']);
    let cursorOnDiskAtAck: number | undefined;
    const seq = cp.publishInvalidation([soft(WWW, ['/n/*'])]);
    cp.onAck = (a) => {
      if (a.seq !== seq || a.matched === undefined) return;
      void readFile(join(dataDir, 'feed', 'cursor.json'), 'utf8').then((t) => (cursorOnDiskAtAck = (JSON.parse(t) as { seq: number }).seq));
    };
    assert.deepEqual(await ackOf(seq), { edgeId: cp.enrolments[0]!.edgeId, seq, ok: true, problems: [], matched: 2, matchedByItem: [2] });
    assert.deepEqual(cp.acksFor(seq)[0], { edgeId: cp.enrolments[0]!.edgeId, seq, ok: true, problems: [] }, 'acked in force first, without counts');
    await waitUntil('the cursor read back', () => cursorOnDiskAtAck !== undefined);
    assert.equal(cursorOnDiskAtAck, seq, 'the cursor was on disk when the control plane got the counts');
    cp.onAck = undefined;

    const r = await get('/n/a.jpg');
    assert.equal(r.text, 'content of /n/a.jpg');
    assert.equal(cacheStatus(r)['fwd-status'], '304');
    assert.deepEqual(originAnswers('/n/a.jpg').map((a) => [a.conditional, a.status]), [[false, 200], [true, 304]]);
    assert.equal(cacheStatus(await get('/n/a.jpg')).hit, true, 'freshened by the 304');
    assert.equal(cacheStatus(await get('/keep/c.jpg')).hit, true, 'not named: untouched');

    // Stored after the invalidation was applied: a later request for a matching path is a plain hit.
    await warm(['/n/new.jpg']);
    assert.equal(originAnswers('/n/new.jpg').length, 1);
  });

  test('Force: the next request refetches unconditionally (a full 200 from the origin)', async () => {
    await warm(['/f/a.jpg']);
    const seq = cp.publishInvalidation([{ type: 'path', property: WWW, patterns: ['/f/*'], ignoreCase: false, mode: 'hard' }]);
    const ack = await ackOf(seq);
    assert.deepEqual([ack.ok, ack.matched, ack.matchedByItem], [true, 1, [1]]);
    const r = await get('/f/a.jpg');
    assert.equal(r.status, 200);
    assert.equal(r.text, 'content of /f/a.jpg');
    assert.deepEqual(originAnswers('/f/a.jpg').map((a) => [a.conditional, a.status]), [[false, 200], [false, 200]]);
  });

  test('kinds path (ignore case, several properties), tag and property, with objects matched per item', async () => {
    await warm(['/case/One.JPG', '/case/two.jpg', '/case/x.png']);
    await warm(['/case/three.JPG'], IMG);
    const patterns = ['/CASE/*.jpg', '/case/*.png', '/nothing/*'];
    const paths = await ackOf(cp.publishInvalidation([soft(WWW, patterns, true), soft(IMG, patterns, true)]));
    assert.deepEqual([paths.ok, paths.matched, paths.matchedByItem], [true, 4, [3, 1, 0]]);
    assert.equal(cacheStatus(await get('/case/three.JPG', IMG))['fwd-status'], '304', 'ignore case, second property');

    await warm(['/tagged/red/1', '/tagged/red,blue/2', '/tagged/blue/3']);
    const tags = await ackOf(cp.publishInvalidation([{ type: 'tag', property: WWW, tags: ['red', 'blue', 'green'], mode: 'soft' }]));
    assert.deepEqual([tags.ok, tags.matched, tags.matchedByItem], [true, 3, [2, 2, 0]]);
    assert.equal(cacheStatus(await get('/tagged/blue/3'))['fwd-status'], '304');

    await warm(['/p/1', '/p/2']);
    await warm(['/p/1'], IMG);
    const before = answers.length;
    const property = await ackOf(
      cp.publishInvalidation([
        { type: 'property', property: WWW, mode: 'hard' },
        { type: 'property', property: IMG, mode: 'hard' },
      ]),
    );
    assert.equal(property.ok, true);
    // Everything each property held: item i is requests[i].
    const held = property.matchedByItem!;
    assert.equal(property.matched, held[0]! + held[1]!);
    assert.ok(held[0]! >= 2 && held[1]! >= 1, `per property ${held.join('/')}`);
    await get('/p/1');
    await get('/p/1', IMG);
    assert.deepEqual(answers.slice(before).map((a) => [a.path, a.conditional]), [['/p/1', false], ['/p/1', false]]);
  });

  test('a refused invalidation (a pattern this edge cannot compile) is acked ok:false with the problem; nothing of it applies', async () => {
    await warm(['/r/a.jpg']);
    const seq = cp.publishInvalidation([soft(WWW, ['/r/*', '/r/[a'])]);
    const ack = await ackOf(seq);
    assert.equal(ack.ok, false);
    assert.equal(ack.problems.length, 1);
    assert.match(ack.problems[0]!, /^\/invalidation\/requests\/0\/patterns\/1: .*position/);
    assert.equal(cacheStatus(await get('/r/a.jpg')).hit, true);
    assert.equal((await feedStatus()).cursor, seq, 'the cursor moved past it');
  });

  test('an edge that was down holds cache hits back (revalidates) until caught up, then applies both invalidations it missed', async () => {
    await warm(['/m/soft.jpg', '/m/hard.jpg', '/m/other.jpg', '/m/later.jpg']);
    await edge!.stop({ keepData: true });
    edge = undefined;
    await cp.stop();
    const first = cp.publishInvalidation([soft(WWW, ['/m/soft.jpg'])]);
    const second = cp.publishInvalidation([{ type: 'path', property: WWW, patterns: ['/m/hard.jpg'], ignoreCase: false, mode: 'hard' }]);

    await start();
    assert.equal((await feedStatus()).caughtUp, false);
    // Control plane unreachable: served from the disk, but every hit is revalidated first.
    const held = await get('/m/other.jpg');
    assert.equal(held.status, 200);
    assert.deepEqual(cacheStatus(held), { fwd: 'stale', 'fwd-status': '304', stored: true, detail: 'feed-catching-up' });
    assert.deepEqual(originAnswers('/m/other.jpg').at(-1), { path: '/m/other.jpg', conditional: true, status: 304 });
    assert.equal(cacheStatus(await get('/m/other.jpg')).hit, true, 'once revalidated during the hold, it is reused');
    assert.equal(cp.acksFor(first).length + cp.acksFor(second).length, 0);

    const fromSoft = originAnswers('/m/soft.jpg').length;
    const fromHard = originAnswers('/m/hard.jpg').length;
    await cp.start();
    const [a1, a2] = [await ackOf(first), await ackOf(second)];
    assert.deepEqual([a1.ok, a1.matched, a2.ok, a2.matched], [true, 1, true, 1]);
    await waitUntil('caught up', async () => (await feedStatus()).caughtUp);
    assert.ok(
      edge!.log.findIndex((l) => l.includes('serving cache hits again')) > edge!.log.findIndex((l) => l.includes(`(event ${second}) applied`)),
      `caught up only after the missed invalidations:\n${edge!.log.join('\n')}`,
    );
    assert.equal(cacheStatus(await get('/m/later.jpg')).hit, true, 'caught up: hits again');
    await get('/m/soft.jpg');
    await get('/m/hard.jpg');
    assert.deepEqual(originAnswers('/m/soft.jpg').slice(fromSoft), [{ path: '/m/soft.jpg', conditional: true, status: 304 }]);
    assert.deepEqual(originAnswers('/m/hard.jpg').slice(fromHard), [{ path: '/m/hard.jpg', conditional: false, status: 200 }]);

    // The cursor was kept: a restart resumes after the second, and nothing is applied or acked twice.
    await edge!.stop({ keepData: true });
    edge = undefined;
    const requests = cp.feedRequests.length;
    await start();
    await waitUntil('caught up again', async () => (await feedStatus()).caughtUp);
    assert.equal(cp.feedRequests[requests]?.cursor, second);
    assert.deepEqual(
      [first, second].map((seq) => cp.acksFor(seq).map((a) => [a.ok, a.matched])),
      [[[true, undefined], [true, 1]], [[true, undefined], [true, 1]]],
      'each acked once in force, then once with its count',
    );
  });

  test('an edge behind invalidations that were pruned from the log (lost-track) revalidates everything it holds before anything else', async () => {
    await warm(['/p/kept.jpg', '/p/new.jpg']);
    await edge!.stop({ keepData: true });
    edge = undefined;
    await cp.stop();
    const missed = cp.publishInvalidation([soft(WWW, ['/p/never-seen.jpg'])]);
    cp.prune(missed);
    const after = cp.publishInvalidation([{ type: 'path', property: WWW, patterns: ['/p/new.jpg'], ignoreCase: false, mode: 'hard' }]);
    const kept = originAnswers('/p/kept.jpg').length;
    const fresh = originAnswers('/p/new.jpg').length;
    await cp.start();
    await start();
    await ackOf(after);
    await waitUntil('caught up', async () => (await feedStatus()).caughtUp);
    assert.equal(cp.acksFor(missed).length, 0, 'a pruned event is never sent');
    const marked = edge!.log.findIndex((l) => l.includes('marked for revalidation'));
    assert.ok(marked >= 0 && marked < edge!.log.findIndex((l) => l.includes(`(event ${after}) applied`)), edge!.log.join('\n'));
    // Caught up, yet the object stored before the gap is revalidated (a 304) once, not served as is.
    assert.deepEqual(cacheStatus(await get('/p/kept.jpg')).fwd, 'stale');
    assert.deepEqual(originAnswers('/p/kept.jpg').slice(kept), [{ path: '/p/kept.jpg', conditional: true, status: 304 }]);
    assert.equal(cacheStatus(await get('/p/kept.jpg')).hit, true);
    await get('/p/new.jpg');
    assert.deepEqual(originAnswers('/p/new.jpg').slice(fresh), [{ path: '/p/new.jpg', conditional: false, status: 200 }], 'the later Force still applies');
  });

  test('after a disconnect the edge holds cache hits back until the feed has caught up again', async () => {
    await warm(['/d/a.jpg', '/d/b.jpg']);
    cp.holdCaughtUp = true;
    const connections = cp.feedRequests.length;
    cp.dropStreams();
    await waitUntil('the reconnection', () => cp.feedRequests.length > connections && cp.openStreams === 1);
    assert.equal((await feedStatus()).caughtUp, false);
    assert.equal(cacheStatus(await get('/d/a.jpg')).detail, 'feed-catching-up');
    assert.equal(originAnswers('/d/a.jpg').at(-1)?.conditional, true);

    cp.announceCaughtUp();
    await waitUntil('caught up', async () => (await feedStatus()).caughtUp);
    assert.equal(cacheStatus(await get('/d/b.jpg')).hit, true);
    assert.equal(originAnswers('/d/b.jpg').length, 1);
  });
});
