import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configurationDocumentSchema } from '@candela/contract';
import { buildSnapshot } from '../../feed/snapshot-builder.js';
import { documentWith } from './configuration.fixture.js';
import { problemsForConfiguration } from './refusal-problems.js';

const doc = (...aliases: string[][]) => configurationDocumentSchema.parse(documentWith(...aliases));

test('refusal problems: only those pointing into the activated configuration are shown; the rest are counted (tenant isolation)', () => {
  const snapshot = buildSnapshot(9, [
    { configurationId: 'cfg-a', scid: 'SCIDAAAAA', staging: { version: 1, document: doc(['stage.a.example']) }, current: { version: 1, document: doc(['a.example']) }, candidate: { version: 2, percent: 5, document: doc(['a.example']) } },
    { configurationId: 'cfg-b', scid: 'SCIDBBBBB', staging: null, current: { version: 1, document: doc(['secret.b.example']) }, candidate: null },
  ]);
  const problems = [
    '/properties/0/origin/host: cannot resolve',
    '/properties/1/aliases/0: alias "secret.b.example" is broken',
    '/candidates/0/properties/0/rules/0: bad rule',
    '/staging/0/defaults: bad default',
    '/version: not monotonic',
    'no pointer at all',
  ];
  assert.deepEqual(problemsForConfiguration(snapshot, problems, 'cfg-a'), {
    problems: ['/properties/0/origin/host: cannot resolve', '/candidates/0/properties/0/rules/0: bad rule', '/staging/0/defaults: bad default'],
    elsewhere: 3,
  });
  assert.deepEqual(problemsForConfiguration(snapshot, problems, 'cfg-b'), { problems: ['/properties/1/aliases/0: alias "secret.b.example" is broken'], elsewhere: 5 });
  // Without the snapshot nothing can be attributed, so nothing is shown.
  assert.deepEqual(problemsForConfiguration(undefined, problems, 'cfg-a'), { problems: [], elsewhere: 6 });
});
