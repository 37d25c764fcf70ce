// Integration: feed mode over the embedded transport (issue 4), a real edge following a small control
// plane on loopback (test-support/test-control-plane.ts) — enrolment and credentials, snapshots applied
// and acked only once on disk, refusals with their problems, restart from the disk while the control
// plane is away, catch-up from the cursor, back-off, the silence watchdog, and enrolling again when the
// control plane no longer knows the edge.
import { after, afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EdgeConfigInput } from '@candela/contract';
import { TestOrigin, fixed } from '../test-support/test-origin.js';
import { startTestEdge } from '../test-support/test-edge.js';
import type { TestEdge } from '../test-support/test-edge.js';
import { httpRequest } from '../test-support/http-client.js';
import { TestControlPlane, TEST_ENROLMENT_TOKEN } from '../test-support/test-control-plane.js';
import { sleep, waitUntil } from '../test-support/edge-process.js';

const TIMING = { heartbeatMs: 200, watchdogMs: 1_000, backoffInitialMs: 50, backoffMaxMs: 400 };

/** A snapshot serving `www.example.com` from the origin with an `x-version` header naming `label`. */
function snapshot(originPort: number, label: string): EdgeConfigInput {
  return {
    properties: [
      {
        id: 'www.example.com',
        aliases: ['www.example.com'],
        origin: { host: '127.0.0.1', port: originPort },
        defaults: { responseHeaders: { set: { 'x-version': label }, remove: [] } },
        source: { configurationId: 'cfg-1', version: 1 },
      },
    ],
  };
}

const INVALID = { properties: [{ id: 'x', aliases: ['Not A Hostname'], origin: { host: 'o' } }] };

describe('feed mode, HTTP transport', () => {
  const origin = new TestOrigin();
  let cp: TestControlPlane;
  let edge: TestEdge | undefined;
  let dataDir: string;

  const start = async (o: { enrolmentToken?: string } = {}) => {
    edge = await startTestEdge({
      dataDir,
      controlPlane: { url: cp.url, enrolmentToken: o.enrolmentToken ?? TEST_ENROLMENT_TOKEN },
      feedTiming: TIMING,
    });
    return edge;
  };
  const version = async (e: TestEdge = edge!) => {
    const r = await httpRequest(`${e.url}/`, { headers: { host: 'www.example.com' } });
    return r.status === 200 ? String(r.headers['x-version']) : r.status;
  };
  const health = async () =>
    JSON.parse((await httpRequest(`${edge!.adminUrl}/healthz`)).text) as {
      feed?: { transport: string; connected: boolean; appliedSeq: number; cursor: number; enrolledAs: string; caughtUp: boolean };
    };
  const ackOf = async (seq: number) => {
    await waitUntil(`the ack of ${seq}`, () => cp.acksFor(seq).length > 0, 5_000);
    return cp.acksFor(seq)[0]!;
  };

  const setup = async () => {
    if (origin.port === 0) {
      await origin.start();
      origin.route('*', fixed(200, { 'content-type': 'text/plain', 'cache-control': 'max-age=60' }, 'hello'));
    }
    cp = await new TestControlPlane({ keepaliveMs: 200 }).start();
    dataDir = await mkdtemp(join(tmpdir(), 'candela-feed-'));
  };
  afterEach(async () => {
    await edge?.stop();
    edge = undefined;
    await cp.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  after(() => origin.stop());

  test('issue 4: enrols, serves nothing until the first snapshot, applies it, keeps it on disk before acking, reports it', async () => {
    await setup();
    await start();
    assert.equal(await version(), 404, 'no snapshot yet: unknown host');
    await waitUntil('the feed connection', () => cp.openStreams === 1);
    assert.equal(cp.enrolments.length, 1);
    assert.deepEqual([cp.enrolments[0]!.name, cp.enrolments[0]!.region, cp.enrolments[0]!.metro], ['test-edge', 'local', 'local']);
    const credentials = await stat(join(dataDir, 'feed', 'credentials.json'));
    assert.equal(credentials.mode & 0o777, 0o600);

    let onDiskAtAck: number | undefined;
    cp.onAck = () => {
      void readFile(join(dataDir, 'feed', 'snapshot.json'), 'utf8').then((t) => (onDiskAtAck = (JSON.parse(t) as { seq: number }).seq));
    };
    const seq = cp.publishSnapshot(snapshot(origin.port, 'one'));
    assert.deepEqual(await ackOf(seq), { edgeId: cp.enrolments[0]!.edgeId, seq, ok: true, problems: [] });
    assert.equal(await version(), 'one');
    await waitUntil('the disk check', () => onDiskAtAck !== undefined);
    assert.equal(onDiskAtAck, seq, 'the snapshot was on disk when the control plane got the ack');
    await waitUntil('a heartbeat after the apply', () => cp.heartbeats.some((h) => h.appliedVersion === seq));
    const beat = cp.heartbeats.find((h) => h.appliedVersion === seq)!;
    assert.deepEqual(beat, { edgeId: cp.enrolments[0]!.edgeId, appliedVersion: seq, cursor: seq, health: 'ok', region: 'local', metro: 'local' });
    assert.deepEqual((await health()).feed, { transport: 'http', connected: true, appliedSeq: seq, cursor: seq, enrolledAs: cp.enrolments[0]!.edgeId, caughtUp: true });
    await edge!.stop({ keepData: true });
    edge = undefined;
    assert.equal(cp.heartbeats.at(-1)?.health, 'draining', 'a stopping edge says so');
  });

  test('issue 4: an invalid snapshot is refused with its problems and the one in force stays; unknown kinds are refused too', async () => {
    await setup();
    await start();
    const good = cp.publishSnapshot(snapshot(origin.port, 'good'));
    assert.equal((await ackOf(good)).ok, true);
    const bad = cp.publishSnapshot(INVALID);
    const refused = await ackOf(bad);
    assert.equal(refused.ok, false);
    assert.ok(refused.problems.some((p) => p.startsWith('/properties/0/aliases/0: ')), refused.problems.join('\n'));
    assert.equal(await version(), 'good');
    const other = cp.publishRaw({ seq: bad + 1, at: 1, kind: 'purge', urls: [] }, bad + 1, 'purge');
    assert.deepEqual((await ackOf(other)).problems, ['/kind: this edge does not know the event kind "purge"']);
    await waitUntil('a heartbeat with the cursor past the refusals', () => cp.heartbeats.some((h) => h.cursor === other));
    const beat = cp.heartbeats.find((h) => h.cursor === other)!;
    assert.equal(beat.appliedVersion, good, 'the applied version is still the good one');
    const saved = JSON.parse(await readFile(join(dataDir, 'feed', 'snapshot.json'), 'utf8')) as { seq: number };
    assert.equal(saved.seq, good, 'the refused snapshot never reached the disk');
    const next = cp.publishSnapshot(snapshot(origin.port, 'next'));
    assert.equal((await ackOf(next)).ok, true);
    assert.equal(await version(), 'next');
  });

  test('issue 4: restarts from the snapshot on disk with the control plane stopped, and catches up when it returns', async () => {
    await setup();
    await start();
    const first = cp.publishSnapshot(snapshot(origin.port, 'first'));
    await ackOf(first);
    await edge!.stop({ keepData: true });
    edge = undefined;
    await cp.stop();
    // Two activations while the edge is away and the control plane is down.
    cp.publishSnapshot(snapshot(origin.port, 'second'));
    const third = cp.publishSnapshot(snapshot(origin.port, 'third'));

    await start();
    assert.equal(await version(), 'first', 'served at once from the disk, control plane unreachable');
    assert.equal((await health()).feed?.connected, false);
    await sleep(300);
    assert.equal(await version(), 'first', 'still serving while retrying');

    const requestsBefore = cp.feedRequests.length;
    await cp.start();
    await waitUntil('the latest snapshot', async () => (await version()) === 'third', 10_000);
    assert.equal(cp.feedRequests[requestsBefore]?.cursor, first, 'reconnected from its cursor');
    await ackOf(third);
    assert.deepEqual(cp.acks.filter((a) => a.seq > first).map((a) => [a.seq, a.ok]), [[third - 1, true], [third, true]]);
    assert.equal(cp.enrolments.length, 1, 'the stored credentials were reused');
  });

  test('issue 4: a dropped connection reconnects from the last handled seq', async () => {
    await setup();
    await start();
    const one = cp.publishSnapshot(snapshot(origin.port, 'one'));
    await ackOf(one);
    cp.dropStreams();
    await waitUntil('the reconnection', () => cp.feedRequests.length >= 2 && cp.openStreams === 1);
    assert.equal(cp.feedRequests.at(-1)?.cursor, one);
    const two = cp.publishSnapshot(snapshot(origin.port, 'two'));
    await ackOf(two);
    assert.equal(await version(), 'two');
    assert.equal(cp.acksFor(one).length, 1, 'nothing is applied or acked twice');
  });

  test('reconnects with capped exponential back-off while the control plane refuses the feed', async () => {
    await setup();
    cp.refuseFeed = 5;
    await start();
    await waitUntil('a feed connection after five refusals', () => cp.openStreams === 1, 10_000);
    const times = cp.feedRequests.map((r) => r.atMs);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    // Ceilings 50, 100, 200, 400, 400 ms; each delay is at least half its ceiling (equal jitter).
    [25, 50, 100, 200, 200].forEach((min, i) => assert.ok(gaps[i]! >= min - 5, `gap ${i + 1}: ${gaps[i]} ms ≥ ${min} ms`));
    assert.ok(gaps.every((g) => g < 400 + 300), `no gap far beyond the 400 ms cap: ${gaps.join(', ')}`);

    // A control plane that accepts connections and drops them at once gets the same back-off.
    cp.endStreamsAtOnce = true;
    const from = cp.feedRequests.length;
    cp.dropStreams();
    await sleep(1_500);
    const drops = cp.feedRequests.length - from;
    assert.ok(drops >= 3 && drops <= 12, `${drops} connections in 1.5 s`);
  });

  test('the watchdog reconnects a connection that goes silent; keep-alive comments keep one open', async () => {
    await setup();
    await start();
    await waitUntil('the feed connection', () => cp.openStreams === 1);
    await sleep(1_500);
    assert.equal(cp.feedRequests.length, 1, 'keep-alives every 200 ms: no reconnection');
    cp.keepaliveMs = 0;
    cp.dropStreams();
    await waitUntil('a silent connection', () => cp.feedRequests.length === 2 && cp.openStreams === 1);
    await waitUntil('the watchdog reconnecting', () => cp.feedRequests.length >= 3, 3_000);
    assert.ok(edge!.log.some((l) => /nothing received for 1000 ms/.test(l)), edge!.log.join('\n'));
  });

  test('enrols again when the control plane removed the edge (edge-removed) or no longer knows its token', async () => {
    await setup();
    await start();
    const one = cp.publishSnapshot(snapshot(origin.port, 'one'));
    await ackOf(one);
    const firstId = cp.enrolments[0]!.edgeId;
    cp.removeEdge(firstId);
    await waitUntil('a second enrolment', () => cp.enrolments.length === 2);
    await waitUntil('the new edge connected', () => cp.openStreams === 1);
    const secondId = cp.enrolments[1]!.edgeId;
    assert.notEqual(secondId, firstId);
    assert.equal(cp.feedRequests.at(-1)?.cursor, one, 'the cursor survives enrolling again');
    const stored = JSON.parse(await readFile(join(dataDir, 'feed', 'credentials.json'), 'utf8')) as { edgeId: string };
    assert.equal(stored.edgeId, secondId);
    await waitUntil('heartbeats as the new edge', () => cp.heartbeats.some((h) => h.edgeId === secondId));
    assert.equal(await version(), 'one', 'serving went on throughout');

    // A control plane that lost its memory of the edge: a heartbeat gets 401 and the edge enrols again.
    cp.enrolments.splice(0);
    await waitUntil('a third enrolment', () => cp.enrolments.length === 1, 5_000);
    const two = cp.publishSnapshot(snapshot(origin.port, 'two'));
    assert.equal((await ackOf(two)).edgeId, cp.enrolments[0]!.edgeId);
  });

  test('keeps serving and retrying when enrolment is refused (wrong enrolment token)', async () => {
    await setup();
    await start({ enrolmentToken: 'not-the-right-token-at-all' });
    await waitUntil('a few refused enrolments', () => edge!.log.filter((l) => /enrolment at .* failed: HTTP 401/.test(l)).length >= 2);
    assert.equal(cp.enrolments.length, 0);
    assert.equal(await version(), 404);
    assert.equal((await health()).feed?.transport, undefined);
  });

  test('an edge stopped while its enrolment is under way stops at once and never follows the feed', async () => {
    await setup();
    let release = () => undefined as void;
    cp.holdEnrolment = new Promise<void>((resolve) => (release = resolve));
    await start();
    await waitUntil('the enrolment request', () => cp.enrolmentRequests === 1);
    const stopping = edge!.stop();
    edge = undefined;
    release();
    const outcome = await Promise.race([stopping.then(() => 'stopped'), sleep(5_000).then(() => 'still running')]);
    assert.equal(outcome, 'stopped');
    assert.equal(cp.enrolments.length, 1, 'the enrolment was answered');
    assert.equal(cp.feedRequests.length, 0, 'and the stopped edge did not open the feed');
  });
});
