import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { it } from 'node:test';
import { forEachDatabase } from '../db/test-databases.js';
import { appendEvent } from './feed-log.js';
import { FeedHub } from './feed-hub.js';
import { runFeedStream } from './feed-stream.js';

const empty = (seq: number) => ({ snapshot: { version: seq, properties: [], certificates: [], candidates: [], staging: [] } });

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
});
