// Invalidation across a snapshot's slots (issue 4): a purge of a property reaches its staging copy
// (separate cache entries) and candidate-only properties can be named; a URL purge reaches every
// version that may serve the host.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { edgeConfigSchema } from '@candela/contract';
import { compileConfig } from '../config/compile.js';
import { makeEntry } from '../stores/store-fixtures.js';
import { predicateFor } from './invalidation-predicate.js';

const cfg = compileConfig(
  edgeConfigSchema.parse({
    properties: [{ id: 'www.example.com', aliases: ['www.example.com'], origin: { host: 'o' } }],
    candidates: [
      {
        key: 'cfg-1',
        percent: 10,
        properties: [
          { id: 'www.example.com', aliases: ['www.example.com'], origin: { host: 'o' }, defaults: { queryString: 'ignore' } },
          { id: 'new.example.com', aliases: ['new.example.com'], origin: { host: 'o' } },
        ],
      },
    ],
    staging: [{ id: 'www.example.com', aliases: ['www.example.com'], origin: { host: 'o' } }],
  }),
);

const entry = (propertyId: string, primaryKey: string) => makeEntry({ propertyId, primaryKey }).meta;

describe('predicateFor across slots', () => {
  it('a property purge reaches the staging copy of the same property, and nothing else', () => {
    const match = predicateFor(cfg, { type: 'property', property: 'www.example.com', mode: 'hard' });
    assert.equal(match(entry('www.example.com', 'www.example.com /a')), true);
    assert.equal(match(entry('staging/www.example.com', 'staging/www.example.com /a')), true);
    assert.equal(match(entry('new.example.com', 'new.example.com /a')), false);
  });

  it('finds a property that exists only in a candidate slot', () => {
    const match = predicateFor(cfg, { type: 'property', property: 'new.example.com', mode: 'hard' });
    assert.equal(match(entry('new.example.com', 'new.example.com /a')), true);
  });

  it('a URL purge covers the keys of the current, candidate and staging versions of the host', () => {
    const match = predicateFor(cfg, { type: 'url', urls: ['http://www.example.com/a?x=1'], mode: 'hard' });
    assert.equal(match(entry('www.example.com', 'www.example.com /a?x=1')), true, 'current keys the query');
    assert.equal(match(entry('www.example.com', 'www.example.com /a')), true, 'the candidate ignores it');
    assert.equal(match(entry('staging/www.example.com', 'staging/www.example.com /a?x=1')), true);
    assert.throws(() => predicateFor(cfg, { type: 'url', urls: ['http://unknown.example/a'], mode: 'hard' }), /no property serves/);
  });
});
