import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { it } from 'node:test';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { forEachDatabase } from '../db/test-databases.js';
import { createCustomer } from '../test-support/fixtures.js';
import { appendEvent, lastSeq } from './feed-log.js';
import { FEED_PAGE_LIMIT } from './feed-reader.js';
import { FeedHub } from './feed-hub.js';
import { runFeedStream } from './feed-stream.js';

const empty = (seq: number) => ({ snapshot: { version: seq, properties: [], certificates: [], candidates: [], staging: [] } });

/** What a stream from `cursor` writes up to and including its first caught-up. */
async function readUntilCaughtUp(db: Kysely<Database>, cursor: number): Promise<string> {
  const sink = new PassThrough();
  let written = '';
  const stop = new AbortController();
  sink.on('data', (chunk: Buffer) => {
    written += chunk.toString('utf8');
    if (written.includes('event: caught-up')) stop.abort();
  });
  await runFeedStream({ db, hub: new FeedHub(), edgeId: 'edg_x', cursor, sink, stop: stop.signal, pollMs: 20, stillEnrolled: () => Promise.resolve(true) });
  return written;
}

forEachDatabase('feed stream: keepalive and ending', (ctx) => {
  it('writes a keepalive comment every keepaliveMs while idle, and ends when stopped', async () => {
    const sink = new PassThrough();
    let written = '';
    sink.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')));
    const stop = new AbortController();
    const running = runFeedStream({ db: ctx.db(), hub: new FeedHub(), edgeId: 'edg_x', cursor: 0, sink, stop: stop.signal, keepaliveMs: 40, pollMs: 20, stillEnrolled: () => Promise.resolve(true) });
    await new Promise((resolve) => setTimeout(resolve, 150));
    stop.abort();
    assert.equal(await running, 0);
    assert.ok((written.match(/^: keepalive\n\n/gm) ?? []).length >= 2, JSON.stringify(written));
  });

  it('ends by itself when the edge is no longer enrolled, after sending what it had', async () => {
    await ctx.db().transaction().execute((trx) => appendEvent(trx, 'snapshot', 0, empty));
    const sink = new PassThrough();
    let written = '';
    sink.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')));
    let polls = 0;
    const last = await runFeedStream({ db: ctx.db(), hub: new FeedHub(), edgeId: 'edg_x', cursor: 0, sink, stop: new AbortController().signal, pollMs: 20, stillEnrolled: () => Promise.resolve(++polls < 3) });
    assert.equal(last, 1);
    assert.equal((written.match(/^event: snapshot$/gm) ?? []).length, 1);
  });

  it('a removal announced in this process ends the stream at once', async () => {
    const hub = new FeedHub();
    const started = Date.now();
    const running = runFeedStream({ db: ctx.db(), hub, edgeId: 'edg_gone', cursor: 1, sink: new PassThrough(), stop: new AbortController().signal, pollMs: 10_000, stillEnrolled: () => Promise.resolve(true) });
    await new Promise((resolve) => setTimeout(resolve, 30));
    hub.edgeRemoved('edg_gone');
    await running;
    assert.ok(Date.now() - started < 1_000);
  });

  it('caught-up after the catch-up, even a long one (several pages), and only after its last event', async () => {
    const from = await ctx.db().transaction().execute(async (trx) => (await appendEvent(trx, 'snapshot', 0, empty)).seq);
    const last = await ctx.db().transaction().execute(async (trx) => {
      let seq = 0;
      for (let i = 0; i < FEED_PAGE_LIMIT + 5; i++) seq = (await appendEvent(trx, 'invalidation', 0, () => ({ invalidation: { id: `inv_${i}`, requests: [{ type: 'property' as const, property: 'a.example', mode: 'soft' as const }], itemCount: 1 } }))).seq;
      return seq;
    });
    const written = await readUntilCaughtUp(ctx.db(), from);
    const kinds = [...written.matchAll(/^event: (.+)$/gm)].map((m) => m[1]);
    assert.equal(kinds.length, FEED_PAGE_LIMIT + 6);
    assert.deepEqual(kinds.slice(-2), ['invalidation', 'caught-up']);
    assert.equal(kinds.filter((k) => k === 'caught-up').length, 1);
    assert.ok(written.endsWith(`event: caught-up\ndata: {"seq":${last}}\n\n`), written.slice(-100));
  });

  it('an edge already up to date hears caught-up at once, with its own cursor', async () => {
    const cursor = await lastSeq(ctx.db());
    const sink = new PassThrough();
    let written = '';
    const stop = new AbortController();
    sink.on('data', (chunk: Buffer) => {
      written += chunk.toString('utf8');
      stop.abort();
    });
    await runFeedStream({ db: ctx.db(), hub: new FeedHub(), edgeId: 'edg_x', cursor, sink, stop: stop.signal, pollMs: 10_000, stillEnrolled: () => Promise.resolve(true) });
    assert.equal(written, `event: caught-up\ndata: {"seq":${cursor}}\n\n`);
  });

  it('contract feed.ts lost-track: an edge behind an invalidation that was pruned hears it first, then the rest', async () => {
    const db = ctx.db();
    const customer = await createCustomer(db, { name: 'Lost Track Co', nowMs: 0 });
    const cursor = await lastSeq(db);
    // An invalidation whose feed event the pruner has deleted, then one still in the log.
    const values = (id: string, feedSeq: number) => ({
      id, scid: customer.scids[0]!, access_group_id: customer.groupId, kind: 'path' as const, type: 'normal' as const, properties: '["a.example"]', items: '["/a"]',
      item_count: 1, search_text: '["/a"]', ignore_case: 0 as const, notify: '[]', requested_by: 'test', requester_email: null, language: 'en' as const, feed_seq: feedSeq,
      created_at: 0, completed_at: null, edges_total: null, edges_done: null, objects_matched: null, items_matched: null, alerted_at: null, notified_at: null,
    });
    const gone = await db.transaction().execute(async (trx) => (await appendEvent(trx, 'invalidation', 0, () => ({ invalidation: { id: 'inv_gone', requests: [{ type: 'property' as const, property: 'a.example', mode: 'soft' as const }], itemCount: 1 } }))).seq);
    await db.insertInto('invalidations').values(values('inv_gone', gone)).execute();
    await db.deleteFrom('feed_events').where('seq', '=', gone).execute();
    const kept = await db.transaction().execute(async (trx) => (await appendEvent(trx, 'invalidation', 0, () => ({ invalidation: { id: 'inv_kept', requests: [{ type: 'property' as const, property: 'a.example', mode: 'soft' as const }], itemCount: 1 } }))).seq);
    const read = (from: number) => readUntilCaughtUp(db, from);
    const behind = await read(cursor);
    assert.ok(behind.startsWith(`event: lost-track\ndata: {"seq":${cursor}}\n\n`), behind);
    assert.deepEqual([...behind.matchAll(/^event: (.+)$/gm)].map((m) => m[1]), ['lost-track', 'invalidation', 'caught-up']);
    assert.ok(behind.includes(`id: ${kept}\n`));
    const pastIt = await read(gone);
    assert.ok(!pastIt.includes('lost-track'), 'an edge that had applied it lost nothing');
  });
});
