// One contract test suite for both feed transports (issue 4: "Both pass one shared contract test suite"):
// what an edge following the feed must observe, whether it reads the HTTP stream or a JetStream durable
// consumer. Each transport's test file supplies a FeedTransportUnderTest and calls feedTransportContract.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { appendEvent, nextSeq } from './feed-log.js';
import type { FeedHub } from './feed-hub.js';
import { writeSnapshot } from './snapshot-source.js';

export interface ReceivedEvent {
  readonly seq: number;
  readonly kind: string;
  readonly snapshot?: { readonly version: number };
  readonly invalidation?: { readonly id: string };
}

export interface FeedFollower {
  readonly received: ReceivedEvent[];
  stop(): Promise<void>;
}

export interface FeedTransportUnderTest {
  readonly db: Kysely<Database>;
  readonly hub: FeedHub;
  /** Follows the feed as edge `name`, from where that edge left off (its cursor, or its durable consumer). */
  follow(name: string): Promise<FeedFollower>;
}

async function commitSnapshot(t: FeedTransportUnderTest): Promise<number> {
  const seq = await t.db.transaction().execute(async (trx) => {
    const s = await nextSeq(trx);
    await writeSnapshot(trx, s, Date.now());
    return s;
  });
  t.hub.committed();
  return seq;
}

/** An invalidation as the API writes one (issue 5): every edge after its cursor must get each of them. */
async function commitInvalidation(t: FeedTransportUnderTest, id: string): Promise<number> {
  const event = await t.db.transaction().execute((trx) =>
    appendEvent(trx, 'invalidation', Date.now(), () => ({ invalidation: { id, requests: [{ type: 'path' as const, property: 'www.example.com', patterns: ['/img/*'], ignoreCase: false, mode: 'soft' as const }], itemCount: 1 } })),
  );
  t.hub.committed();
  return event.seq;
}

async function until(what: string, check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function assertIncreasing(events: readonly ReceivedEvent[]): void {
  events.forEach((e, i) => {
    if (i > 0) assert.ok(e.seq > events[i - 1]!.seq, `seq ${e.seq} after ${events[i - 1]!.seq}`);
    if (e.kind === 'snapshot') assert.equal(e.snapshot?.version, e.seq, 'a snapshot’s version is its seq');
  });
}

/** Declares the contract's tests; `transport` is called inside them (after the suite's before hooks). */
export function feedTransportContract(transport: () => FeedTransportUnderTest): void {
  void it('feed contract: a follower receives each committed snapshot once, in seq order, with version = seq', async () => {
    const t = transport();
    const edge = await t.follow('edge-contract-1');
    const seqs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const seq = await commitSnapshot(t);
      seqs.push(seq);
      await until(`snapshot ${seq}`, () => edge.received.some((e) => e.seq === seq));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(edge.received.map((e) => e.seq).filter((s) => s >= seqs[0]!), seqs);
    assertIncreasing(edge.received);
    await edge.stop();
  });

  void it('feed contract: an edge that was down during two activations catches up to the latest on return, and nothing it had comes again', async () => {
    const t = transport();
    const first = await t.follow('edge-contract-2');
    const seen = await commitSnapshot(t);
    await until(`snapshot ${seen}`, () => first.received.some((e) => e.seq === seen));
    await first.stop();
    await commitSnapshot(t);
    const latest = await commitSnapshot(t);
    const back = await t.follow('edge-contract-2');
    await until(`the latest snapshot ${latest}`, () => back.received.some((e) => e.seq === latest));
    assert.ok(back.received.every((e) => e.seq > seen), `redelivered: ${back.received.map((e) => e.seq).join(',')}`);
    assertIncreasing(back.received);
    assert.equal(back.received.filter((e) => e.kind === 'snapshot').at(-1)?.seq, latest);
    await back.stop();
  });

  void it('feed contract: an edge that was down gets every invalidation it missed, in seq order, then live ones', async () => {
    const t = transport();
    const first = await t.follow('edge-contract-3');
    const seen = await commitSnapshot(t);
    await until(`snapshot ${seen}`, () => first.received.some((e) => e.seq === seen));
    await first.stop();
    const missed = [await commitInvalidation(t, 'inv_a'), await commitSnapshot(t), await commitInvalidation(t, 'inv_b'), await commitInvalidation(t, 'inv_c')];
    const back = await t.follow('edge-contract-3');
    await until('the last missed invalidation', () => back.received.some((e) => e.seq === missed[3]));
    const live = await commitInvalidation(t, 'inv_d');
    await until('the live invalidation', () => back.received.some((e) => e.seq === live));
    assertIncreasing(back.received);
    assert.ok(back.received.every((e) => e.seq > seen), `redelivered: ${back.received.map((e) => e.seq).join(',')}`);
    const invalidations = back.received.filter((e) => e.kind === 'invalidation');
    assert.deepEqual(invalidations.map((e) => [e.seq, e.invalidation?.id]), [
      [missed[0], 'inv_a'],
      [missed[2], 'inv_b'],
      [missed[3], 'inv_c'],
      [live, 'inv_d'],
    ]);
    assert.ok(back.received.some((e) => e.seq === missed[1] && e.kind === 'snapshot'));
    await back.stop();
  });
}
