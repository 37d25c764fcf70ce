// The edge's settings for issue 4: feed mode (--control-plane and its enrolment token, region, metro)
// as the third source of configuration, and the staging listener.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadEdgeOptions } from './config.js';

const TOKEN = 'enrol-0123456789abcdef';

describe('loadEdgeOptions: sources of configuration', () => {
  it('wants exactly one of --config, --origin and --control-plane', () => {
    assert.throws(() => loadEdgeOptions({}, {}), /exactly one of --config FILE, --origin http:\/\/HOST:PORT or --control-plane URL/);
    assert.throws(() => loadEdgeOptions({ config: 'a.json', controlPlane: 'http://cp' }, { CANDELA_EDGE_ENROLMENT_TOKEN: TOKEN }), ConfigError);
    assert.throws(() => loadEdgeOptions({ origin: 'http://o' }, { CANDELA_EDGE_CONTROL_PLANE: 'http://cp' }), ConfigError);
    assert.equal(loadEdgeOptions({ origin: 'http://o' }, {}).feed, undefined);
  });

  it('feed mode from flags: the control plane URL without trailing slash, region and metro "local" by default', () => {
    const o = loadEdgeOptions({ controlPlane: 'http://127.0.0.1:8090/', enrolmentToken: TOKEN }, {});
    assert.equal(o.configPath, undefined);
    assert.equal(o.originUrl, undefined);
    assert.deepEqual(o.feed, {
      controlPlaneUrl: 'http://127.0.0.1:8090',
      enrolmentToken: TOKEN,
      region: 'local',
      metro: 'local',
      heartbeatMs: 5_000,
      watchdogMs: 45_000,
      backoffInitialMs: 250,
      backoffMaxMs: 5_000,
    });
  });

  it('feed mode from the environment, the token from a file; flags win over the environment', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'candela-config-'));
    try {
      await writeFile(join(dir, 'token'), `${TOKEN}\n`);
      const env = {
        CANDELA_EDGE_CONTROL_PLANE: 'https://cp.example.net/base',
        CANDELA_EDGE_ENROLMENT_TOKEN_FILE: join(dir, 'token'),
        CANDELA_EDGE_REGION: 'eu-west',
        CANDELA_EDGE_METRO: 'mad',
      };
      const o = loadEdgeOptions({ metro: 'bcn' }, env);
      assert.equal(o.feed?.controlPlaneUrl, 'https://cp.example.net/base');
      assert.equal(o.feed?.enrolmentToken, TOKEN);
      assert.equal(o.feed?.region, 'eu-west');
      assert.equal(o.feed?.metro, 'bcn');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses feed mode without a usable enrolment token or with a URL that is not http(s)', () => {
    assert.throws(() => loadEdgeOptions({ controlPlane: 'http://cp' }, {}), /enrolment token/);
    assert.throws(() => loadEdgeOptions({ controlPlane: 'http://cp', enrolmentToken: 'short' }, {}), /16 to 200 characters/);
    assert.throws(() => loadEdgeOptions({ controlPlane: 'ftp://cp', enrolmentToken: TOKEN }, {}), /http:\/\/ or https:\/\//);
    assert.throws(() => loadEdgeOptions({ controlPlane: 'not a url', enrolmentToken: TOKEN }, {}), /not a URL/);
    assert.throws(() => loadEdgeOptions({ controlPlane: 'http://cp', enrolmentToken: TOKEN, region: ' ' }, {}), /--region/);
  });
});

describe('loadEdgeOptions: the staging listener', () => {
  it('is off by default, and set by --staging-listen or CANDELA_EDGE_STAGING_LISTEN', () => {
    assert.equal(loadEdgeOptions({ origin: 'http://o' }, {}).stagingListen, undefined);
    assert.deepEqual(loadEdgeOptions({ origin: 'http://o', stagingListen: '0.0.0.0:8081' }, {}).stagingListen, { host: '0.0.0.0', port: 8081 });
    assert.deepEqual(loadEdgeOptions({ origin: 'http://o' }, { CANDELA_EDGE_STAGING_LISTEN: '[::1]:8082' }).stagingListen, { host: '::1', port: 8082 });
    assert.throws(() => loadEdgeOptions({ origin: 'http://o', stagingListen: 'nope' }, {}), /--staging-listen/);
  });
});
