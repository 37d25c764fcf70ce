import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeCursor, encodeCursor } from './cursor.js';

describe('keyset cursors (docs/api.md: opaque ?cursor= from the previous nextCursor)', () => {
  it('round-trips a key of the declared shape', () => {
    const text = encodeCursor([1_764_331_200_000, 'aud_x']);
    assert.match(text, /^[A-Za-z0-9_-]+$/, 'safe in a query string without escaping');
    assert.deepEqual(decodeCursor(text, ['number', 'string']), [1_764_331_200_000, 'aud_x']);
  });

  it('refuses a cursor of another shape, edited or not base64url JSON', () => {
    const text = encodeCursor(['Acme', 'ag_1']);
    assert.equal(decodeCursor(text, ['number', 'string']), undefined, 'types differ');
    assert.equal(decodeCursor(text, ['string']), undefined, 'length differs');
    assert.equal(decodeCursor(encodeCursor([1.5, 'x']), ['number', 'string']), undefined, 'not an integer');
    assert.equal(decodeCursor('not a cursor!', ['string']), undefined);
    assert.equal(decodeCursor(Buffer.from('{"at":1}').toString('base64url'), ['number']), undefined);
    assert.equal(decodeCursor(Buffer.from('[1').toString('base64url'), ['number']), undefined);
  });
});
