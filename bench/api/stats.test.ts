// The API benchmark's timetable and percentile arithmetic: a wrong rounding here would silently move
// every number in docs/benchmarks.md, so each rule is pinned with hand-checked values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  clientFor,
  cpuPercent,
  dueCount,
  latencyFromScheduleMs,
  percentile,
  plannedRequests,
  ratePerSecond,
  routeFor,
  ROUTES,
  scheduledAtMs,
  summarize,
  timeline,
} from './stats.js';

test('plannedRequests: rate × duration, nothing for a zero rate or duration', () => {
  assert.equal(plannedRequests(1000, 20_000), 20_000);
  assert.equal(plannedRequests(333, 1_500), 500); // 499.5 rounds up
  assert.equal(plannedRequests(0, 20_000), 0);
  assert.equal(plannedRequests(1000, 0), 0);
});

test('scheduledAtMs: requests evenly spaced at 1/rate, the first at the start', () => {
  assert.equal(scheduledAtMs(0, 1000), 0);
  assert.equal(scheduledAtMs(1, 1000), 1);
  assert.equal(scheduledAtMs(999, 1000), 999);
  assert.equal(scheduledAtMs(3, 200), 15);
});

test('dueCount: every request scheduled at or before the elapsed time, capped at the total', () => {
  assert.equal(dueCount(-1, 1000, 100), 0);
  assert.equal(dueCount(0, 1000, 100), 1); // request 0 is due at once
  assert.equal(dueCount(0.999, 1000, 100), 1);
  assert.equal(dueCount(1, 1000, 100), 2); // request 1 due at exactly 1 ms
  assert.equal(dueCount(10.5, 1000, 100), 11);
  assert.equal(dueCount(5_000, 1000, 100), 100);
});

test('dueCount: a late timer releases every missed request at once', () => {
  // The timer was expected at 2 ms but fired at 40 ms: requests 0–40 are all due.
  assert.equal(dueCount(40, 1000, 1_000_000), 41);
});

test('dueCount: exact boundaries despite float error (rate 300: request 3 is due at 10 ms)', () => {
  assert.equal(scheduledAtMs(3, 300), 10);
  assert.equal(dueCount(10, 300, 1000), 4);
  assert.equal(dueCount(9.99, 300, 1000), 3);
});

test('latencyFromScheduleMs: measured from when the request was due, so a late send counts against the server', () => {
  // Request 500 at 1000/s is due at start + 500 ms; sent late and answered at start + 530 ms: 30 ms.
  assert.equal(latencyFromScheduleMs({ phaseStartMs: 10_000, index: 500, rateRps: 1000, doneAtMs: 10_530 }), 30);
});

test('clientFor and routeFor: round robin, and every client uses every route', () => {
  assert.equal(clientFor(0, 200), 0);
  assert.equal(clientFor(201, 200), 1);
  assert.equal(routeFor(0), ROUTES[0]);
  assert.equal(routeFor(4), ROUTES[1]);
  const seen = new Set<string>();
  for (let k = 0; k < 600; k++) if (clientFor(k, 200) === 7) seen.add(routeFor(k));
  assert.equal(seen.size, ROUTES.length);
});

test('percentile: nearest rank on an ascending array', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
  assert.equal(percentile(hundred, 50), 50);
  assert.equal(percentile(hundred, 90), 90);
  assert.equal(percentile(hundred, 99), 99);
  assert.equal(percentile(hundred, 100), 100);
  assert.equal(percentile(hundred, 0), 1);
  assert.equal(percentile([7], 99), 7);
  assert.ok(Number.isNaN(percentile([], 50)));
});

test('percentile: p99 of fewer than 100 samples is the maximum (no interpolation below it)', () => {
  assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 1000], 99), 1000);
  assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 1000], 90), 9);
});

test('summarize: sorts a copy and reports count, mean, p50, p90, p99 and max', () => {
  const input = [5, 1, 4, 2, 3];
  const s = summarize(input);
  assert.deepEqual(input, [5, 1, 4, 2, 3]);
  assert.deepEqual(s, { count: 5, meanMs: 3, p50Ms: 3, p90Ms: 5, p99Ms: 5, maxMs: 5 });
  assert.equal(summarize([]).count, 0);
  assert.ok(Number.isNaN(summarize([]).p99Ms));
});

test('ratePerSecond and cpuPercent: per second and per core, zero for an empty span', () => {
  assert.equal(ratePerSecond(20_000, 20_000), 1000);
  assert.equal(ratePerSecond(5, 0), 0);
  assert.equal(cpuPercent(15_000, 10_000), 150);
  assert.equal(cpuPercent(1, 0), 0);
});

test('timeline: latencies grouped by due time into fixed buckets, empty buckets kept', () => {
  const at = [0, 500, 999, 2_100, 2_200];
  const lat = [1, 2, 30, 4, 5];
  const t = timeline(at, lat, 1000);
  assert.equal(t.length, 3);
  assert.deepEqual(t[0], { fromS: 0, count: 3, p50Ms: 2, p99Ms: 30, maxMs: 30 });
  assert.equal(t[1]?.count, 0);
  assert.deepEqual(t[2], { fromS: 2, count: 2, p50Ms: 4, p99Ms: 5, maxMs: 5 });
});
