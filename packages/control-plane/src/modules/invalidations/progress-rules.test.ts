import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COUNT_GRACE_MS, countsTowardsTotal, invalidationProgress, readyToSettle } from './progress-rules.js';
import type { ProgressAck, ProgressEdge } from './progress-rules.js';

const CREATED = 1_000_000;
const edge = (id: string, enrolledAtMs = CREATED - 1, removedAtMs: number | null = null): ProgressEdge => ({ id, enrolledAtMs, removedAtMs });
const ok = (edgeId: string, atMs: number, matched = 0, matchedByItem: number[] | null = null): ProgressAck => ({ edgeId, ok: true, matched, matchedByItem, atMs });

describe('invalidation progress rules', () => {
  it('pending while no counted edge has applied it; in-progress with some; complete with all, at the last ack', () => {
    const edges = [edge('a'), edge('b')];
    assert.deepEqual(invalidationProgress({ createdAtMs: CREATED, itemCount: 2, edges, acks: [] }), { status: 'pending', edgesDone: 0, edgesTotal: 2, edgesCounted: 0, objectsMatched: 0, itemsMatched: [0, 0], completedAtMs: null });
    const one = invalidationProgress({ createdAtMs: CREATED, itemCount: 2, edges, acks: [ok('a', CREATED + 10, 5, [3, 2])] });
    assert.deepEqual(one, { status: 'in-progress', edgesDone: 1, edgesTotal: 2, edgesCounted: 1, objectsMatched: 5, itemsMatched: [3, 2], completedAtMs: null });
    const both = invalidationProgress({ createdAtMs: CREATED, itemCount: 2, edges, acks: [ok('a', CREATED + 10, 5, [3, 2]), ok('b', CREATED + 30, 4, [4, 1])] });
    assert.deepEqual(both, { status: 'complete', edgesDone: 2, edgesTotal: 2, edgesCounted: 2, objectsMatched: 9, itemsMatched: [7, 3], completedAtMs: CREATED + 30 });
  });

  it('with no edge in the fleet it is complete at once, at its creation', () => {
    assert.deepEqual(invalidationProgress({ createdAtMs: CREATED, itemCount: 1, edges: [], acks: [] }), { status: 'complete', edgesDone: 0, edgesTotal: 0, edgesCounted: 0, objectsMatched: 0, itemsMatched: [0], completedAtMs: CREATED });
  });

  it('a refusal (ok: false) is not done: the request stays open', () => {
    const p = invalidationProgress({ createdAtMs: CREATED, itemCount: 1, edges: [edge('a')], acks: [{ edgeId: 'a', ok: false, matched: null, matchedByItem: null, atMs: CREATED + 1 }] });
    assert.equal(p.status, 'pending');
    assert.equal(p.edgesTotal, 1);
  });

  it('a removed edge stops counting, and its removal is when the request completed', () => {
    const edges = [edge('a'), edge('b', CREATED - 1, CREATED + 500)];
    const p = invalidationProgress({ createdAtMs: CREATED, itemCount: 1, edges, acks: [ok('a', CREATED + 10, 1, [1])] });
    assert.deepEqual([p.status, p.edgesDone, p.edgesTotal, p.completedAtMs], ['complete', 1, 1, CREATED + 500]);
    // An edge removed before the request never mattered.
    const earlier = invalidationProgress({ createdAtMs: CREATED, itemCount: 1, edges: [edge('a'), edge('c', CREATED - 100, CREATED - 50)], acks: [ok('a', CREATED + 10)] });
    assert.equal(earlier.completedAtMs, CREATED + 10);
  });

  it('an edge enrolled after the request counts only once it has applied it', () => {
    const late = edge('late', CREATED + 1);
    assert.equal(countsTowardsTotal(late, CREATED, false), false);
    assert.equal(countsTowardsTotal(late, CREATED, true), true);
    assert.equal(countsTowardsTotal(edge('x', CREATED), CREATED, false), true, 'enrolled at the same instant counts');
    const p = invalidationProgress({ createdAtMs: CREATED, itemCount: 1, edges: [edge('a'), late], acks: [] });
    assert.deepEqual([p.edgesDone, p.edgesTotal], [0, 1]);
    const acked = invalidationProgress({ createdAtMs: CREATED, itemCount: 1, edges: [edge('a'), late], acks: [ok('late', CREATED + 5, 2, [2])] });
    assert.deepEqual([acked.status, acked.edgesDone, acked.edgesTotal, acked.objectsMatched], ['in-progress', 1, 2, 2]);
  });

  it('per-item counts beyond the item count are ignored, missing ones count as zero; a removed edge’s ack does not count', () => {
    const p = invalidationProgress({ createdAtMs: CREATED, itemCount: 2, edges: [edge('a'), edge('b'), edge('gone', CREATED - 1, CREATED + 1)], acks: [ok('a', CREATED + 1, 3, [1, 1, 9]), ok('b', CREATED + 2, 1, [1]), ok('gone', CREATED + 1, 50, [50, 50])] });
    assert.deepEqual([p.status, p.edgesDone, p.edgesTotal, p.objectsMatched, p.itemsMatched], ['complete', 2, 2, 4, [2, 1]]);
  });

  it('two acks per edge: done on the "in force" ack (no counts); counted once its counts come; settled then, or after COUNT_GRACE_MS', () => {
    const edges = [edge('a'), edge('b')];
    const inForce = (edgeId: string, atMs: number): ProgressAck => ({ edgeId, ok: true, matched: null, matchedByItem: null, atMs });
    const input = { createdAtMs: CREATED, itemCount: 1, edges, acks: [inForce('a', CREATED + 10), ok('b', CREATED + 20, 3, [3])] };
    const p = invalidationProgress(input);
    assert.deepEqual([p.status, p.edgesDone, p.edgesCounted, p.objectsMatched, p.completedAtMs], ['complete', 2, 1, 3, CREATED + 20]);
    assert.equal(readyToSettle(p, CREATED + 20), false);
    assert.equal(readyToSettle(p, CREATED + 20 + COUNT_GRACE_MS - 1), false);
    assert.equal(readyToSettle(p, CREATED + 20 + COUNT_GRACE_MS), true);
    const counted = invalidationProgress({ ...input, acks: [ok('a', CREATED + 10, 4, [4]), ok('b', CREATED + 20, 3, [3])] });
    assert.deepEqual([counted.edgesCounted, counted.objectsMatched], [2, 7]);
    assert.equal(readyToSettle(counted, CREATED + 20), true);
    // A refusal is not done, so it is not counted either; an open request is never settled.
    const refused = invalidationProgress({ ...input, acks: [{ edgeId: 'a', ok: false, matched: null, matchedByItem: null, atMs: CREATED + 10 }] });
    assert.deepEqual([refused.edgesDone, refused.edgesCounted], [0, 0]);
    assert.equal(readyToSettle(refused, CREATED + COUNT_GRACE_MS * 2), false);
    // An edge removed from the fleet is neither done nor counted.
    const removed = invalidationProgress({ ...input, edges: [edge('a', CREATED - 1, CREATED + 5), edge('b')] });
    assert.deepEqual([removed.edgesDone, removed.edgesCounted], [1, 1]);
  });
});
