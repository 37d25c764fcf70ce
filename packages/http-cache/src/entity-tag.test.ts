import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatEntityTag, parseEntityTags, responseEntityTag, strongMatch, weakMatch } from './entity-tag.js';

const strong = (opaque: string) => ({ weak: false, opaque });
const weak = (opaque: string) => ({ weak: true, opaque });

describe('entity-tag (RFC 9110 §8.8.3)', () => {
  test('RFC 9110 §8.8.3 entity-tag lists, weak and strong', () => {
    assert.deepEqual(parseEntityTags('"a", W/"b" ,"c,d"'), [strong('a'), weak('b'), strong('c,d')]);
    assert.deepEqual(parseEntityTags(' * '), '*');
    assert.deepEqual(parseEntityTags(undefined), []);
    assert.deepEqual(parseEntityTags('""'), [strong('')]);
  });

  test('RFC 9110 §8.8.3 robust parsing: lower-case w/ and unquoted tags', () => {
    assert.deepEqual(parseEntityTags('w/"x"'), [weak('x')]);
    assert.deepEqual(parseEntityTags('abcdef'), [strong('abcdef')]);
  });

  test('RFC 9110 §8.8.3 malformed members are skipped', () => {
    assert.deepEqual(parseEntityTags('"a" junk, "b"'), [strong('b')]);
    assert.deepEqual(parseEntityTags('"unterminated'), []);
  });

  test('RFC 9110 §8.8.3.2 strong comparison needs two strong, identical tags', () => {
    assert.equal(strongMatch(strong('1'), strong('1')), true);
    assert.equal(strongMatch(weak('1'), strong('1')), false);
    assert.equal(strongMatch(weak('1'), weak('1')), false);
    assert.equal(strongMatch(strong('1'), strong('2')), false);
  });

  test('RFC 9110 §8.8.3.2 weak comparison ignores weakness', () => {
    assert.equal(weakMatch(weak('1'), strong('1')), true);
    assert.equal(weakMatch(weak('1'), weak('1')), true);
    assert.equal(weakMatch(weak('1'), weak('2')), false);
  });

  test('RFC 9110 §8.8.3 formatting and the response ETag', () => {
    assert.equal(formatEntityTag(weak('x')), 'W/"x"');
    assert.deepEqual(responseEntityTag({ etag: 'W/"v1"' }), weak('v1'));
    assert.equal(responseEntityTag({ etag: '*' }), undefined);
    assert.equal(responseEntityTag({}), undefined);
  });
});
