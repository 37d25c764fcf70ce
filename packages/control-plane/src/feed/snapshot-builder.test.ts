import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configurationDocumentSchema, edgeConfigSchema } from '@candela/contract';
import type { ConfigurationDocument } from '@candela/contract';
import { documentWith } from '../modules/activations/configuration.fixture.js';
import { buildSnapshot } from './snapshot-builder.js';
import type { SlotSource } from './snapshot-builder.js';

const doc = (...aliases: string[][]): ConfigurationDocument => configurationDocumentSchema.parse(documentWith(...aliases));

const aliasesIn = (props: readonly { aliases: string[] }[]) => props.map((p) => p.aliases.join('+'));

test('snapshot builder: production = current versions, candidates = one slot per configuration, staging = staging versions', () => {
  const slots: SlotSource[] = [
    { configurationId: 'cfg-b', scid: 'SCIDBBBBB', staging: { version: 3, document: doc(['b.example']) }, current: { version: 2, document: doc(['b.example', 'www.b.example']) }, candidate: null },
    { configurationId: 'cfg-a', scid: 'SCIDAAAAA', staging: null, current: { version: 1, document: doc(['a.example']) }, candidate: { version: 2, percent: 10, document: doc(['a.example'], ['new.a.example']) } },
  ];
  const snapshot = buildSnapshot(42, slots);
  assert.equal(snapshot.version, 42);
  // Configurations in id order, whatever order the rows came in.
  assert.deepEqual(aliasesIn(snapshot.properties), ['a.example', 'b.example+www.b.example']);
  assert.deepEqual(snapshot.properties.map((p) => p.source), [{ configurationId: 'cfg-a', version: 1 }, { configurationId: 'cfg-b', version: 2 }]);
  assert.deepEqual(snapshot.properties.map((p) => [p.id, p.scid]), [['a.example', 'SCIDAAAAA'], ['b.example', 'SCIDBBBBB']]);
  assert.equal(snapshot.candidates.length, 1);
  assert.equal(snapshot.candidates[0]!.key, 'cfg-a');
  assert.equal(snapshot.candidates[0]!.percent, 10);
  assert.deepEqual(aliasesIn(snapshot.candidates[0]!.properties), ['a.example', 'new.a.example']);
  assert.deepEqual(snapshot.candidates[0]!.properties.map((p) => p.source?.version), [2, 2]);
  assert.deepEqual(aliasesIn(snapshot.staging), ['b.example']);
  assert.equal(snapshot.staging[0]!.source?.version, 3);
  assert.deepEqual(snapshot.certificates, []);
  // What the edges validate: the builder's output is a valid edge document.
  assert.equal(edgeConfigSchema.safeParse(snapshot).success, true);
});

test('snapshot builder: a configuration with no properties in its current version serves nothing; no slots, empty snapshot', () => {
  const snapshot = buildSnapshot(7, [{ configurationId: 'cfg', scid: 'SCIDAAAAA', staging: null, current: { version: 4, document: doc() }, candidate: null }]);
  assert.deepEqual(snapshot, { version: 7, properties: [], certificates: [], candidates: [], staging: [] });
  assert.deepEqual(buildSnapshot(1, []), { version: 1, properties: [], certificates: [], candidates: [], staging: [] });
});

test('snapshot builder: definitions are inlined by the contract compiler', () => {
  const document = configurationDocumentSchema.parse({
    properties: [{ aliases: ['d.example'], origin: { host: 'o.example' }, defaults: { responseHeaders: { definition: 'security' } } }],
    definitions: { headers: { security: { set: { 'x-frame-options': 'DENY' } } } },
  });
  const snapshot = buildSnapshot(2, [{ configurationId: 'cfg', scid: 'SCIDAAAAA', staging: null, current: { version: 1, document }, candidate: null }]);
  assert.deepEqual(snapshot.properties[0]!.defaults.responseHeaders, { set: { 'x-frame-options': 'DENY' }, remove: [] });
});
