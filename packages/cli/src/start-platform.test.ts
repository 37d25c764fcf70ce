// What `candela start` brings up (start-platform.ts), on free loopback ports in a temporary data
// directory: the edge follows the control plane and serves the demo configuration exactly as the README
// promises (a miss that is stored, then a hit with the demo origin's TTL), under every demo alias and on
// the staging listener too; a second start on the same data directory serves at once from the snapshot
// the edge kept, and seeds nothing again.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { DEMO_CONFIGURATION_NAME } from '@candela/control-plane';
import { get } from './integration/loopback.js';
import { parsePort, startPlatform } from './start-platform.js';
import type { RunningPlatform, StartOptions } from './start-platform.js';

const ENV = { CANDELA_EDGE_ADMIN_LISTEN: '127.0.0.1:0', CANDELA_EDGE_ADMIN_TOKEN: 'start-test-token', CANDELA_LOG_LEVEL: 'silent' };

describe('candela start: the platform on one machine (issue 4: the edge in feed mode)', { timeout: 120_000 }, () => {
  let dir = '';
  let platform: RunningPlatform | undefined;
  const options = (originPort: string): StartOptions => ({ dataDir: dir, host: '127.0.0.1', port: '0', stagingPort: '0', portalPort: '0', originPort });
  const edgeUrl = () => `http://127.0.0.1:${platform!.edge.http.port}`;

  after(async () => {
    await platform?.close();
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  test('the first start seeds the demo configuration and the edge serves the demo origin through it, as the README says', async () => {
    dir = await mkdtemp(join(tmpdir(), 'candela-start-'));
    platform = await startPlatform(options('0'), { env: ENV, readyTimeoutMs: 30_000 });
    assert.equal(platform.edgeReady, true);
    assert.equal(platform.seed.created, true);
    const c = platform.seed.configuration;
    assert.deepEqual([c.name, c.created, c.refused], [DEMO_CONFIGURATION_NAME, true, undefined]);
    assert.equal(platform.edge.feed?.status().appliedSeq, c.activatedSeq);
    assert.notEqual(platform.edge.staging, undefined, 'a staging listener');

    const first = await get(`${edgeUrl()}/`);
    assert.equal(first.status, 200);
    assert.match(first.text, /Candela demo origin/);
    assert.equal(first.headers['cache-status'], 'Candela; fwd=uri-miss; fwd-status=200; stored');
    const second = await get(`${edgeUrl()}/`);
    assert.match(String(second.headers['cache-status']), /^Candela; hit; ttl=(59|60)$/);
    assert.notEqual(second.headers.age, undefined);
    for (const alias of ['localhost', 'demo.candela.test']) {
      const answer = await get(`${edgeUrl()}/`, `${alias}:${platform.edge.http.port}`);
      assert.equal(answer.status, 200, alias);
      assert.match(answer.text, /Candela demo origin/, alias);
    }
    assert.equal((await get(`${edgeUrl()}/`, 'unknown.example')).status, 404);
    const time = [await get(`${edgeUrl()}/time`), await get(`${edgeUrl()}/time`)];
    assert.ok(time.every((t) => String(t.headers['cache-status']).includes('fwd=uri-miss')), 'no-store pages are never kept');
    // Nothing in staging: the staging listener serves production.
    const staged = await get(`http://127.0.0.1:${platform.edge.staging!.port}/static/app.css`);
    assert.equal(staged.status, 200);
    assert.match(staged.text, /font-family/);
  });

  test('a second start on the same data directory seeds nothing and serves at once from the kept snapshot', async () => {
    assert.ok(platform);
    const originPort = String(platform.origin.port);
    await platform.close();
    platform = undefined;
    platform = await startPlatform(options(originPort), { env: ENV, readyTimeoutMs: 30_000 });
    assert.equal(platform.seed.created, false);
    assert.deepEqual([platform.seed.configuration.created, platform.seed.configuration.activatedSeq], [false, undefined]);
    assert.equal(platform.edgeReady, true);
    const answer = await get(`${edgeUrl()}/`);
    assert.equal(answer.status, 200);
    assert.match(answer.text, /Candela demo origin/);
  });

  test('ports are whole numbers 0–65535', () => {
    assert.equal(parsePort('8091', '--origin-port'), 8091);
    assert.equal(parsePort('0', '--origin-port'), 0);
    for (const bad of ['', 'x', '-1', '65536', '80.5']) assert.throws(() => parsePort(bad, '--origin-port'), /--origin-port: expected a port number/);
  });
});
