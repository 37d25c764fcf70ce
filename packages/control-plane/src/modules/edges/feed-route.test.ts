import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FeedEvent } from '@candela/contract';
import { buildApp } from '../../api/app.js';
import { nextSeq } from '../../feed/feed-log.js';
import { writeSnapshot } from '../../feed/snapshot-source.js';
import { openSse } from '../../feed/sse-client.fixture.js';
import type { SseConnection } from '../../feed/sse-client.fixture.js';
import { forEachApp } from '../../test-support/test-app.js';
import type { TestApp } from '../../test-support/test-app.js';
import { createUser, signIn } from '../../test-support/fixtures.js';
import { enrolTestEdge } from './edge-client.fixture.js';
import type { TestEdge } from './edge-client.fixture.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A snapshot committed as an activation would: in its own transaction, readers woken after the commit. */
async function commitSnapshot(t: TestApp, wake = true): Promise<number> {
  const seq = await t.db().transaction().execute(async (trx) => {
    const s = await nextSeq(trx);
    await writeSnapshot(trx, s, t.clock.now);
    return s;
  });
  if (wake) t.deps().feed.committed();
  return seq;
}

/** Another kind of event (issue 5's invalidations), which every edge after the cursor must get. */
async function commitOther(t: TestApp): Promise<number> {
  const seq = await t.db().transaction().execute(async (trx) => {
    const s = await nextSeq(trx);
    await trx.insertInto('feed_events').values({ seq: s, kind: 'invalidation', payload: JSON.stringify({ seq: s, kind: 'invalidation', at: 0 }), created_at: 0 }).execute();
    return s;
  });
  t.deps().feed.committed();
  return seq;
}

forEachApp('the feed over HTTP (server-sent events)', (t) => {
  let base = '';
  let edge: TestEdge;
  const open: SseConnection[] = [];
  const connect = async (query: string, headers: Record<string, string> = {}) => {
    const c = await openSse(`${base}/api/v1/edges/feed${query}`, { ...edge.headers, ...headers });
    open.push(c);
    return c;
  };

  before(async () => {
    await t.app().listen({ host: '127.0.0.1', port: 0 });
    const address = t.app().server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  });
  after(() => {
    for (const c of open) c.close();
  });

  it('cursor 0 before any snapshot: nothing (not even other events) until the first snapshot, which then arrives at once', async () => {
    edge = await enrolTestEdge(t, 'edge-sse');
    await commitOther(t); // 1
    const stream = await connect('?cursor=0');
    assert.equal(stream.status, 200);
    assert.match(String(stream.headers['content-type']), /^text\/event-stream/);
    assert.equal(stream.headers['cache-control'], 'no-store');
    await sleep(300);
    assert.deepEqual(stream.events, []);
    const started = Date.now();
    const seq = await commitSnapshot(t); // 2
    const events = await stream.waitForEvents(2);
    // Woken by the commit, not by the 500 ms poll.
    assert.ok(Date.now() - started < 400, `took ${Date.now() - started} ms`);
    assert.deepEqual(events.map((e) => [e.id, e.event]), [['1', 'invalidation'], [String(seq), 'snapshot']]);
    const event = JSON.parse(events[1]!.data) as FeedEvent;
    assert.equal(event.kind, 'snapshot');
    assert.deepEqual([event.seq, event.kind === 'snapshot' ? event.snapshot.version : -1], [seq, seq]);
    stream.close();
  });

  it('catch-up: only the newest snapshot after the cursor plus every later event, in order; then live events', async () => {
    const s3 = await commitSnapshot(t); // 3
    const o4 = await commitOther(t); // 4
    const s5 = await commitSnapshot(t); // 5
    const o6 = await commitOther(t); // 6
    const stream = await connect(`?cursor=${s3 - 1}`);
    const caught = await stream.waitForEvents(3);
    assert.deepEqual(caught.map((e) => Number(e.id)), [o4, s5, o6]);
    const s7 = await commitSnapshot(t);
    const live = await stream.waitForEvents(4);
    assert.deepEqual(live.map((e) => e.event), ['invalidation', 'snapshot', 'invalidation', 'snapshot']);
    assert.equal(Number(live[3]!.id), s7);
    stream.close();
  });

  it('caught-up: after the catch-up (an empty one too) and after each later batch, with the seq reached and no id', async () => {
    const from = await commitSnapshot(t);
    const stream = await connect(`?cursor=${from}`);
    assert.deepEqual(await stream.waitForCaughtUp(1), [{ seq: from, afterEvents: 0 }]);
    const other = await commitOther(t);
    await stream.waitForCaughtUp(2);
    assert.deepEqual(stream.caughtUp[1], { seq: other, afterEvents: 1 });
    const snapshot = await commitSnapshot(t);
    await stream.waitForCaughtUp(3);
    assert.deepEqual(stream.caughtUp[2], { seq: snapshot, afterEvents: 2 });
    await sleep(600);
    assert.equal(stream.caughtUp.length, 3, 'quiet polls say nothing more');
    stream.close();
    // Reconnecting from behind: the marker comes after everything stored after the cursor.
    const behind = await connect(`?cursor=${from}`);
    const [marker] = await behind.waitForCaughtUp(1);
    assert.deepEqual(marker, { seq: snapshot, afterEvents: 2 });
    assert.deepEqual(behind.events.map((e) => Number(e.id)), [other, snapshot]);
    behind.close();
  });

  it('Last-Event-ID wins over ?cursor (an EventSource reconnecting); a bad one is a 400 naming the header', async () => {
    const last = await commitSnapshot(t);
    const stream = await connect('?cursor=0', { 'last-event-id': String(last - 1) });
    const [only] = await stream.waitForEvents(1);
    assert.equal(Number(only!.id), last);
    await sleep(200);
    assert.equal(stream.events.length, 1);
    stream.close();
    const bad = await t.inject({ method: 'GET', url: '/api/v1/edges/feed', headers: { ...edge.headers, 'last-event-id': 'seven' } });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json<{ error: { details: { pointer: string }[] } }>().error.details.map((d) => d.pointer), ['/headers/last-event-id']);
  });

  it('a commit made elsewhere (another process: no wake-up here) still arrives through the poll', async () => {
    const from = await commitSnapshot(t);
    const stream = await connect(`?cursor=${from}`);
    const seq = await commitSnapshot(t, false);
    const [event] = await stream.waitForEvents(1, 2_000);
    assert.equal(Number(event!.id), seq);
    stream.close();
  });

  it('closing the server ends open streams at once instead of waiting for the edges to hang up', async () => {
    const other = await buildApp(t.deps());
    await other.listen({ host: '127.0.0.1', port: 0 });
    const address = other.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const stream = await openSse(`http://127.0.0.1:${port}/api/v1/edges/feed?cursor=0`, edge.headers);
    open.push(stream);
    assert.equal(stream.status, 200);
    const started = Date.now();
    await other.close();
    await stream.ended;
    assert.ok(Date.now() - started < 2_000, `close took ${Date.now() - started} ms`);
  });

  it('the stream of a removed edge closes; so does the stream of a token replaced by enrolling again', async () => {
    const now = t.clock.now;
    await createUser(t.db(), { email: 'ops@candela.test', staffRole: 'platform-operator', nowMs: now });
    const ops = await signIn(t, 'ops@candela.test');
    const stream = await connect(`?cursor=${await commitSnapshot(t)}`);
    const removed = await t.inject({ method: 'DELETE', url: `/api/v1/staff/edges/${edge.id}`, headers: ops.headers });
    assert.equal(removed.statusCode, 200, removed.body);
    await Promise.race([stream.ended, sleep(2_000).then(() => assert.fail('the stream stayed open'))]);

    const again = await enrolTestEdge(t, 'edge-sse');
    const second = await openSse(`${base}/api/v1/edges/feed?cursor=${await commitSnapshot(t)}`, again.headers);
    open.push(second);
    await enrolTestEdge(t, 'edge-sse'); // a third enrolment replaces the second token
    await Promise.race([second.ended, sleep(2_000).then(() => assert.fail('the stream of the replaced token stayed open'))]);
  });
});
