import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configurationDocumentSchema } from '@candela/contract';
import { documentWith } from './configuration.fixture.js';
import { registryEntries } from './registry-rules.js';

const doc = (...aliases: string[][]) => configurationDocumentSchema.parse(documentWith(...aliases));

test('property registry: one entry per primary alias of a configuration, with the version in each slot', () => {
  const entries = registryEntries([
    {
      configurationId: 'cfg-a',
      configurationName: 'Main',
      scid: 'SCIDAAAAA',
      staging: { version: 3, document: doc(['b.example'], ['staging-only.example']) },
      current: { version: 1, document: doc(['b.example', 'www.b.example']) },
      candidate: { version: 2, percent: 10, document: doc(['b.example', 'cdn.b.example']) },
    },
    { configurationId: 'cfg-z', configurationName: 'Other', scid: 'SCIDAAAAA', staging: null, current: { version: 5, document: doc(['a.example']) }, candidate: null },
  ]);
  assert.deepEqual(entries, [
    { primaryAlias: 'a.example', aliases: ['a.example'], scid: 'SCIDAAAAA', configurationId: 'cfg-z', configurationName: 'Other', staging: null, productionCurrent: 5, productionCandidate: null },
    { primaryAlias: 'b.example', aliases: ['b.example', 'www.b.example'], scid: 'SCIDAAAAA', configurationId: 'cfg-a', configurationName: 'Main', staging: 3, productionCurrent: 1, productionCandidate: { version: 2, percent: 10 } },
    { primaryAlias: 'staging-only.example', aliases: ['staging-only.example'], scid: 'SCIDAAAAA', configurationId: 'cfg-a', configurationName: 'Main', staging: 3, productionCurrent: null, productionCandidate: null },
  ]);
  assert.deepEqual(registryEntries([{ configurationId: 'c', configurationName: 'n', scid: 'S', staging: null, current: { version: 1, document: doc() }, candidate: null }]), []);
});
