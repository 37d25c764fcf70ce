import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryStore } from './memory-store.js';
import { runStoreContract } from './store-contract.js';
import { binaryBody, makeEntry } from './store-fixtures.js';

runStoreContract('MemoryStore', ({ maxBytes }) => {
  const store = new MemoryStore({ maxBytes });
  return Promise.resolve({ store, cleanup: () => store.close() });
});

describe('MemoryStore hot path', () => {
  it('getSync refreshes recency and peekVariants does not', () => {
    const store = new MemoryStore({ maxBytes: 3 * 4096 + 3 * 600 });
    for (const name of ['a', 'b', 'c']) store.putSync(makeEntry({ primaryKey: `p|/${name}`, body: binaryBody(4096) }));
    assert.ok(store.getSync('p|/a', ''));
    assert.ok(store.peekVariants('p|/b'));
    store.putSync(makeEntry({ primaryKey: 'p|/d', body: binaryBody(4096) }));
    assert.ok(store.has('p|/a', ''), 'read entry survives');
    assert.equal(store.peekVariants('p|/b'), undefined, 'peeked entry is the least recently used');
  });

  it('peekVariants returns the same list until the variants change', () => {
    const store = new MemoryStore({ maxBytes: 1 << 20 });
    store.putSync(makeEntry({ primaryKey: 'p|/x', variantKey: 'gzip' }));
    const first = store.peekVariants('p|/x');
    assert.equal(store.peekVariants('p|/x'), first);
    store.putSync(makeEntry({ primaryKey: 'p|/x', variantKey: 'br' }));
    assert.equal(store.peekVariants('p|/x')?.length, 2);
    store.invalidateSync(() => true, 'soft', Number.MAX_SAFE_INTEGER);
    assert.deepEqual(store.peekVariants('p|/x')?.map((m) => m.invalidated), ['soft', 'soft']);
  });

  it('counts metadata, so entries with empty bodies still fill the budget', () => {
    const store = new MemoryStore({ maxBytes: 10_000 });
    for (let i = 0; i < 100; i++) store.putSync(makeEntry({ primaryKey: `p|/${i}`, body: Buffer.alloc(0) }));
    assert.ok(store.stats().entries < 100);
    assert.ok(store.stats().bytes <= 10_000);
  });
});
