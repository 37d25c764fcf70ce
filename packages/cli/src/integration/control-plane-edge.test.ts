// Integration (issue 4): a real control plane (SQLite in a temporary directory, listening on loopback) and
// a real edge in feed mode following it over HTTP, with a client listener and a staging listener. A
// configuration saved and activated through the API reaches the edge in seconds: the edge serves the
// origin under the property's aliases; a new version with another TTL and a response header, activated
// to staging, shows only on the staging listener, and once activated to production on both.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Activation, Configuration, ConfigurationDocumentInput } from '@candela/contract';
import { initialDocument, loadEdgeOptions, runEdge } from '@candela/edge';
import type { RunningEdge } from '@candela/edge';
import { loadConfig, seedDemo, startControlPlane } from '@candela/control-plane';
import type { ControlPlane, DemoSeed } from '@candela/control-plane';
import { ApiSession, CountingOrigin, get, waitFor } from './loopback.js';

const ALIAS = 'www.integration.test';
const OTHER_ALIAS = 'media.integration.test';

function documentFor(originPort: number, o: { ttl: string; header?: string }): ConfigurationDocumentInput {
  return {
    properties: [
      {
        aliases: [ALIAS, OTHER_ALIAS],
        origin: { protocol: 'http', host: '127.0.0.1', port: originPort },
        defaults: {
          cacheControl: { internal: { policy: 'ttl', ttl: o.ttl } },
          ...(o.header === undefined ? {} : { responseHeaders: { set: { 'X-Integration': o.header } } }),
        },
      },
    ],
  };
}

/** `ttl=N` of a Cache-Status hit, or undefined when the answer was not a hit. */
function hitTtl(cacheStatus: string | string[] | undefined): number | undefined {
  const m = /; hit; ttl=(-?\d+)/.exec(String(cacheStatus));
  return m ? Number(m[1]) : undefined;
}

describe('control plane and edge in feed mode, on loopback (issue 4)', { timeout: 120_000 }, () => {
  const origin = new CountingOrigin();
  let dir = '';
  let controlPlane: ControlPlane;
  let edge: RunningEdge;
  let api: ApiSession;
  let scid = '';
  let configurationId = '';
  const edgeUrl = () => `http://127.0.0.1:${edge.http.port}`;
  const stagingUrl = () => `http://127.0.0.1:${edge.staging!.port}`;

  /** Activates, then follows the activation as the portal does until it settles. */
  const activate = async (body: { target: 'staging' | 'production'; version: number }): Promise<Activation> => {
    const started = await api.call<Activation>('POST', `/configurations/${configurationId}/activations`, { ...body, comment: `${body.target} v${body.version}` });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    return waitFor(`activation ${started.body.id} to settle`, async () => {
      const now = await api.call<Activation>('GET', `/activations/${started.body.id}`);
      return now.body.status === 'pending' || now.body.status === 'propagating' ? undefined : now.body;
    });
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'candela-cli-it-'));
    await origin.start();
    let seed: DemoSeed | undefined;
    controlPlane = await startControlPlane(loadConfig({ CANDELA_DATA_DIR: join(dir, 'control-plane'), CANDELA_PORT: '0', CANDELA_LOG_LEVEL: 'silent' }), {
      beforeListen: async (handle) => {
        seed = await seedDemo(handle.db, Date.now(), { origin: { host: '127.0.0.1', port: origin.port } });
      },
    });
    assert.ok(seed?.created);
    scid = seed.scid;
    const loaded = loadEdgeOptions(
      {
        controlPlane: controlPlane.url,
        enrolmentToken: controlPlane.edgeEnrolmentToken,
        listen: '127.0.0.1:0',
        stagingListen: '127.0.0.1:0',
        adminListen: '127.0.0.1:0',
        dataDir: join(dir, 'edge'),
        workers: '1',
        edgeId: 'integration-edge',
      },
      { CANDELA_EDGE_ADMIN_TOKEN: 'integration-token' },
    );
    const opts = { ...loaded, feed: { ...loaded.feed!, heartbeatMs: 250, backoffInitialMs: 50, backoffMaxMs: 500 } };
    const initial = await initialDocument(opts);
    assert.ok(initial.ok);
    edge = await runEdge(opts, initial.doc, Date.now, { feedSeq: initial.feedSeq ?? 0 });
    const password = seed.accounts.find((a) => a.email === 'admin@demo.candela.test')?.password ?? '';
    api = await ApiSession.signIn(controlPlane.url, 'admin@demo.candela.test', password);
    // Online (enrolled, following, heartbeating) before the first activation, so activations wait for it.
    await waitFor('the edge to follow the feed', () => (edge.feed?.status().connected === true && edge.feed.status().appliedSeq > 0 ? true : undefined));
  });

  after(async () => {
    await edge?.close();
    await controlPlane?.close();
    await origin.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('a configuration saved through the API and activated to production is served under its aliases', async () => {
    assert.equal((await get(`${edgeUrl()}/page`, ALIAS)).status, 404, 'nothing serves the alias before the activation');
    const created = await api.call<Configuration>('POST', `/services/${scid}/configurations`, { name: 'Integration site', comment: 'first', document: documentFor(origin.port, { ttl: '10m' }) });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    configurationId = created.body.id;

    const activation = await activate({ target: 'production', version: 1 });
    assert.equal(activation.status, 'active');
    assert.deepEqual([activation.edgesDone, activation.edgesTotal], [1, 1], 'the one online edge applied it');

    const first = await get(`${edgeUrl()}/page`, ALIAS);
    assert.equal(first.status, 200);
    assert.equal(first.text, 'origin page /page\n');
    assert.match(String(first.headers['cache-status']), /fwd=uri-miss; fwd-status=200; stored/);
    const second = await get(`${edgeUrl()}/page`, ALIAS);
    const ttl = hitTtl(second.headers['cache-status']);
    assert.ok(ttl !== undefined && ttl > 590 && ttl <= 600, `the property's TTL (10m), not the origin's max-age: ${String(second.headers['cache-status'])}`);
    assert.equal(origin.hits('/page'), 1);
    assert.equal(second.headers['x-integration'], undefined);
    assert.equal((await get(`${edgeUrl()}/other`, OTHER_ALIAS)).text, 'origin page /other\n', 'every alias serves the property');
    assert.equal((await get(`${edgeUrl()}/page`, 'unknown.integration.test')).status, 404);
  });

  test('a new version (TTL and a response header) activated to staging shows only on the staging listener', async () => {
    const saved = await api.call<{ version: number }>('POST', `/configurations/${configurationId}/versions`, { baseVersion: 1, comment: 'an hour, and a header', document: documentFor(origin.port, { ttl: '1h', header: 'v2' }) });
    assert.equal(saved.status, 201, JSON.stringify(saved.body));
    assert.equal(saved.body.version, 2);
    assert.equal((await activate({ target: 'staging', version: 2 })).status, 'active');

    const staged = await waitFor('version 2 on the staging listener', async () => {
      const answer = await get(`${stagingUrl()}/staged`, ALIAS);
      return answer.headers['x-integration'] === 'v2' ? answer : undefined;
    });
    assert.equal(staged.text, 'origin page /staged\n');
    const production = await get(`${edgeUrl()}/staged`, ALIAS);
    assert.equal(production.status, 200);
    assert.equal(production.headers['x-integration'], undefined, 'production still serves version 1');
  });

  test('activated to production, the new version serves everywhere: the header, and the new TTL for what it stores', async () => {
    assert.equal((await activate({ target: 'production', version: 2 })).status, 'active');
    const answer = await waitFor('version 2 in production', async () => {
      const a = await get(`${edgeUrl()}/fresh`, ALIAS);
      return a.headers['x-integration'] === 'v2' ? a : undefined;
    });
    assert.equal(answer.text, 'origin page /fresh\n');
    const again = await get(`${edgeUrl()}/fresh`, OTHER_ALIAS);
    assert.equal(again.headers['x-integration'], 'v2');
    const ttl = hitTtl(again.headers['cache-status']);
    assert.ok(ttl !== undefined && ttl > 3590 && ttl <= 3600, `the new TTL (1h): ${String(again.headers['cache-status'])}`);
    const configuration = await api.call<Configuration>('GET', `/configurations/${configurationId}`);
    assert.equal(configuration.body.slots.production.current?.version, 2);
    assert.equal(configuration.body.slots.staging?.version, 2);
  });
});
