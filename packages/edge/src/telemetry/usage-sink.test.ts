import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyUsageMinute } from './usage-counters.js';
import type { UsageMinute } from './usage-counters.js';
import { UsageFileSink, formatUsageLine, usageFileDay } from './usage-sink.js';

const LAST_MINUTE_OF_DAY = Date.UTC(2025, 0, 31, 23, 59, 0);

function minute(minuteAtMs: number, propertyId: string, requests: number): UsageMinute {
  const m = emptyUsageMinute(minuteAtMs, propertyId);
  m.requests = requests;
  m.requestsPerSecond[3] = requests;
  m.peakRequestsPerSecond = requests;
  return m;
}

describe('formatUsageLine', () => {
  it('is one JSON line with the edge, a readable minute and every counter', () => {
    const line = formatUsageLine(minute(LAST_MINUTE_OF_DAY, 'p1', 4), 'edge-1');
    assert.equal(line.indexOf('\n'), line.length - 1);
    const parsed = JSON.parse(line) as Record<string, unknown>;
    assert.equal(parsed.edgeId, 'edge-1');
    assert.equal(parsed.minute, '2025-01-31T23:59:00.000Z');
    assert.equal(parsed.minuteAtMs, LAST_MINUTE_OF_DAY);
    assert.equal(parsed.propertyId, 'p1');
    assert.equal(parsed.requests, 4);
    assert.equal(parsed.peakRequestsPerSecond, 4);
    assert.equal((parsed.requestsPerSecond as number[]).length, 60);
  });
});

describe('usageFileDay', () => {
  it('names the UTC day', () => {
    assert.equal(usageFileDay(LAST_MINUTE_OF_DAY), '2025-01-31');
    assert.equal(usageFileDay(LAST_MINUTE_OF_DAY + 60_000), '2025-02-01');
  });
});

describe('UsageFileSink', () => {
  it('appends one line per minute and property to the file of each UTC day', async () => {
    const root = await mkdtemp(join(tmpdir(), 'candela-usage-'));
    try {
      const dir = join(root, 'usage');
      const sink = new UsageFileSink({ dir, edgeId: 'edge-7' });
      await sink.write([minute(LAST_MINUTE_OF_DAY, 'p1', 1), minute(LAST_MINUTE_OF_DAY, 'p2', 2)]);
      await sink.write([minute(LAST_MINUTE_OF_DAY + 60_000, 'p1', 3)]);
      await sink.write([]);
      assert.deepEqual((await readdir(dir)).sort(), ['2025-01-31.ndjson', '2025-02-01.ndjson']);

      const read = async (name: string): Promise<Record<string, unknown>[]> =>
        (await readFile(join(dir, name), 'utf8'))
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l) as Record<string, unknown>);
      const day1 = await read('2025-01-31.ndjson');
      assert.deepEqual(
        day1.map((l) => [l.edgeId, l.propertyId, l.requests]),
        [
          ['edge-7', 'p1', 1],
          ['edge-7', 'p2', 2],
        ],
      );
      const day2 = await read('2025-02-01.ndjson');
      assert.deepEqual(
        day2.map((l) => [l.propertyId, l.minute, l.requests]),
        [['p1', '2025-02-01T00:00:00.000Z', 3]],
      );

      await sink.write([minute(LAST_MINUTE_OF_DAY + 120_000, 'p1', 5)]);
      assert.equal((await read('2025-02-01.ndjson')).length, 2, 'later writes append');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
