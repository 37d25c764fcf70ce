// Integration: the edge process over its lifetime, run as the real `candela edge` command. Graceful
// drain on SIGTERM (one process, a cluster, and the whole process group as a service manager sends it),
// slow-client defences, an origin that breaks off mid-body, and the access log and usage files that a
// graceful stop leaves behind.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { TestOrigin, fixed } from '../test-support/test-origin.js';
import { httpRequest } from '../test-support/http-client.js';
import type { TestResponse } from '../test-support/http-client.js';
import { openConnection } from '../test-support/raw-http.js';
import { sleep, startEdgeProcess, waitUntil } from '../test-support/edge-process.js';
import type { EdgeProcess } from '../test-support/edge-process.js';

const SLOW_BODY = 'slow-'.repeat(20_000);

/** Resolves true once a new TCP connection to `port` is refused (the listener is closed). */
async function refused(port: number): Promise<boolean> {
  try {
    const s = await openConnection(port);
    s.destroy();
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ECONNREFUSED';
  }
}

/**
 * Starts a request the origin answers after 1 s, stops the edge while it is in flight, and checks the
 * drain: new connections refused and health "draining" while the request is still running, the
 * request completed in full, the process gone with exit code 0 soon after.
 */
async function drainScenario(o: { workers: number; wholeGroup: boolean }): Promise<void> {
  const origin = await new TestOrigin().start();
  origin.route('/slow', async (_req, res) => {
    await sleep(1_000);
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(SLOW_BODY.length) });
    res.end(SLOW_BODY);
  });
  const edge = await startEdgeProcess({ env: process.env, workers: o.workers, origin: origin.url });
  try {
    let finished = false;
    const inFlight = httpRequest(`${edge.url}/slow`).finally(() => (finished = true));
    await waitUntil('the request to reach the origin', () => origin.count('/slow') === 1);
    const stoppedAt = Date.now();
    if (o.wholeGroup) edge.signalGroup('SIGTERM');
    else edge.signal('SIGTERM');

    await waitUntil('new connections to be refused', () => refused(edge.httpPort), 900);
    const health = await httpRequest(`${edge.adminUrl}/healthz`);
    assert.equal(finished, false, 'the listener closed while the request was still in flight');
    assert.equal(health.status, 503);
    assert.equal((JSON.parse(health.text) as { status: string }).status, 'draining');

    const r = await inFlight;
    assert.equal(r.status, 200);
    assert.equal(r.text, SLOW_BODY, 'the in-flight response arrives in full');
    const exit = await edge.exited;
    assert.deepEqual(exit, { code: 0, signal: null }, edge.output);
    assert.ok(Date.now() - stoppedAt < 5_000, `exited ${Date.now() - stoppedAt} ms after SIGTERM`);
  } finally {
    await edge.dispose();
    await origin.stop();
  }
}

describe('graceful drain on SIGTERM', () => {
  test('one process: the in-flight request completes, new connections are refused, exit code 0', () =>
    drainScenario({ workers: 1, wholeGroup: false }));

  test('cluster (2 workers): the same drain, led by the primary', () => drainScenario({ workers: 2, wholeGroup: false }));

  test('cluster: SIGTERM to the whole process group (as a service manager sends it) still drains', () =>
    drainScenario({ workers: 2, wholeGroup: true }));
});

describe('slow clients and failing origins', () => {
  const origin = new TestOrigin();
  let edge: EdgeProcess;
  const HEADERS_TIMEOUT_MS = 1_500;
  const IDLE_TIMEOUT_MS = 800;
  /** Node checks the headers timeout once a second (connectionsCheckingInterval). */
  const CHECK_INTERVAL_MS = 1_000;

  /** Resolves when the server closes `socket`: how long after `fromMs`, and what it sent before. */
  const closedBy = (socket: Socket, fromMs: number) =>
    new Promise<{ afterMs: number; received: string }>((resolve) => {
      let received = '';
      socket.on('data', (c: Buffer) => (received += c.toString('latin1')));
      socket.on('error', () => undefined);
      socket.once('close', () => resolve({ afterMs: Date.now() - fromMs, received }));
    });

  before(async () => {
    await origin.start();
    edge = await startEdgeProcess({
      env: process.env,
      workers: 1,
      origin: origin.url,
      extraEnv: { CANDELA_EDGE_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS), CANDELA_EDGE_IDLE_TIMEOUT_MS: String(IDLE_TIMEOUT_MS) },
    });
  });
  after(async () => {
    await edge?.dispose();
    await origin.stop();
  });

  test('a request head sent a byte every 500 ms is cut off by the headers timeout', async () => {
    const startedAt = Date.now();
    const socket = await openConnection(edge.httpPort);
    const closed = closedBy(socket, startedAt);
    const head = 'GET /slowloris HTTP/1.1\r\nHost: edge.test\r\nX-Padding: ' + 'p'.repeat(100);
    let open = true;
    void closed.then(() => (open = false));
    for (const byte of head) {
      if (!open) break;
      socket.write(byte);
      await Promise.race([sleep(500), closed]);
    }
    const { afterMs, received } = await closed;
    // Bytes keep arriving faster than the idle timeout, so only the headers timeout can have cut it.
    assert.ok(afterMs >= HEADERS_TIMEOUT_MS - 100, `closed after ${afterMs} ms, before the headers timeout`);
    assert.ok(afterMs <= HEADERS_TIMEOUT_MS + CHECK_INTERVAL_MS + 1_000, `closed only after ${afterMs} ms`);
    assert.match(received, /^HTTP\/1\.1 408 /);
    assert.equal(origin.count('/slowloris'), 0);
  });

  test('an out-of-range CANDELA_EDGE_HEADERS_TIMEOUT_MS stops start-up with a message naming it', async () => {
    await assert.rejects(
      startEdgeProcess({ env: process.env, workers: 1, origin: origin.url, extraEnv: { CANDELA_EDGE_HEADERS_TIMEOUT_MS: '90000' } }),
      /CANDELA_EDGE_HEADERS_TIMEOUT_MS: at most 60000/,
    );
  });

  test('a connection that sends nothing is closed by the idle timeout', async () => {
    const startedAt = Date.now();
    const socket = await openConnection(edge.httpPort);
    const { afterMs, received } = await closedBy(socket, startedAt);
    assert.ok(afterMs >= IDLE_TIMEOUT_MS - 100 && afterMs < HEADERS_TIMEOUT_MS, `closed after ${afterMs} ms`);
    assert.equal(received, '', 'an idle connection is dropped without a response');
  });

  test('an origin that resets the connection mid-body truncates that response only; the edge serves on', async () => {
    const FULL = 'b'.repeat(20_000);
    origin.route('/reset', (_req, res, hit) => {
      res.writeHead(200, { 'cache-control': 'max-age=3600', 'content-length': String(FULL.length) });
      if (hit === 1) res.write(FULL.slice(0, FULL.length / 2), () => res.socket?.destroy());
      else res.end(FULL);
    });
    origin.route('/ok', fixed(200, { 'cache-control': 'max-age=3600' }, 'fine'));
    const broken: TestResponse | Error = await httpRequest(`${edge.url}/reset`).catch((err: Error) => err);
    if (!(broken instanceof Error)) assert.ok(broken.body.length < FULL.length, 'the client cannot get a full body');
    assert.equal(edge.hasExited, false);
    assert.equal((await httpRequest(`${edge.adminUrl}/healthz`)).status, 200);
    const ok = await httpRequest(`${edge.url}/ok`);
    assert.equal(ok.status, 200);
    assert.equal(ok.text, 'fine');
    const again = await httpRequest(`${edge.url}/reset`);
    assert.equal(again.text, FULL, 'the truncated copy was not stored');
    assert.equal(origin.count('/reset'), 2);
  });

  test('an origin that drops the connection before answering gets the client a 502, nothing worse', async () => {
    origin.route('/drop', (req) => {
      req.socket.destroy();
    });
    const r = await httpRequest(`${edge.url}/drop`);
    assert.equal(r.status, 502);
    assert.equal(edge.hasExited, false);
    assert.equal((await httpRequest(`${edge.url}/ok`)).text, 'fine');
  });
});

interface AccessLine {
  readonly [field: string]: unknown;
}

interface UsageLine {
  readonly propertyId: string;
  readonly requests: number;
  readonly hits: number;
  readonly misses: number;
}

const ACCESS_FIELDS = [
  'date',
  'time',
  'clientIp',
  'method',
  'uri',
  'protocol',
  'status',
  'bytes',
  'timeTakenMs',
  'referer',
  'userAgent',
  'range',
  'contentType',
  'cached',
  'edgeId',
];

async function readNdjson<T>(file: string): Promise<T[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as T);
}

/**
 * Sends a known mix of requests, stops the edge gracefully and checks the files it left; returns the
 * access-log lines for further checks.
 */
async function logsScenario(workers: number): Promise<AccessLine[]> {
  const origin = await new TestOrigin().start();
  origin.route('/page', fixed(200, { 'cache-control': 'max-age=3600', 'content-type': 'text/html' }, '<p>page</p>'));
  origin.route('/missing', fixed(404, { 'content-type': 'text/plain' }, 'no'));
  const edge = await startEdgeProcess({ env: process.env, workers, origin: origin.url });
  try {
    const uris = ['/page', '/page?x=1', '/missing', ...Array.from({ length: 9 }, () => '/page')];
    for (const uri of uris) {
      await httpRequest(`${edge.url}${uri}`, { headers: { 'user-agent': 'lifecycle-test', referer: 'http://ref.example/' } });
    }
    await httpRequest(`${edge.url}/page`, { headers: { range: 'bytes=0-2' } });
    const made = uris.length + 1;
    const exit = await edge.stop();
    assert.equal(exit.code, 0, edge.output);

    const lines = await readNdjson<AccessLine>(join(edge.dataDir, 'access.ndjson'));
    assert.equal(lines.length, made, 'one access-log line per request');
    for (const line of lines) for (const field of ACCESS_FIELDS) assert.ok(field in line, `field ${field} in ${JSON.stringify(line)}`);
    assert.deepEqual(
      lines.map((l) => l.uri).sort(),
      [...uris, '/page'].sort(),
    );
    const first = lines.find((l) => l.uri === '/page' && l.cached === 0);
    assert.ok(first, 'the first /page was a miss');
    assert.equal(first.edgeId, 'test-edge');
    assert.equal(first.method, 'GET');
    assert.equal(first.protocol, 'HTTP/1.1');
    assert.equal(first.status, 200);
    assert.equal(first.userAgent, 'lifecycle-test');
    assert.equal(first.referer, 'http://ref.example/');
    assert.match(String(first.date), /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(lines.filter((l) => l.uri === '/page' && l.cached === 1).length >= 8, 'later /page requests were hits');
    assert.equal(lines.find((l) => l.uri === '/missing')?.status, 404);
    assert.equal(lines.find((l) => l.range === 'bytes=0-2')?.status, 206);

    const usageDir = join(edge.dataDir, 'usage');
    const files = (await readdir(usageDir)).filter((f) => f.endsWith('.ndjson'));
    assert.ok(files.length >= 1, 'a usage file per UTC day');
    const usage = (await Promise.all(files.map((f) => readNdjson<UsageLine>(join(usageDir, f))))).flat();
    const forDefault = usage.filter((u) => u.propertyId === 'default');
    assert.ok(forDefault.length >= 1);
    assert.equal(
      forDefault.reduce((sum, u) => sum + u.requests, 0),
      made,
      'every request counted once in the per-minute usage',
    );
    return lines;
  } finally {
    await edge.dispose();
    await origin.stop();
  }
}

describe('access log and usage after a graceful stop', () => {
  let singleProcessLines: AccessLine[] = [];

  test('one process: one access-log line per request and per-minute usage summing to the requests', async () => {
    singleProcessLines = await logsScenario(1);
  });

  test('the access log records the Content-Type of the response', () => {
      const miss = singleProcessLines.find((l) => l.uri === '/page' && l.cached === 0);
      const hit = singleProcessLines.find((l) => l.uri === '/page' && l.cached === 1);
      assert.match(String(miss?.contentType), /^text\/html/);
      assert.match(String(hit?.contentType), /^text\/html/);
      assert.match(String(singleProcessLines.find((l) => l.uri === '/missing')?.contentType), /^text\/plain/);
  });

  test('cluster: the workers’ last minutes reach the usage file too', async () => {
    await logsScenario(2);
  });
});
