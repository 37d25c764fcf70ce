// Integration: the disk tier survives a restart, a corrupt file is never served, budgets hold.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestOrigin, fixed } from '../test-support/test-origin.js';
import { startTestEdge } from '../test-support/test-edge.js';
import { cacheStatus, httpRequest } from '../test-support/http-client.js';

async function filesUnder(dir: string, suffix: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of await readdir(dir, { recursive: true })) if (name.endsWith(suffix)) out.push(join(dir, name));
  return out;
}

describe('disk tier across restarts', () => {
  test('a restarted edge serves from its warm disk tier without asking the origin', async () => {
    const origin = await new TestOrigin().start();
    origin.route('*', fixed(200, { 'cache-control': 'max-age=3600' }, 'persisted'));
    const dataDir = await mkdtemp(join(tmpdir(), 'candela-restart-'));
    try {
      const first = await startTestEdge({ origin: origin.url, dataDir });
      for (let i = 0; i < 5; i++) await httpRequest(`${first.url}/obj/${i}`);
      await first.stop();
      const second = await startTestEdge({ origin: origin.url, dataDir });
      for (let i = 0; i < 5; i++) {
        const r = await httpRequest(`${second.url}/obj/${i}`);
        assert.equal(r.text, 'persisted');
        assert.equal(cacheStatus(r).hit, true);
      }
      assert.equal(origin.count(), 5);
      await second.stop();
    } finally {
      await origin.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test('a truncated body file is discarded on restart or read, never served', async () => {
    const origin = await new TestOrigin().start();
    origin.route('*', fixed(200, { 'cache-control': 'max-age=3600' }, 'x'.repeat(5000)));
    const dataDir = await mkdtemp(join(tmpdir(), 'candela-corrupt-'));
    try {
      const first = await startTestEdge({ origin: origin.url, dataDir });
      await httpRequest(`${first.url}/big`);
      await first.stop();
      const bodies = await filesUnder(join(dataDir, 'cache'), '.body');
      assert.equal(bodies.length, 1);
      await writeFile(bodies[0]!, 'x'.repeat(100));
      const second = await startTestEdge({ origin: origin.url, dataDir });
      const r = await httpRequest(`${second.url}/big`);
      assert.equal(r.text.length, 5000);
      assert.equal(origin.count(), 2);
      await second.stop();
    } finally {
      await origin.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('budgets', () => {
  test('memory and disk tiers stay within their byte budgets under many objects', async () => {
    const origin = await new TestOrigin().start();
    origin.route('*', fixed(200, { 'cache-control': 'max-age=3600' }, 'b'.repeat(100 * 1024)));
    const edge = await startTestEdge({ origin: origin.url, memoryMb: 1, diskMb: 2 });
    try {
      for (let i = 0; i < 60; i++) await httpRequest(`${edge.url}/o/${i}`);
      const tiers = edge.edge.node.store.tierStats();
      assert.ok(tiers.memory.bytes <= 1024 * 1024, `memory ${tiers.memory.bytes}`);
      assert.ok(tiers.disk!.bytes <= 2 * 1024 * 1024, `disk ${tiers.disk!.bytes}`);
      let onDisk = 0;
      for (const f of await filesUnder(join(edge.dataDir, 'cache'), '')) {
        if (f.endsWith('.tmp')) continue;
        const s = await stat(f).catch(() => undefined); // an eviction may remove it meanwhile
        if (s?.isFile()) onDisk += s.size;
      }
      assert.ok(onDisk <= 2 * 1024 * 1024, `files on disk ${onDisk}`);
      const recent = await httpRequest(`${edge.url}/o/59`);
      assert.equal(cacheStatus(recent).hit, true);
    } finally {
      await edge.stop();
      await origin.stop();
    }
  });
});
