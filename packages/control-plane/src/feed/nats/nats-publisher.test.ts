// The NATS JetStream transport against a real server (CI: CANDELA_TEST_NATS_URL=nats://127.0.0.1:4222).
// Unset: these tests are not registered (and this file says so). Set but unreachable: they fail.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Kysely } from 'kysely';
import { AckPolicy, jetstream, StorageType } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { forEachDatabase } from '../../db/test-databases.js';
import type { Database } from '../../db/schema.js';
import { nextSeq } from '../feed-log.js';
import { FeedHub } from '../feed-hub.js';
import { writeSnapshot } from '../snapshot-source.js';
import { testNatsUrl } from './config.js';
import { FEED_RETENTION_MS } from '../feed-reader.js';
import { startNatsPublisher } from './nats-publisher.js';
import { useNatsTestStream } from './nats-test-stream.fixture.js';

const url = testNatsUrl();

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function commitSnapshot(db: Kysely<Database>, hub: FeedHub): Promise<number> {
  const seq = await db.transaction().execute(async (trx) => {
    const s = await nextSeq(trx);
    await writeSnapshot(trx, s, Date.now());
    return s;
  });
  hub.committed();
  return seq;
}

async function commitOther(db: Kysely<Database>): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const s = await nextSeq(trx);
    await trx.insertInto('feed_events').values({ seq: s, kind: 'invalidation', payload: JSON.stringify({ seq: s, kind: 'invalidation', at: 0 }), created_at: 0 }).execute();
    return s;
  });
}

if (url === undefined) {
  console.log('nats-publisher: NATS variant NOT run: CANDELA_TEST_NATS_URL is unset (e.g. CANDELA_TEST_NATS_URL=nats://127.0.0.1:4222)');
} else {
  forEachDatabase('feed over NATS JetStream', (ctx) => {
    const hub = new FeedHub();
    const nats = useNatsTestStream(url);
    const { names } = nats;
    const start = () => nats.startPublisher(ctx.db(), hub);
    const stored = async () => {
      const info = await nats.jsm().streams.info(names.stream);
      const out: { subject: string; msgId: string | undefined; seq: number; kind: string }[] = [];
      for (let s = info.state.first_seq; s <= info.state.last_seq && info.state.messages > 0; s++) {
        const m = await nats.jsm().streams.getMessage(names.stream, { seq: s });
        if (m !== null) out.push({ subject: m.subject, msgId: m.header?.get('Nats-Msg-Id'), ...m.json<{ seq: number; kind: string }>() });
      }
      return out.map((m) => ({ subject: m.subject, msgId: m.msgId, seq: m.seq, kind: m.kind }));
    };


    it('at start the publisher creates the stream: file storage, 7 days, subjects <subject>.>', async () => {
      start();
      await until('the stream', async () => (await nats.jsm().streams.info(names.stream).catch(() => undefined)) !== undefined);
      const info = await nats.jsm().streams.info(names.stream);
      assert.deepEqual(info.config.subjects, [`${names.subject}.>`]);
      assert.equal(info.config.storage, StorageType.File);
      assert.equal(info.config.max_age, nanos(FEED_RETENTION_MS));
    });

    it('each committed event is published to <subject>.<kind> with Nats-Msg-Id = its seq, in order', async () => {
      const s1 = await commitSnapshot(ctx.db(), hub);
      await until('seq 1 published', () => nats.publisher!.publishedThrough() === s1);
      const o2 = await commitOther(ctx.db());
      hub.committed();
      await until('seq 2 published', () => nats.publisher!.publishedThrough() === o2);
      assert.deepEqual(await stored(), [
        { subject: `${names.subject}.snapshot`, msgId: String(s1), seq: s1, kind: 'snapshot' },
        { subject: `${names.subject}.invalidation`, msgId: String(o2), seq: o2, kind: 'invalidation' },
      ]);
    });

    it('an edge’s durable consumer reads the events in seq order, snapshot payload intact', async () => {
      await nats.jsm().consumers.add(names.stream, { durable_name: 'edge-test', ack_policy: AckPolicy.Explicit });
      const consumer = await jetstream(nats.nc()).consumers.get(names.stream, 'edge-test');
      const batch = await consumer.fetch({ max_messages: 2, expires: 2_000 });
      const got: { seq: number; kind: string; snapshot?: { version: number } }[] = [];
      for await (const m of batch) {
        got.push(m.json());
        m.ack();
      }
      assert.deepEqual(got.map((e) => [e.seq, e.kind]), [[1, 'snapshot'], [2, 'invalidation']]);
      assert.equal(got[0]!.snapshot?.version, 1);
    });

    it('a republished event is a duplicate JetStream drops', async () => {
      const ack = await jetstream(nats.nc()).publish(`${names.subject}.snapshot`, '{}', { msgID: '1' });
      assert.equal(ack.duplicate, true);
      assert.equal((await nats.jsm().streams.info(names.stream)).state.messages, 2);
    });

    it('events committed while no publisher could reach NATS go out when one does: the newest snapshot and every later event', async () => {
      await nats.publisher!.stop();
      // A publisher pointed at a port where nothing listens keeps retrying, and loses nothing.
      const down = startNatsPublisher({ url: 'nats://127.0.0.1:1', db: ctx.db(), hub, names, pollMs: 20, retryMs: 20 });
      await commitSnapshot(ctx.db(), hub); // 3, replaced by 5 before anyone publishes it
      const o4 = await commitOther(ctx.db());
      const s5 = await commitSnapshot(ctx.db(), hub);
      const o6 = await commitOther(ctx.db());
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(down.publishedThrough(), 0);
      await down.stop();
      start();
      await until('seq 6 published', () => nats.publisher!.publishedThrough() === o6);
      assert.deepEqual((await stored()).slice(2).map((m) => [m.seq, m.kind, m.msgId]), [[o4, 'invalidation', String(o4)], [s5, 'snapshot', String(s5)], [o6, 'invalidation', String(o6)]]);
    });

    it('when age has dropped every snapshot from the stream, the newest is put back', async () => {
      await nats.publisher!.stop();
      await nats.jsm().streams.purge(names.stream, { filter: `${names.subject}.snapshot` });
      start();
      await until('a snapshot back in the stream', async () => (await nats.jsm().streams.getMessage(names.stream, { last_by_subj: `${names.subject}.snapshot` })) !== null);
      const back = await nats.jsm().streams.getMessage(names.stream, { last_by_subj: `${names.subject}.snapshot` });
      assert.equal(back?.json<{ seq: number }>().seq, 5);
    });
  });
}
