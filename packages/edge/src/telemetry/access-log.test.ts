import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AccessLog, formatAccessLogLine, takeBatches, utcDate, utcTime } from './access-log.js';
import type { CacheOutcome, RequestRecord } from './request-record.js';
import fc from 'fast-check';

function record(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    atMs: Date.UTC(2025, 2, 4, 5, 6, 7, 89),
    propertyId: 'prop-1',
    clientIp: '203.0.113.9',
    method: 'GET',
    uri: '/img/a.jpg?v=2',
    protocol: 'HTTP/2',
    status: 200,
    bytesSent: 1234,
    originBytes: 0,
    durationMs: 1.23456,
    referer: 'https://example.com/',
    userAgent: 'curl/8.5.0',
    range: 'bytes=0-99',
    contentType: 'image/jpeg',
    outcome: 'hit',
    host: 'cdn.example.com',
    configVersion: 'cfg-7@v3',
    ...overrides,
  };
}

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'candela-access-log-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function parseLines(text: string): Record<string, unknown>[] {
  assert.ok(text.endsWith('\n'), 'the file ends with a complete line');
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('formatAccessLogLine', () => {
  it('writes every domain.md §5 field, plus host, property and configuration version, in UTC', () => {
    const line = formatAccessLogLine(record(), 'edge-scl-1');
    assert.ok(line.endsWith('\n'));
    assert.deepEqual(JSON.parse(line), {
      date: '2025-03-04',
      time: '05:06:07.089',
      clientIp: '203.0.113.9',
      method: 'GET',
      uri: '/img/a.jpg?v=2',
      protocol: 'HTTP/2',
      status: 200,
      bytes: 1234,
      timeTakenMs: 1.235,
      referer: 'https://example.com/',
      userAgent: 'curl/8.5.0',
      range: 'bytes=0-99',
      contentType: 'image/jpeg',
      cached: 1,
      edgeId: 'edge-scl-1',
      host: 'cdn.example.com',
      property: 'prop-1',
      configVersion: 'cfg-7@v3',
    });
  });

  it('keeps absent optional fields as null so every line has the same keys', () => {
    const minimal = record({ referer: undefined, userAgent: undefined, range: undefined, contentType: undefined, configVersion: undefined });
    const parsed = JSON.parse(formatAccessLogLine(minimal, 'e')) as Record<string, unknown>;
    assert.equal(parsed.configVersion, null);
    assert.equal(parsed.referer, null);
    assert.equal(parsed.userAgent, null);
    assert.equal(parsed.range, null);
    assert.equal(parsed.contentType, null);
    assert.equal(Object.keys(parsed).length, 18);
  });

  it('marks cached 1 for hit, stale and revalidated only', () => {
    const expected: Record<CacheOutcome, number> = { hit: 1, stale: 1, revalidated: 1, miss: 0, pass: 0, error: 0, generated: 0 };
    for (const [outcome, cached] of Object.entries(expected)) {
      const parsed = JSON.parse(formatAccessLogLine(record({ outcome: outcome as CacheOutcome }), 'e')) as {
        cached: number;
      };
      assert.equal(parsed.cached, cached, outcome);
    }
  });

  it('escapes hostile header values: no newline injection, no raw line separators, exact round trip', () => {
    const hostile = 'evil\n{"date":"forged"}\r\n\u2028\u2029\u0000"\\\u001b[31m\ud800';
    const line = formatAccessLogLine(record({ userAgent: hostile, referer: hostile, uri: `/a\nb` }), 'e');
    assert.equal(line.indexOf('\n'), line.length - 1, 'the only newline is the terminator');
    for (const raw of ['\r', '\u2028', '\u2029', '\u0000', '\u001b']) {
      assert.ok(!line.includes(raw), `no raw U+${raw.charCodeAt(0).toString(16).padStart(4, '0')}`);
    }
    const parsed = JSON.parse(line) as { userAgent: string; referer: string; uri: string; date: string };
    assert.equal(parsed.userAgent, hostile);
    assert.equal(parsed.referer, hostile);
    assert.equal(parsed.uri, '/a\nb');
    assert.equal(parsed.date, '2025-03-04');
  });
});

describe('takeBatches', () => {
  it('keeps whole lines, in order, within the byte limit; an oversized line forms a batch alone', () => {
    const lines = ['aaaa\n', 'bbbb\n', 'cccc\n', `${'x'.repeat(20)}\n`, 'dddd\n'];
    const batches = takeBatches(lines, 10);
    assert.deepEqual(batches, ['aaaa\nbbbb\n', 'cccc\n', `${'x'.repeat(20)}\n`, 'dddd\n']);
    assert.equal(batches.join(''), lines.join(''));
  });

  it('counts bytes, not UTF-16 units', () => {
    // 'ñ' is one UTF-16 unit but two bytes: three of these lines (9 bytes) exceed an 8-byte batch.
    assert.deepEqual(takeBatches(['ñ\n', 'ñ\n', 'ñ\n'], 8), ['ñ\nñ\n', 'ñ\n']);
  });
});

describe('AccessLog', () => {
  it('buffers writes off the request path and lands them in order on close', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'access.ndjson');
      // flushBytes above what 200 records take: otherwise a size-triggered flush (scheduled, not
      // synchronous) may land before stat() answers on a busy machine, and the check would race it.
      const log = new AccessLog({ path, edgeId: 'e1', flushIntervalMs: 60_000, flushBytes: 8 * 1024 * 1024 });
      for (let i = 0; i < 200; i += 1) log.write(record({ uri: `/n/${i}` }));
      await assert.rejects(stat(path), 'nothing is written synchronously');
      await log.close();
      const lines = parseLines(await readFile(path, 'utf8'));
      assert.deepEqual(
        lines.map((l) => l.uri),
        Array.from({ length: 200 }, (_, i) => `/n/${i}`),
      );
    });
  });

  it('appends a batch once flushBytes are buffered, without waiting for the interval', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'access.ndjson');
      const log = new AccessLog({ path, edgeId: 'e1', flushBytes: 2048, flushIntervalMs: 60_000 });
      for (let i = 0; i < 50; i += 1) log.write(record({ uri: `/n/${i}` }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const early = parseLines(await readFile(path, 'utf8'));
      assert.ok(early.length > 0 && early.length <= 50);
      await log.close();
      assert.equal(parseLines(await readFile(path, 'utf8')).length, 50);
    });
  });

  it('flushes on the interval', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'access.ndjson');
      const log = new AccessLog({ path, edgeId: 'e1', flushIntervalMs: 20 });
      log.write(record());
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(parseLines(await readFile(path, 'utf8')).length, 1);
      await log.close();
    });
  });

  it('does nothing when disabled', async () => {
    const log = new AccessLog({ path: undefined, edgeId: 'e1' });
    log.write(record());
    await log.flush();
    await log.close();
    assert.equal(log.droppedLines, 0);
  });

  it('two writers on one file never interleave partial lines', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'shared.ndjson');
      const a = new AccessLog({ path, edgeId: 'A', flushBytes: 4096, flushIntervalMs: 5 });
      const b = new AccessLog({ path, edgeId: 'B', flushBytes: 4096, flushIntervalMs: 5 });
      const perWriter = 3000;
      for (let i = 0; i < perWriter; i += 1) {
        // Long, varied user agents make lines of different sizes that straddle batch boundaries.
        a.write(record({ uri: `/a/${i}`, userAgent: 'ua-a '.repeat(i % 97) }));
        b.write(record({ uri: `/b/${i}`, userAgent: 'ua-b '.repeat((i * 7) % 89) }));
        if (i % 250 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      await Promise.all([a.close(), b.close()]);
      const lines = parseLines(await readFile(path, 'utf8'));
      assert.equal(lines.length, 2 * perWriter);
      for (const edge of ['A', 'B']) {
        const prefix = `/${edge.toLowerCase()}/`;
        const uris = lines.filter((l) => l.edgeId === edge).map((l) => l.uri);
        assert.deepEqual(
          uris,
          Array.from({ length: perWriter }, (_, i) => `${prefix}${i}`),
          `writer ${edge} keeps its order`,
        );
      }
    });
  });

  it('several processes appending to one file never interleave partial lines', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'shared.ndjson');
      const perProcess = 20_000;
      // Each child writes with the default 64 KiB batches, yielding now and then so appends overlap.
      const script = `
        const { AccessLog } = await import(process.argv[1]);
        const [path, edgeId, count] = process.argv.slice(2);
        const log = new AccessLog({ path, edgeId, flushIntervalMs: 2 });
        for (let i = 0; i < Number(count); i += 1) {
          log.write({ atMs: Date.now(), propertyId: 'p', clientIp: '::1', method: 'GET', uri: '/' + edgeId + '/' + i,
            protocol: 'HTTP/1.1', status: 200, bytesSent: 1, originBytes: 0, durationMs: 1, outcome: 'hit',
            host: 'h', userAgent: 'x'.repeat(i % 400) });
          if (i % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
        }
        await log.close();`;
      const modulePath = fileURLToPath(new URL('./access-log.ts', import.meta.url));
      const edges = ['P1', 'P2', 'P3'];
      await Promise.all(
        edges.map(
          (edgeId) =>
            new Promise<void>((resolve, reject) => {
              const child = spawn(
                process.execPath,
                ['--import', 'tsx', '--input-type=module', '-e', script, modulePath, path, edgeId, String(perProcess)],
                // cwd inside the repository so the children resolve tsx from its node_modules.
                { stdio: ['ignore', 'inherit', 'inherit'], cwd: dirname(modulePath) },
              );
              child.on('error', reject);
              child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`child exited ${code}`))));
            }),
        ),
      );
      const lines = parseLines(await readFile(path, 'utf8'));
      assert.equal(lines.length, edges.length * perProcess);
      for (const edgeId of edges) {
        const uris = lines.filter((l) => l.edgeId === edgeId).map((l) => l.uri);
        assert.equal(uris.length, perProcess);
        assert.equal(uris[perProcess - 1], `/${edgeId}/${perProcess - 1}`, 'each process keeps its order');
      }
    });
  });

  it('drops (and counts) lines past maxBufferedBytes and after close', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'access.ndjson');
      const log = new AccessLog({
        path,
        edgeId: 'e1',
        flushBytes: 1 << 20,
        maxBufferedBytes: 1000,
        flushIntervalMs: 60_000,
      });
      for (let i = 0; i < 20; i += 1) log.write(record());
      assert.ok(log.droppedLines > 0);
      const kept = 20 - log.droppedLines;
      await log.close();
      log.write(record());
      assert.equal(log.droppedLines, 20 - kept + 1);
      assert.equal(parseLines(await readFile(path, 'utf8')).length, kept);
    });
  });

  it('reports append failures to onError instead of throwing', async () => {
    await withTempDir(async (dir) => {
      const errors: Error[] = [];
      // A directory cannot be opened for appending.
      const log = new AccessLog({ path: dir, edgeId: 'e1', onError: (e) => errors.push(e) });
      log.write(record());
      await log.close();
      assert.equal(errors.length, 1);
    });
  });

  it('reopen() sends later lines to a fresh file after rotation', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'access.ndjson');
      const log = new AccessLog({ path, edgeId: 'e1', flushIntervalMs: 60_000 });
      log.write(record({ uri: '/before' }));
      await log.flush();
      await rename(path, join(dir, 'access.ndjson.1'));
      await log.reopen();
      log.write(record({ uri: '/after' }));
      await log.close();
      assert.deepEqual(parseLines(await readFile(join(dir, 'access.ndjson.1'), 'utf8')).map((l) => l.uri), ['/before']);
      assert.deepEqual(parseLines(await readFile(path, 'utf8')).map((l) => l.uri), ['/after']);
    });
  });
});

describe('utcDate / utcTime', () => {
  it('match toISOString for every millisecond pattern, across seconds and days, in any order', () => {
    const base = Date.UTC(2024, 1, 29, 23, 59, 59, 0);
    const samples = [base, base + 7, base + 42, base + 999, base + 1000, base - 1, base + 86_400_123, 0, base + 5.7];
    for (const atMs of samples) {
      const iso = new Date(atMs).toISOString();
      assert.equal(utcDate(atMs), iso.slice(0, 10), String(atMs));
      assert.equal(utcTime(atMs), iso.slice(11, 23), String(atMs));
    }
  });
});

describe('access log line: any header value round-trips', () => {
  it('domain §5 every string field survives JSON.parse unchanged, on one line', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string(), fc.string({ unit: 'grapheme' }), (ua, uri, referer) => {
        const line = formatAccessLogLine(record({ userAgent: ua, uri, referer }), 'edge-1');
        assert.equal(line.indexOf('\n'), line.length - 1);
        assert.ok(!/[\u2028\u2029]/.test(line));
        const parsed = JSON.parse(line) as { userAgent: string; uri: string; referer: string };
        assert.equal(parsed.userAgent, ua);
        assert.equal(parsed.uri, uri);
        assert.equal(parsed.referer, referer);
      }),
      { numRuns: 500 },
    );
  });
});
