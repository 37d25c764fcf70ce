import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeActivation } from './activation-watcher-rules.js';
import type { EdgeProgress } from './activation-watcher-rules.js';

const edge = (id: string, over: Partial<EdgeProgress> = {}): EdgeProgress => ({ id, online: true, appliedVersion: 0, lastOkSeq: null, refused: undefined, ...over });
const at = { feedSeq: 10, createdAtMs: 1_000, deadlineMs: 30_000 };

test('activation watcher rules: active when every online edge applied the seq or a newer one (ack or heartbeat)', () => {
  const edges = [edge('a', { lastOkSeq: 10 }), edge('b', { appliedVersion: 12 }), edge('gone', { online: false })];
  assert.deepEqual(judgeActivation({ ...at, edges, nowMs: 2_000 }), { kind: 'active', done: 2, total: 2 });
  // Nobody online: nobody to wait for.
  assert.deepEqual(judgeActivation({ ...at, edges: [edge('gone', { online: false })], nowMs: 2_000 }), { kind: 'active', done: 0, total: 0 });
});

test('activation watcher rules: n of m while waiting; an ack for an older seq does not count', () => {
  const edges = [edge('a', { lastOkSeq: 10 }), edge('b', { lastOkSeq: 9, appliedVersion: 9 })];
  assert.deepEqual(judgeActivation({ ...at, edges, nowMs: 2_000 }), { kind: 'propagating', done: 1, total: 2 });
});

test('activation watcher rules: an edge refusing exactly this seq rolls it back, even if others applied it', () => {
  const edges = [edge('a', { lastOkSeq: 10 }), edge('b', { refused: ['/properties/0: bad'] })];
  assert.deepEqual(judgeActivation({ ...at, edges, nowMs: 2_000 }), { kind: 'refused', done: 1, total: 2, edgeId: 'b', problems: ['/properties/0: bad'] });
});

test('activation watcher rules: past the deadline with an online edge behind → rolled back; at the deadline itself, still waiting', () => {
  const edges = [edge('a', { lastOkSeq: 10 }), edge('slow', { appliedVersion: 3 })];
  assert.deepEqual(judgeActivation({ ...at, edges, nowMs: 31_000 }), { kind: 'propagating', done: 1, total: 2 });
  assert.deepEqual(judgeActivation({ ...at, edges, nowMs: 31_001 }), { kind: 'deadline', done: 1, total: 2 });
  // The slow edge went offline: it is left out and catches up later, so the activation is complete.
  assert.deepEqual(judgeActivation({ ...at, edges: [edges[0]!, { ...edges[1]!, online: false }], nowMs: 31_001 }), { kind: 'active', done: 1, total: 1 });
});
