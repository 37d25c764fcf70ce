// Which property answers: current, candidate (canary) and staging slots, with `*` in each.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { edgeConfigSchema } from '@candela/contract';
import type { EdgeConfigInput } from '@candela/contract';
import { canaryBucket, canarySuffix } from '../config/canary.js';
import { compileConfig, STAGING_ID_PREFIX } from '../config/compile.js';
import { resolveProperty } from './resolve-property.js';

const prop = (id: string, aliases: string[], version = 1) => ({
  id,
  aliases,
  origin: { host: 'origin.example' },
  source: { configurationId: 'cfg-1', version },
});

function compile(doc: Partial<EdgeConfigInput>) {
  return compileConfig(edgeConfigSchema.parse({ properties: [], ...doc }));
}

/** A client address whose bucket for key `cfg-1` is below / at least `percent`. */
function clientIn(percent: number, inside: boolean): string {
  for (let i = 0; ; i++) {
    const ip = `10.0.${i >> 8}.${i & 255}`;
    if (canaryBucket(ip, canarySuffix('cfg-1')) < percent === inside) return ip;
  }
}

describe('resolveProperty', () => {
  const cfg = compile({
    properties: [prop('www.example.com', ['www.example.com'], 3)],
    candidates: [{ key: 'cfg-1', percent: 30, properties: [prop('www.example.com', ['www.example.com'], 4), prop('new.example.com', ['new.example.com'], 1)] }],
    staging: [prop('www.example.com', ['www.example.com'], 5)],
  });

  it('sends the canary share of clients to the candidate and the rest to the current version', () => {
    assert.equal(resolveProperty(cfg, 'www.example.com', clientIn(30, true), false)?.configVersion, 'cfg-1@v4');
    assert.equal(resolveProperty(cfg, 'www.example.com', clientIn(30, false), false)?.configVersion, 'cfg-1@v3');
  });

  it('answers unknown host (undefined) for clients outside the share of a candidate-only alias', () => {
    assert.equal(resolveProperty(cfg, 'new.example.com', clientIn(30, true), false)?.id, 'new.example.com');
    assert.equal(resolveProperty(cfg, 'new.example.com', clientIn(30, false), false), undefined);
  });

  it('serves staging only where asked, in its own cache namespace, falling back to production', () => {
    const staged = resolveProperty(cfg, 'www.example.com', clientIn(30, false), true);
    assert.equal(staged?.configVersion, 'cfg-1@v5');
    assert.equal(staged?.id, `${STAGING_ID_PREFIX}www.example.com`);
    assert.equal(resolveProperty(cfg, 'new.example.com', clientIn(30, true), true)?.configVersion, 'cfg-1@v1');
    assert.equal(resolveProperty(cfg, 'other.example.com', '10.0.0.1', true), undefined);
  });

  it('drops a 0 % slot at compile time and sends everyone to a 100 % slot', () => {
    const zero = compile({ properties: [prop('a', ['a.example'])], candidates: [{ key: 'cfg-1', percent: 0, properties: [prop('a', ['a.example'], 2)] }] });
    assert.equal(zero.candidates.size, 0);
    const all = compile({ properties: [prop('a', ['a.example'])], candidates: [{ key: 'cfg-1', percent: 100, properties: [prop('a', ['a.example'], 2)] }] });
    for (let i = 0; i < 50; i++) assert.equal(resolveProperty(all, 'a.example', `10.0.0.${i}`, false)?.configVersion, 'cfg-1@v2');
  });

  it('a `*` candidate covers only hosts the current slot does not name', () => {
    const wild = compile({
      properties: [prop('named', ['named.example']), prop('any', ['*'])],
      candidates: [{ key: 'cfg-1', percent: 100, properties: [prop('any-next', ['*'], 2)] }],
    });
    assert.equal(resolveProperty(wild, 'named.example', '10.0.0.1', false)?.id, 'named');
    assert.equal(resolveProperty(wild, 'other.example', '10.0.0.1', false)?.id, 'any-next');
  });
});
