import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EdgeMetrics } from './metrics.js';
import type { MetricsSnapshot } from './metrics.js';
import { latencyBucketIndex } from './metric-counters.js';
import type { RequestRecord } from './request-record.js';

function record(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    atMs: 0,
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

/** Parses exposition text into "name{k="v",…}" (labels sorted) → value, ignoring comments. */
function parseExposition(body: string): Map<string, number> {
  const series = new Map<string, number>();
  for (const line of body.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(match, `unparseable line: ${line}`);
    const [, name, labelText = '', value = ''] = match;
    const labels = [...labelText.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)]
      .map(([, k, v]) => `${k}="${v}"`)
      .sort();
    series.set(labels.length > 0 ? `${name}{${labels.join(',')}}` : (name ?? ''), Number(value));
  }
  return series;
}

async function scrape(metrics: EdgeMetrics): Promise<Map<string, number>> {
  return parseExposition((await metrics.render()).body);
}

describe('EdgeMetrics', () => {
  it('renders request, byte and purge counters from plain records', async () => {
    const metrics = new EdgeMetrics({ defaultMetrics: false });
    metrics.record(record({ bytesSent: 100 }));
    metrics.record(record({ bytesSent: 50 }));
    metrics.record(record({ outcome: 'miss', status: 404, bytesSent: 10, originBytes: 12 }));
    metrics.record(record({ propertyId: 'p2', outcome: 'error', status: 503, bytesSent: 0 }));
    metrics.recordPurge('tag', 'soft');
    metrics.recordPurge('tag', 'soft', 2);
    metrics.recordPurge('path', 'hard');

    const rendered = await metrics.render();
    assert.match(rendered.contentType, /^text\/plain/);
    const s = parseExposition(rendered.body);
    assert.equal(s.get('candela_edge_requests_total{outcome="hit",property="p1",status_class="2xx"}'), 2);
    assert.equal(s.get('candela_edge_requests_total{outcome="miss",property="p1",status_class="4xx"}'), 1);
    assert.equal(s.get('candela_edge_requests_total{outcome="error",property="p2",status_class="5xx"}'), 1);
    assert.equal(s.get('candela_edge_response_bytes_total{property="p1"}'), 160);
    assert.equal(s.get('candela_edge_origin_bytes_total{property="p1"}'), 12);
    assert.equal(s.get('candela_edge_response_bytes_total{property="p2"}'), 0);
    assert.equal(s.get('candela_edge_purges_total{kind="tag",mode="soft"}'), 3);
    assert.equal(s.get('candela_edge_purges_total{kind="path",mode="hard"}'), 1);

    // Scraping again must not add the numbers twice (collect() rebuilds, it does not accumulate).
    metrics.record(record());
    const again = await scrape(metrics);
    assert.equal(again.get('candela_edge_requests_total{outcome="hit",property="p1",status_class="2xx"}'), 3);
    assert.equal(again.get('candela_edge_purges_total{kind="tag",mode="soft"}'), 3);
  });

  it('renders the origin latency histogram with cumulative buckets, sum and count', async () => {
    const metrics = new EdgeMetrics({ defaultMetrics: false });
    for (const seconds of [0.0005, 0.001, 0.02, 0.3, 45]) metrics.observeOriginLatency('p1', seconds);
    metrics.observeOriginLatency('p1', -1); // ignored: a clock bug must not corrupt the sum
    const s = await scrape(metrics);
    const bucket = (le: string): number | undefined =>
      s.get(`candela_edge_origin_latency_seconds_bucket{le="${le}",property="p1"}`);
    assert.equal(bucket('0.001'), 2, 'le is inclusive');
    assert.equal(bucket('0.025'), 3);
    assert.equal(bucket('0.5'), 4);
    assert.equal(bucket('30'), 4);
    assert.equal(bucket('+Inf'), 5);
    assert.equal(s.get('candela_edge_origin_latency_seconds_count{property="p1"}'), 5);
    assert.ok(Math.abs((s.get('candela_edge_origin_latency_seconds_sum{property="p1"}') ?? 0) - 45.3215) < 1e-9);
  });

  it('renders tier gauges (provider over pushed values) and coalesced waiters', async () => {
    const metrics = new EdgeMetrics({ defaultMetrics: false });
    metrics.setTierStats('memory', { bytes: 1, entries: 1, maxBytes: 1 });
    metrics.setTierStats('disk', { bytes: 500, entries: 5, maxBytes: 1000 });
    let memoryBytes = 10;
    metrics.setTierStatsProvider(() => ({ memory: { bytes: memoryBytes, entries: 2, maxBytes: 64 } }));
    metrics.setCoalescedWaiters(4);
    metrics.addCoalescedWaiters(-1);
    let s = await scrape(metrics);
    assert.equal(s.get('candela_edge_cache_tier_bytes{tier="memory"}'), 10);
    assert.equal(s.get('candela_edge_cache_tier_entries{tier="memory"}'), 2);
    assert.equal(s.get('candela_edge_cache_tier_max_bytes{tier="memory"}'), 64);
    assert.equal(s.get('candela_edge_cache_tier_bytes{tier="disk"}'), 500);
    assert.equal(s.get('candela_edge_coalesced_waiters'), 3);
    memoryBytes = 20;
    s = await scrape(metrics);
    assert.equal(s.get('candela_edge_cache_tier_bytes{tier="memory"}'), 20, 'asked again at every scrape');
  });

  it('includes the process default metrics unless turned off', async () => {
    const s = await scrape(new EdgeMetrics());
    assert.ok(s.has('process_cpu_user_seconds_total'));
    assert.ok([...s.keys()].some((k) => k.startsWith('nodejs_eventloop_lag')));
  });

  it('absorbs workers’ drained snapshots: counters add, gauge levels replace per source', async () => {
    const worker1 = new EdgeMetrics({ defaultMetrics: false });
    const worker2 = new EdgeMetrics({ defaultMetrics: false });
    const primary = new EdgeMetrics({ defaultMetrics: false });
    worker1.record(record({ bytesSent: 7 }));
    worker1.observeOriginLatency('p1', 0.2);
    worker1.setCoalescedWaiters(2);
    worker1.setTierStats('memory', { bytes: 100, entries: 1, maxBytes: 1000 });
    worker2.record(record({ bytesSent: 3 }));
    worker2.record(record({ outcome: 'miss', originBytes: 9 }));
    worker2.observeOriginLatency('p1', 0.2);
    worker2.observeOriginLatency('p1', 3);
    worker2.recordPurge('property', 'hard');
    worker2.setCoalescedWaiters(5);
    worker2.setTierStats('memory', { bytes: 50, entries: 2, maxBytes: 1000 });
    primary.record(record({ bytesSent: 1 }));
    primary.setTierStats('disk', { bytes: 9000, entries: 3, maxBytes: 10_000 });

    // Snapshots cross a process boundary as JSON.
    const ship = (m: EdgeMetrics): MetricsSnapshot => JSON.parse(JSON.stringify(m.drain())) as MetricsSnapshot;
    primary.absorb(ship(worker1), 'w1');
    primary.absorb(ship(worker2), 'w2');
    let s = await scrape(primary);
    assert.equal(s.get('candela_edge_requests_total{outcome="hit",property="p1",status_class="2xx"}'), 3);
    assert.equal(s.get('candela_edge_requests_total{outcome="miss",property="p1",status_class="2xx"}'), 1);
    assert.equal(s.get('candela_edge_response_bytes_total{property="p1"}'), 111);
    assert.equal(s.get('candela_edge_origin_bytes_total{property="p1"}'), 9);
    assert.equal(s.get('candela_edge_origin_latency_seconds_bucket{le="0.25",property="p1"}'), 2);
    assert.equal(s.get('candela_edge_origin_latency_seconds_bucket{le="5",property="p1"}'), 3);
    assert.equal(s.get('candela_edge_origin_latency_seconds_count{property="p1"}'), 3);
    assert.equal(s.get('candela_edge_purges_total{kind="property",mode="hard"}'), 1);
    assert.equal(s.get('candela_edge_coalesced_waiters'), 7);
    assert.equal(s.get('candela_edge_cache_tier_bytes{tier="memory"}'), 150);
    assert.equal(s.get('candela_edge_cache_tier_max_bytes{tier="memory"}'), 2000);
    assert.equal(s.get('candela_edge_cache_tier_bytes{tier="disk"}'), 9000);

    // Drained workers start from zero; their next report adds only what happened since.
    assert.deepEqual(worker1.snapshot().properties, {});
    worker1.record(record({ bytesSent: 7 }));
    worker1.setCoalescedWaiters(0);
    primary.absorb(ship(worker1), 'w1');
    s = await scrape(primary);
    assert.equal(s.get('candela_edge_requests_total{outcome="hit",property="p1",status_class="2xx"}'), 4);
    assert.equal(s.get('candela_edge_coalesced_waiters'), 5, 'w1’s level replaced, not added');

    primary.forgetSource('w2');
    s = await scrape(primary);
    assert.equal(s.get('candela_edge_coalesced_waiters'), 0);
    assert.equal(s.get('candela_edge_cache_tier_bytes{tier="memory"}'), 100);
    assert.equal(s.get('candela_edge_response_bytes_total{property="p1"}'), 118, 'counts of a gone worker stay');
  });

  it('refuses a snapshot whose histogram buckets differ', () => {
    const metrics = new EdgeMetrics({ defaultMetrics: false });
    const snapshot = metrics.snapshot();
    snapshot.originLatency.boundsSeconds = [1, 2];
    assert.throws(() => metrics.absorb(snapshot, 'w'), /buckets differ/);
  });
});

describe('latencyBucketIndex', () => {
  it('puts a value in the first bucket whose bound is at least the value', () => {
    assert.equal(latencyBucketIndex(0), 0);
    assert.equal(latencyBucketIndex(0.001), 0);
    assert.equal(latencyBucketIndex(0.0011), 1);
    assert.equal(latencyBucketIndex(30), 13);
    assert.equal(latencyBucketIndex(31), 14);
  });
});
