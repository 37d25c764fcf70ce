// What the edge does with each feed event: the decisions behind apply / refuse / ignore.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { caughtUpSeq, decideEvent, problemLines } from './feed-event.js';

const snapshot = (seq: number, snap: unknown) => JSON.stringify({ seq, at: 1, kind: 'snapshot', snapshot: snap });
const good = { version: 5, properties: [{ id: 'a', aliases: ['a.example'], origin: { host: 'o.example' } }] };

describe('decideEvent', () => {
  it('applies a valid snapshot after the cursor, with defaults filled in', () => {
    const d = decideEvent(snapshot(5, good), 4);
    assert.equal(d.kind, 'apply');
    if (d.kind !== 'apply') return;
    assert.equal(d.seq, 5);
    assert.equal(d.doc.properties[0]!.origin.protocol, 'http');
    assert.deepEqual(d.doc.candidates, []);
  });

  it('ignores events at or before the cursor (replays and duplicate deliveries)', () => {
    assert.deepEqual(decideEvent(snapshot(5, good), 5), { kind: 'ignore', seq: 5 });
    assert.deepEqual(decideEvent(snapshot(3, { broken: true }), 5), { kind: 'ignore', seq: 3 });
  });

  it('refuses an invalid snapshot with every problem as "pointer: message", pointers inside the snapshot', () => {
    const bad = { version: 6, properties: [{ id: 'a', aliases: ['Not A Host'], origin: { host: 'o' }, extra: 1 }] };
    const d = decideEvent(snapshot(6, bad), 5);
    assert.equal(d.kind, 'refuse');
    if (d.kind !== 'refuse') return;
    assert.equal(d.seq, 6);
    assert.ok(d.problems.some((p) => p.startsWith('/properties/0/aliases/0: ')), d.problems.join('\n'));
    assert.ok(d.problems.some((p) => p.startsWith('/properties/0: ')), d.problems.join('\n'));
  });

  it('refuses an unknown kind (acked ok:false, the cursor moves on)', () => {
    const d = decideEvent(JSON.stringify({ seq: 9, at: 1, kind: 'purge' }), 5);
    assert.deepEqual(d, { kind: 'refuse', seq: 9, problems: ['/kind: this edge does not know the event kind "purge"'] });
  });

  it('uses the transport seq when the JSON is broken, and reports when there is none', () => {
    assert.equal(decideEvent('{not json', 5, 7).kind, 'refuse');
    assert.equal(decideEvent('{not json', 5).kind, 'malformed');
    assert.equal(decideEvent('{"kind":"snapshot"}', 5).kind, 'malformed');
  });

  it('issue 5: an invalidation after the cursor is applied with its requests, validated by the contract (defaults filled in)', () => {
    const event = { seq: 7, at: 1, kind: 'invalidation', invalidation: { id: 'inv-1', itemCount: 1, requests: [{ type: 'path', property: 'a.example', patterns: ['/img/*'] }] } };
    const d = decideEvent(JSON.stringify(event), 6);
    assert.equal(d.kind, 'invalidate');
    if (d.kind !== 'invalidate') return;
    assert.equal(d.seq, 7);
    assert.deepEqual(d.invalidation.requests, [{ type: 'path', property: 'a.example', patterns: ['/img/*'], ignoreCase: false, mode: 'soft' }]);
    assert.deepEqual(decideEvent(JSON.stringify(event), 7), { kind: 'ignore', seq: 7 }, 'never applied twice');
  });

  it('issue 5: a malformed invalidation is refused with pointers from the event root', () => {
    const event = { seq: 8, at: 1, kind: 'invalidation', invalidation: { id: 'inv-2', itemCount: 0, requests: [{ type: 'path', property: 'a.example', patterns: [] }] } };
    const d = decideEvent(JSON.stringify(event), 6);
    assert.equal(d.kind, 'refuse');
    if (d.kind !== 'refuse') return;
    assert.ok(d.problems.some((p) => p.startsWith('/invalidation/itemCount: ')), d.problems.join('\n'));
    assert.ok(d.problems.some((p) => p.startsWith('/invalidation/requests/0/patterns: ')), d.problems.join('\n'));
  });

  it('issue 5: caught-up carries the seq the stream reached; anything else is not one', () => {
    assert.equal(caughtUpSeq('{"seq":12}'), 12);
    assert.equal(caughtUpSeq('{"seq":-1}'), undefined);
    assert.equal(caughtUpSeq('nope'), undefined);
  });

  it('keeps within the ack schema: at most 100 problem lines of 1000 characters', () => {
    const many = Array.from({ length: 150 }, (_, i) => ({ pointer: `/p/${i}`, message: 'x'.repeat(2000) }));
    const lines = problemLines(many);
    assert.equal(lines.length, 100);
    assert.ok(lines.every((l) => l.length <= 1000));
    assert.match(lines[99]!, /51 more problems/);
    assert.deepEqual(problemLines([{ pointer: '', message: 'm' }]), ['(document): m']);
  });
});
