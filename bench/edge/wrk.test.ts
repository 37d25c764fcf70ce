// The wrk parser against reports captured from wrk 4.1.0 (Debian 12), covering every unit it prints
// and the optional error lines, since a silently mis-scaled unit would corrupt the whole table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBytes, parseMetric, parseTimeMs, parseWrk } from './wrk.js';

const HIT_1K = `Running 3s test @ http://127.0.0.1:18080/obj/1k/1
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.51ms    3.42ms  67.67ms   97.84%
    Req/Sec    27.98k     5.94k   42.58k    86.67%
  Latency Distribution
     50%    0.91ms
     75%    1.39ms
     90%    1.91ms
     99%    9.47ms
  167134 requests in 3.01s, 205.30MB read
Requests/sec:  55604.42
Transfer/sec:     68.30MB
`;

const BIG_10M = `Running 3s test @ http://127.0.0.1:18080/obj/10m/1
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    16.76ms    8.52ms  86.54ms   74.08%
    Req/Sec   230.43     35.81   303.00     78.33%
  Latency Distribution
     50%   14.90ms
     75%   20.90ms
     90%   27.55ms
     99%   44.14ms
  1397 requests in 3.05s, 13.66GB read
Requests/sec:    457.46
Transfer/sec:      4.47GB
`;

const NON_2XX = `Running 2s test @ http://127.0.0.1:18080/nope
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   244.15us  507.32us  14.10ms   98.16%
    Req/Sec    39.99k     6.23k   62.84k    87.80%
  Latency Distribution
     50%  172.00us
     75%  226.00us
     90%  310.00us
     99%    1.56ms
  162991 requests in 2.10s, 28.91MB read
  Non-2xx or 3xx responses: 162991
Requests/sec:  77641.86
Transfer/sec:     13.77MB
`;

const SOCKET_ERRORS = `Running 3s test @ http://127.0.0.1:18081/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.38ms    2.98ms  11.85ms   89.06%
    Req/Sec    86.75     86.79   181.00     75.00%
  Latency Distribution
     50%  344.00us
     75%  635.00us
     90%    4.94ms
     99%   11.85ms
  72 requests in 3.01s, 8.71KB read
  Socket errors: connect 0, read 16, write 0, timeout 8
Requests/sec:     23.94
Transfer/sec:      2.90KB
`;

const close = (actual: number | null, expected: number): void => {
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-6 * Math.max(1, expected), `${actual} ≈ ${expected}`);
};

test('units: times scale to ms, sizes are binary, counts are metric', () => {
  close(parseTimeMs('344.00us'), 0.344);
  close(parseTimeMs('1.51ms'), 1.51);
  close(parseTimeMs('3.01s'), 3010);
  close(parseTimeMs('1.50m'), 90_000);
  close(parseBytes('900.00B'), 900);
  close(parseBytes('8.71KB'), 8.71 * 1024);
  close(parseBytes('68.30MB'), 68.3 * 2 ** 20);
  close(parseBytes('13.66GB'), 13.66 * 2 ** 30);
  close(parseMetric('230.43'), 230.43);
  close(parseMetric('27.98k'), 27_980);
  assert.throws(() => parseTimeMs('12 parsecs'));
  assert.throws(() => parseBytes('12MiB'));
});

test('a 1 KiB hit run: throughput, latency and percentiles', () => {
  const r = parseWrk(HIT_1K);
  assert.equal(r.url, 'http://127.0.0.1:18080/obj/1k/1');
  assert.equal(r.threads, 2);
  assert.equal(r.connections, 64);
  close(r.durationS, 3.01);
  assert.equal(r.requests, 167134);
  close(r.bytesRead, 205.3 * 2 ** 20);
  close(r.requestsPerSec, 55604.42);
  close(r.transferBytesPerSec, 68.3 * 2 ** 20);
  close(r.latency.avgMs, 1.51);
  close(r.latency.stdevMs, 3.42);
  close(r.latency.maxMs, 67.67);
  close(r.latency.p50Ms, 0.91);
  close(r.latency.p75Ms, 1.39);
  close(r.latency.p90Ms, 1.91);
  close(r.latency.p99Ms, 9.47);
  assert.deepEqual(r.errors, { connect: 0, read: 0, write: 0, timeout: 0 });
  assert.equal(r.non2xx3xx, 0);
});

test('a 10 MiB run: GB transfer and plain (unprefixed) Req/Sec', () => {
  const r = parseWrk(BIG_10M);
  assert.equal(r.connections, 8);
  close(r.requestsPerSec, 457.46);
  close(r.transferBytesPerSec, 4.47 * 2 ** 30);
  close(r.bytesRead, 13.66 * 2 ** 30);
  close(r.latency.p99Ms, 44.14);
});

test('microsecond percentiles and the Non-2xx line', () => {
  const r = parseWrk(NON_2XX);
  close(r.latency.avgMs, 0.24415);
  close(r.latency.p50Ms, 0.172);
  close(r.latency.p99Ms, 1.56);
  assert.equal(r.non2xx3xx, 162991);
});

test('the socket error line', () => {
  const r = parseWrk(SOCKET_ERRORS);
  assert.deepEqual(r.errors, { connect: 0, read: 16, write: 0, timeout: 8 });
  close(r.transferBytesPerSec, 2.9 * 1024);
});

test('percentiles are null without --latency; garbage throws', () => {
  const noLatency = HIT_1K.replace(/ {2}Latency Distribution[\s\S]*?(?= {2}\d+ requests)/, '');
  assert.equal(parseWrk(noLatency).latency.p99Ms, null);
  assert.throws(() => parseWrk('unable to connect to 127.0.0.1:18099 Connection refused'));
});
