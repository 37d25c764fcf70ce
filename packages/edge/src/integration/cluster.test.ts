// Integration: the real `candela edge --workers 2` process. One coalescing table and one disk tier for
// all workers, invalidation reaching every worker's memory tier, SIGHUP reload, metrics summed over
// workers, and a killed worker replaced. Requests that must reach both workers are sent over
// connections opened first and checked (through /proc) to have been accepted by both.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EdgeConfigInput } from '@candela/contract';
import { TestOrigin, fixed } from '../test-support/test-origin.js';
import type { Responder } from '../test-support/test-origin.js';
import { httpRequest } from '../test-support/http-client.js';
import { rawGet } from '../test-support/raw-http.js';
import type { RawResponse } from '../test-support/raw-http.js';
import { sleep, startEdgeProcess } from '../test-support/edge-process.js';
import type { EdgeProcess } from '../test-support/edge-process.js';
import { holdsListener } from '../test-support/proc.js';

/** An origin resource whose body and ETag name its version (v1, v2, …); a new version per full response. */
function versioned(delayMs = 0): Responder {
  let version = 0;
  return async (req, res) => {
    if (delayMs > 0) await sleep(delayMs);
    if (version > 0 && req.headers['if-none-match'] === `"v${version}"`) {
      res.writeHead(304, { 'cache-control': 'max-age=3600', etag: `"v${version}"` });
      res.end();
      return;
    }
    version++;
    res.writeHead(200, { 'cache-control': 'max-age=3600', etag: `"v${version}"`, 'content-type': 'text/plain' });
    res.end(`v${version}`);
  };
}

describe('cluster mode: two workers, one primary', () => {
  const origin = new TestOrigin();
  let edge: EdgeProcess;
  /** Client requests sent to the edge, for the metrics assertion. */
  let sent = 0;

  /** GET `path` once per connection, over `count` connections of which every worker accepted some. */
  const acrossWorkers = async (path: string, count: number): Promise<RawResponse[]> => {
    const { sockets, perWorker } = await edge.connectAcrossWorkers(count);
    assert.ok(perWorker.every((n) => n > 0), `both workers must get connections, got ${perWorker.join('/')}`);
    sent += count;
    return Promise.all(sockets.map((s) => rawGet(s, path)));
  };
  const purge = async (body: unknown): Promise<number> => {
    const r = await edge.admin('POST', '/invalidate', body);
    assert.equal(r.status, 200, r.text);
    return (JSON.parse(r.text) as { matched: number }).matched;
  };

  before(async () => {
    await origin.start();
    edge = await startEdgeProcess({ env: process.env, workers: 2, origin: origin.url });
  });
  after(async () => {
    await edge?.dispose();
    await origin.stop();
  });

  test('100 concurrent cold requests spread over both workers make exactly one origin fetch', async () => {
    origin.route('/cold', versioned(200));
    const responses = await acrossWorkers('/cold', 100);
    assert.equal(origin.count('/cold'), 1);
    assert.equal(responses.length, 100);
    for (const r of responses) {
      assert.equal(r.status, 200);
      assert.equal(r.text, 'v1');
    }
  });

  test('an object one worker cached is a hit for the other (the shared disk tier)', async () => {
    origin.route('/shared', versioned());
    const first = await httpRequest(`${edge.url}/shared`);
    sent++;
    assert.equal(first.text, 'v1');
    const rest = await acrossWorkers('/shared', 20);
    assert.ok(rest.every((r) => r.status === 200 && r.text === 'v1'));
    assert.ok(rest.every((r) => /; hit/.test(r.headers['cache-status'] ?? '')), 'every later request is a hit');
    assert.equal(origin.count('/shared'), 1);
  });

  test('a hard purge empties every worker’s memory tier and the disk tier, and counts the object once', async () => {
    origin.route('/hard', versioned());
    // Served by both workers, so both memory tiers and the disk tier hold the object.
    const warm = await acrossWorkers('/hard', 20);
    assert.ok(warm.every((r) => r.text === 'v1'));
    assert.equal(origin.count('/hard'), 1);
    assert.equal(await purge({ type: 'url', urls: ['http://any.example/hard'], mode: 'hard' }), 1);
    const after = await acrossWorkers('/hard', 20);
    assert.deepEqual(new Set(after.map((r) => r.text)), new Set(['v2']), 'no worker kept the purged copy');
    assert.equal(origin.count('/hard'), 2);
    assert.equal(origin.hits.filter((h) => h.url === '/hard').at(-1)?.headers['if-none-match'], undefined);
  });

  test('a soft purge makes the next request revalidate: the origin sees If-None-Match and answers 304', async () => {
    origin.route('/soft', versioned());
    const warm = await acrossWorkers('/soft', 20);
    assert.ok(warm.every((r) => r.text === 'v1'));
    assert.equal(await purge({ type: 'path', property: 'default', patterns: ['/soft'], mode: 'soft' }), 1);
    const next = await httpRequest(`${edge.url}/soft`);
    sent++;
    assert.equal(next.status, 200);
    assert.equal(next.text, 'v1', 'the 304 refreshed the stored copy');
    assert.equal(origin.count('/soft'), 2);
    assert.equal(origin.hits.filter((h) => h.url === '/soft').at(-1)?.headers['if-none-match'], '"v1"');
    // Every worker's memory copy was marked stale: later requests revalidate, never refetch in full.
    const later = await acrossWorkers('/soft', 20);
    assert.ok(later.every((r) => r.status === 200 && r.text === 'v1'));
    const conditional = origin.hits.filter((h) => h.url === '/soft' && h.headers['if-none-match'] === '"v1"');
    assert.equal(conditional.length, origin.count('/soft') - 1, 'only conditional requests after the first fetch');
    // One fetch, then at most one revalidation per worker (2 workers): a 304 one worker gets refreshes
    // the disk tier and its own memory tier, not the other worker's soft-purged memory copy.
    assert.ok(origin.count('/soft') <= 3, `at most one revalidation per worker, saw ${origin.count('/soft') - 1}`);
  });

  test('a purge of an unknown tag matches nothing in any tier', async () => {
    assert.equal(await purge({ type: 'tag', tags: ['nothing-carries-this'], mode: 'hard' }), 0);
  });

  test('/metrics adds up the requests both workers served', async () => {
    const m = await edge.admin('GET', '/metrics');
    assert.equal(m.status, 200);
    let total = 0;
    for (const line of m.text.split('\n')) {
      const match = /^candela_edge_requests_total\{([^}]*)\} (\d+)/.exec(line);
      if (match && /property="default"/.test(match[1]!)) total += Number(match[2]);
    }
    assert.equal(total, sent, 'each request counted once, by the worker that served it');
    // A second scrape must not count the workers' deltas again.
    const again = await edge.admin('GET', '/metrics');
    const totalAgain = [...again.text.matchAll(/^candela_edge_requests_total\{[^}]*property="default"[^}]*\} (\d+)/gm)]
      .map((x) => Number(x[1]))
      .reduce((a, b) => a + b, 0);
    assert.equal(totalAgain, sent);
  });

  test('a worker killed with SIGKILL is replaced and the edge keeps serving', async () => {
    origin.route('/after-kill', fixed(200, { 'cache-control': 'max-age=3600' }, 'still here'));
    const [victim, survivor] = await edge.workerPids();
    assert.ok(victim !== undefined && survivor !== undefined);
    process.kill(victim, 'SIGKILL');
    // The survivor holds the same listening socket, so nothing is refused while the replacement starts.
    const meanwhile = await Promise.all(Array.from({ length: 10 }, () => httpRequest(`${edge.url}/after-kill`)));
    assert.ok(meanwhile.every((r) => r.status === 200 && r.text === 'still here'));
    const pids = await edge.waitForWorkers(2);
    assert.ok(!pids.includes(victim), 'the killed worker is gone');
    assert.ok(pids.includes(survivor));
    assert.ok(await holdsListener(pids.find((p) => p !== survivor)!, edge.httpPort));
    const after = await Promise.all(Array.from({ length: 20 }, () => httpRequest(`${edge.url}/after-kill`)));
    assert.ok(after.every((r) => r.status === 200 && r.text === 'still here'));
    assert.equal(origin.count('/after-kill'), 1, 'the replacement shares the disk tier as well');
    const health = await httpRequest(`${edge.adminUrl}/healthz`);
    assert.equal(health.status, 200);
  });
});

describe('cluster mode: SIGHUP reloads the configuration document in every worker', () => {
  const first = new TestOrigin();
  const second = new TestOrigin();
  let edge: EdgeProcess;
  let dir: string;
  let configPath: string;

  const doc = (version: number, bPort: number): EdgeConfigInput => ({
    version,
    properties: [
      {
        id: 'a.example',
        aliases: ['a.example'],
        origin: { host: '127.0.0.1', port: first.port },
        defaults: { responseHeaders: { set: { 'x-config-version': String(version) } } },
      },
      { id: 'b.example', aliases: ['b.example'], origin: { host: '127.0.0.1', port: bPort } },
    ],
  });
  /** Requests over connections accepted by both workers, so every worker's document is seen. */
  const everywhere = async (path: string, host: string): Promise<RawResponse[]> => {
    const { sockets, perWorker } = await edge.connectAcrossWorkers(20);
    assert.ok(perWorker.every((n) => n > 0), `both workers must get connections, got ${perWorker.join('/')}`);
    return Promise.all(sockets.map((s) => rawGet(s, path, { host })));
  };
  const reload = async (version: number, bPort: number | 'invalid', expect: RegExp): Promise<void> => {
    const since = edge.output.length;
    const text =
      bPort === 'invalid'
        ? JSON.stringify({ ...doc(version, first.port), properties: [{ id: 'broken', aliases: [], origin: {} }] })
        : JSON.stringify(doc(version, bPort));
    await writeFile(configPath, text);
    edge.signal('SIGHUP');
    await edge.waitForOutput(expect, since);
  };

  before(async () => {
    await first.start();
    await second.start();
    first.route('*', fixed(200, { 'cache-control': 'no-store' }, 'from first'));
    second.route('*', fixed(200, { 'cache-control': 'no-store' }, 'from second'));
    dir = await mkdtemp(join(tmpdir(), 'candela-cluster-config-'));
    configPath = join(dir, 'edge.json');
    await writeFile(configPath, JSON.stringify(doc(1, first.port)));
    edge = await startEdgeProcess({ env: process.env, workers: 2, configPath });
  });
  after(async () => {
    await edge?.dispose();
    await first.stop();
    await second.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('a new response header and a new origin are in force on every worker after SIGHUP', async () => {
    const before = await everywhere('/page', 'a.example');
    assert.ok(before.every((r) => r.headers['x-config-version'] === '1'));
    await reload(2, second.port, /configuration version 2 in force/);
    const a = await everywhere('/page', 'a.example');
    assert.deepEqual(new Set(a.map((r) => r.headers['x-config-version'])), new Set(['2']));
    const b = await everywhere('/page', 'b.example');
    assert.deepEqual(new Set(b.map((r) => r.text)), new Set(['from second']));
    const health = JSON.parse((await httpRequest(`${edge.adminUrl}/healthz`)).text) as { configVersion: number };
    assert.equal(health.configVersion, 2);
  });

  test('an invalid document on SIGHUP is refused and the previous one stays in force', async () => {
    await reload(3, 'invalid', /reload refused/);
    assert.match(edge.output, /properties\/0/, 'the refusal names where the document is wrong');
    const a = await everywhere('/page', 'a.example');
    assert.deepEqual(new Set(a.map((r) => r.headers['x-config-version'])), new Set(['2']));
    const b = await everywhere('/page', 'b.example');
    assert.deepEqual(new Set(b.map((r) => r.text)), new Set(['from second']));
    const health = JSON.parse((await httpRequest(`${edge.adminUrl}/healthz`)).text) as { configVersion: number };
    assert.equal(health.configVersion, 2);
    assert.equal(edge.hasExited, false);
  });
});

describe('cluster mode: start-up failure', () => {
  test('workers that cannot listen (port in use) stop the edge with an error instead of being reforked forever', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const a = squatter.address();
    const port = typeof a === 'object' && a ? a.port : 0;
    try {
      await assert.rejects(
        startEdgeProcess({ env: process.env, workers: 2, httpPort: port, startTimeoutMs: 15_000 }),
        (err: Error) => {
          assert.match(err.message, /exited during start-up/);
          assert.match(err.message, /EADDRINUSE/);
          assert.match(err.message, /before listening/);
          return true;
        },
      );
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  });
});
