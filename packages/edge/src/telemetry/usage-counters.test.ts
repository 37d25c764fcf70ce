import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { UsageCounters, addUsageMinute, emptyUsageMinute, minuteStartMs } from './usage-counters.js';
import type { RequestRecord } from './request-record.js';

const T0 = Date.UTC(2025, 0, 31, 23, 58, 0); // a minute boundary

function record(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    atMs: T0,
    propertyId: 'p1',
    clientIp: '198.51.100.1',
    method: 'GET',
    uri: '/',
    protocol: 'HTTP/1.1',
    status: 200,
    bytesSent: 100,
    originBytes: 0,
    durationMs: 1,
    outcome: 'hit',
    host: 'a.example',
    ...overrides,
  };
}

describe('minuteStartMs', () => {
  it('floors to the UTC minute', () => {
    assert.equal(minuteStartMs(T0), T0);
    assert.equal(minuteStartMs(T0 + 59_999), T0);
    assert.equal(minuteStartMs(T0 + 60_000), T0 + 60_000);
  });
});

describe('UsageCounters', () => {
  it('buckets by request start minute and property, counting every §5 counter', () => {
    const usage = new UsageCounters();
    usage.record(record({ atMs: T0 + 1_000, outcome: 'hit', status: 200, bytesSent: 10 }));
    usage.record(record({ atMs: T0 + 2_000, outcome: 'miss', status: 200, bytesSent: 20, originBytes: 25 }));
    usage.record(record({ atMs: T0 + 3_000, outcome: 'stale', status: 304, bytesSent: 0 }));
    usage.record(record({ atMs: T0 + 4_000, outcome: 'revalidated', status: 206, bytesSent: 5 }));
    usage.record(record({ atMs: T0 + 5_000, outcome: 'pass', status: 404, bytesSent: 1, originBytes: 1 }));
    usage.record(record({ atMs: T0 + 59_999, outcome: 'error', status: 502, bytesSent: 2 }));
    usage.record(record({ atMs: T0 + 7_000, outcome: 'generated', status: 403, bytesSent: 3 }));
    usage.record(record({ atMs: T0 + 6_000, propertyId: 'p2', status: 101 }));
    usage.record(record({ atMs: T0 + 60_000 }));

    const [p1, p2, next] = usage.snapshot();
    assert.deepEqual(
      { ...p1, requestsPerSecond: undefined },
      {
        minuteAtMs: T0,
        propertyId: 'p1',
        requests: 7,
        bytesToClients: 41,
        bytesFromOrigin: 26,
        hits: 1,
        misses: 1,
        stale: 1,
        revalidated: 1,
        passes: 1,
        errors: 1,
        generated: 1,
        status2xx: 3,
        status3xx: 1,
        status4xx: 2,
        status5xx: 1,
        peakRequestsPerSecond: 1,
        requestsPerSecond: undefined,
      },
    );
    assert.equal(p1?.requestsPerSecond[59], 1, 'the last millisecond of the minute is in its last second');
    assert.equal(p2?.propertyId, 'p2');
    assert.equal(p2?.requests, 1);
    assert.equal(p2?.status2xx, 0, '1xx belongs to no §5 class');
    assert.equal(next?.minuteAtMs, T0 + 60_000);
  });

  it('computes the peak requests per second over the seconds of the minute', () => {
    const usage = new UsageCounters();
    for (const ms of [10_000, 10_100, 10_999, 20_000, 21_500, 21_600]) usage.record(record({ atMs: T0 + ms }));
    const [minute] = usage.snapshot();
    assert.equal(minute?.peakRequestsPerSecond, 3);
    assert.equal(minute?.requestsPerSecond[10], 3);
    assert.equal(minute?.requestsPerSecond[21], 2);
    assert.equal(minute?.requestsPerSecond.length, 60);
  });

  it('drains only minutes that ended before the current one, with an injected clock', () => {
    const usage = new UsageCounters();
    usage.record(record({ atMs: T0 + 5_000 }));
    usage.record(record({ atMs: T0 + 65_000 }));
    assert.deepEqual(usage.drainCompleted(T0 + 59_999), [], 'the minute is not over yet');
    const drained = usage.drainCompleted(T0 + 60_000);
    assert.deepEqual(
      drained.map((m) => m.minuteAtMs),
      [T0],
    );
    assert.deepEqual(usage.drainCompleted(T0 + 60_000), [], 'a drained minute is gone');
    assert.deepEqual(
      usage.snapshot().map((m) => m.minuteAtMs),
      [T0 + 60_000],
      'the current minute stays',
    );
    assert.deepEqual(
      usage.drainCompleted(T0 + 10 * 60_000).map((m) => m.minuteAtMs),
      [T0 + 60_000],
    );
  });

  it('records a request finishing after its minute was drained as a further delta of that minute', () => {
    const usage = new UsageCounters();
    usage.record(record({ atMs: T0 + 1_000 }));
    assert.equal(usage.drainCompleted(T0 + 60_000).length, 1);
    usage.record(record({ atMs: T0 + 50_000 }));
    const late = usage.drainCompleted(T0 + 61_000);
    assert.equal(late.length, 1);
    assert.equal(late[0]?.minuteAtMs, T0);
    assert.equal(late[0]?.requests, 1);
  });

  it('snapshot returns copies', () => {
    const usage = new UsageCounters();
    usage.record(record());
    const [copy] = usage.snapshot();
    copy!.requests = 99;
    copy!.requestsPerSecond[0] = 99;
    const [again] = usage.snapshot();
    assert.equal(again?.requests, 1);
    assert.equal(again?.requestsPerSecond[0], 1);
  });

  it('merge adds counters and recomputes the peak from summed per-second counts', () => {
    const workerA = new UsageCounters();
    const workerB = new UsageCounters();
    // A: 2 requests in second 5. B: 2 in second 5 and 3 in second 6. Peaks are 2 and 3; the true
    // combined peak is 4 (second 5), neither the larger peak (3) nor their sum (5).
    for (const ms of [5_000, 5_500]) workerA.record(record({ atMs: T0 + ms, bytesSent: 10 }));
    for (const ms of [5_100, 5_200, 6_000, 6_100, 6_200]) {
      workerB.record(record({ atMs: T0 + ms, bytesSent: 1, outcome: 'miss' }));
    }
    workerB.record(record({ atMs: T0 + 1_000, propertyId: 'p2' }));

    const primary = new UsageCounters();
    const fromA = workerA.drainCompleted(T0 + 60_000);
    primary.merge(fromA);
    primary.merge(workerB.drainCompleted(T0 + 60_000));
    const [p1, p2] = primary.drainCompleted(T0 + 60_000);
    assert.equal(p1?.requests, 7);
    assert.equal(p1?.hits, 2);
    assert.equal(p1?.misses, 5);
    assert.equal(p1?.bytesToClients, 25);
    assert.equal(p1?.status2xx, 7);
    assert.equal(p1?.requestsPerSecond[5], 4);
    assert.equal(p1?.requestsPerSecond[6], 3);
    assert.equal(p1?.peakRequestsPerSecond, 4);
    assert.equal(p2?.propertyId, 'p2');
    assert.equal(fromA[0]?.requests, 2, 'merging never mutates the minutes it was given');
  });

  it('addUsageMinute adds every counter of one minute to another', () => {
    const a = emptyUsageMinute(T0, 'p');
    const b = emptyUsageMinute(T0, 'p');
    a.status4xx = 2;
    b.status4xx = 3;
    b.bytesFromOrigin = 7;
    b.requestsPerSecond[0] = 9;
    addUsageMinute(a, b);
    assert.equal(a.status4xx, 5);
    assert.equal(a.bytesFromOrigin, 7);
    assert.equal(a.peakRequestsPerSecond, 9);
  });
});
