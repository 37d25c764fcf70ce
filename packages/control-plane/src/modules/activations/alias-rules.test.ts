import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configurationDocumentSchema } from '@candela/contract';
import { aliasConflicts, aliasesOf, crossServiceConflicts } from './alias-rules.js';
import { documentWith } from './configuration.fixture.js';

const doc = (...aliases: string[][]) => configurationDocumentSchema.parse(documentWith(...aliases));

test('alias rule: a configuration holds every alias of every property of its live versions, once', () => {
  assert.deepEqual(aliasesOf([doc(['b.example', 'www.b.example']), doc(['b.example'], ['a.example'])]), ['a.example', 'b.example', 'www.b.example']);
  // domain.md §2: deploying a configuration without a property makes it inactive: it holds nothing.
  assert.deepEqual(aliasesOf([doc()]), []);
  assert.deepEqual(aliasesOf([]), []);
});

test('alias rule: an alias another configuration holds, or reserved by its propagating activation, is a conflict', () => {
  const active = new Map([['taken.example', 'cfg-other'], ['mine.example', 'cfg-self']]);
  const reserved = new Map([['freed.example', 'cfg-other'], ['was-mine.example', 'cfg-self']]);
  assert.deepEqual(
    aliasConflicts({ wanted: ['free.example', 'freed.example', 'mine.example', 'taken.example', 'was-mine.example'], configurationId: 'cfg-self', active, reserved }),
    ['freed.example', 'taken.example'],
  );
  assert.deepEqual(aliasConflicts({ wanted: [], configurationId: 'cfg-self', active, reserved }), []);
});

test('alias rule: a hostname another service holds in the other network is a conflict; the same service may move it between configurations', () => {
  const holders = new Map([
    ['theirs.example', 'OTHERSCID'],
    ['mine.example', 'MYSCID001'],
  ]);
  assert.deepEqual(crossServiceConflicts({ wanted: ['free.example', 'mine.example', 'theirs.example'], scid: 'MYSCID001', holders }), ['theirs.example']);
  assert.deepEqual(crossServiceConflicts({ wanted: ['mine.example'], scid: 'MYSCID001', holders }), []);
});
