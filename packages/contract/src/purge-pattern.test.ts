import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePurgePattern, MAX_PATTERN_REPEAT, pathExtensionKey } from './purge-pattern.js';
import type { PatternErrorCode, PurgePattern } from './purge-pattern.js';

function compile(source: string, ignoreCase = false): PurgePattern {
  const result = compilePurgePattern(source, { ignoreCase });
  if (!result.ok) assert.fail(`${source} should compile: ${JSON.stringify(result.error)}`);
  return result.pattern;
}

type Row = readonly [pattern: string, path: string, query: string, ignoreCase: boolean, expected: boolean];

function checkTable(rows: readonly Row[]): void {
  for (const [pattern, path, query, ignoreCase, expected] of rows) {
    const label = `${pattern} vs ${path}${query === '' ? '' : '?' + query}${ignoreCase ? ' (ignore case)' : ''}`;
    assert.equal(compile(pattern, ignoreCase).matches(path, query), expected, label);
  }
}

test('domain §3 wildcard: a pattern is anchored at both ends', () => {
  checkTable([
    ['/a/b.jpg', '/a/b.jpg', '', false, true],
    ['/a/b.jpg', '/a/b.jpgx', '', false, false],
    ['/a/b.jpg', '/x/a/b.jpg', '', false, false],
    ['*.jpg', '/a/b/c.jpg', '', false, true],
    ['*.jpg', '/a/b/c.jpg.bak', '', false, false],
    ['/a/*', '/b/a/c', '', false, false],
  ]);
});

test('domain §3 wildcard: * matches zero or more characters and crosses /', () => {
  checkTable([
    ['/a/*', '/a/', '', false, true],
    ['/a/*', '/a/b/c/d.css', '', false, true],
    ['/a*c', '/ac', '', false, true],
    ['/a*c', '/a/b/c', '', false, true],
    ['/a*c', '/a/b/d', '', false, false],
    ['/*/x', '//x', '', false, true],
    ['/a/*/c/*.js', '/a/b/b2/c/d/e.js', '', false, true],
  ]);
});

test('domain §3 wildcard: + is one or more characters and does not cross /', () => {
  checkTable([
    ['/a/+/c', '/a/b/c', '', false, true],
    ['/a/+/c', '/a/bbb/c', '', false, true],
    ['/a/+/c', '/a//c', '', false, false],
    ['/a/+/c', '/a/b/d/c', '', false, false],
    ['/a/+', '/a/', '', false, false],
    ['/+.jpg', '/x.jpg', '', false, true],
    ['/+.jpg', '/d/x.jpg', '', false, false],
  ]);
});

test('domain §3 wildcard: . is a literal dot, not any character', () => {
  checkTable([
    ['/a.b', '/a.b', '', false, true],
    ['/a.b', '/axb', '', false, false],
    ['*.min.js', '/app.min.js', '', false, true],
    ['*.min.js', '/app-minxjs', '', false, false],
  ]);
});

test('domain §3 wildcard: \\ and / are both the directory separator; \\ is not an escape', () => {
  checkTable([
    ['\\a\\b.jpg', '/a/b.jpg', '', false, true],
    ['/a\\b', '/a/b', '', false, true],
    ['\\', '/', '', false, true],
    ['/a\\*', '/a/x/y', '', false, true],
    // A backslash in a stored path is an ordinary character, not a separator.
    ['/a/b', '/a\\b', '', false, false],
  ]);
});

test('domain §3 wildcard: {n,m} and {n} count characters other than /', () => {
  checkTable([
    ['/{3}.js', '/abc.js', '', false, true],
    ['/{3}.js', '/ab.js', '', false, false],
    ['/{3}.js', '/abcd.js', '', false, false],
    ['/{1,3}.js', '/a.js', '', false, true],
    ['/{1,3}.js', '/abc.js', '', false, true],
    ['/{1,3}.js', '/abcd.js', '', false, false],
    ['/{1,3}.js', '/.js', '', false, false],
    ['/x{0,2}/y', '/x/y', '', false, true],
    ['/x{0,2}/y', '/xab/y', '', false, true],
    ['/x{0,2}/y', '/xabc/y', '', false, false],
    ['/{2}', '/a/', '', false, false],
    ['/v{2}{2}', '/vabcd', '', false, true],
    ['/v{4096}', '/v' + 'x'.repeat(4096), '', false, true],
    ['/v{4096}', '/v' + 'x'.repeat(4095), '', false, false],
    // Characters, not UTF-16 code units: an emoji is one character.
    ['/{1}', '/😀', '', false, true],
    ['/{2}', '/😀', '', false, false],
  ]);
});

test('domain §3 wildcard: {0,0} and {0} match the empty string', () => {
  checkTable([
    ['/a{0,0}b', '/ab', '', false, true],
    ['/a{0,0}b', '/axb', '', false, false],
    ['/a{0}b', '/ab', '', false, true],
    ['/a/{0,0}', '/a/', '', false, true],
  ]);
});

test('domain §3 wildcard: [a,x-y] is one character of a set, commas separate items, - makes a range', () => {
  checkTable([
    ['/[a,b,c].txt', '/b.txt', '', false, true],
    ['/[a,b,c].txt', '/d.txt', '', false, false],
    ['/[a-c].txt', '/b.txt', '', false, true],
    ['/[a-c].txt', '/d.txt', '', false, false],
    ['/[a-c,x-z,5].txt', '/y.txt', '', false, true],
    ['/[a-c,x-z,5].txt', '/5.txt', '', false, true],
    ['/[a-c,x-z,5].txt', '/4.txt', '', false, false],
    ['/img[0-9]', '/img7', '', false, true],
    ['/img[0-9]', '/img77', '', false, false],
    ['/[-]', '/-', '', false, true],
    ['/[[]', '/[', '', false, true],
    // ',' and ']' can only be reached through a range: '+'..'-' spans ','.
    ['/[+--]', '/,', '', false, true],
    // A positive set may name the separator; `\` in a set is the separator too.
    ['/a[/]b', '/a/b', '', false, true],
    ['/a[\\]b', '/a/b', '', false, true],
  ]);
});

test('domain §3 wildcard: [^a,x-y] is one character outside the set and never /', () => {
  checkTable([
    ['/[^a-c].txt', '/d.txt', '', false, true],
    ['/[^a-c].txt', '/a.txt', '', false, false],
    ['/[^a-c].txt', '/b.txt', '', false, false],
    ['/[^a,b]x', '/cx', '', false, true],
    ['/[^^]', '/^', '', false, false],
    ['/[^^]', '/a', '', false, true],
    // A set describes a character within a path segment, so negation does not reach '/'.
    ['/a[^x]b', '/a/b', '', false, false],
    ['/a[^/]b', '/a/b', '', false, false],
  ]);
});

test('domain §3 wildcard: anything else is literal', () => {
  checkTable([
    ['/a]b}', '/a]b}', '', false, true],
    ['/^$()|%20', '/^$()|%20', '', false, true],
    ['/a,b-c', '/a,b-c', '', false, true],
    ['/(a|b)', '/a', '', false, false],
  ]);
});

test('domain §3 wildcard: paths are relative to the web root, so a missing leading / is implied', () => {
  checkTable([
    ['a/b.jpg', '/a/b.jpg', '', false, true],
    ['+.jpg', '/x.jpg', '', false, true],
    ['+.jpg', '/d/x.jpg', '', false, false],
    ['[a,b]/x', '/a/x', '', false, true],
    ['{2}', '/ab', '', false, true],
    ['.htaccess', '/.htaccess', '', false, true],
    // A leading * already reaches every directory and gets no '/'.
    ['*x', '/ax', '', false, true],
    ['*x', 'x', '', false, true],
  ]);
});

test('domain §3 wildcard: a pattern without ? matches every query variant of the path', () => {
  checkTable([
    ['/a', '/a', '', false, true],
    ['/a', '/a', 'x=1', false, true],
    ['/a/*', '/a/b', 'v=2&w=3', false, true],
  ]);
  assert.equal(compile('/a').hasQuery, false);
  assert.equal(compile('/a[?,b]').hasQuery, false, 'a ? inside a set does not start a query');
  assert.equal(compile('/a[?,b]').matches('/ab', 'x'), true);
});

test('domain §3 wildcard: a pattern with ? matches path and query, each on its own side of the ?', () => {
  checkTable([
    ['/a?x=1', '/a', 'x=1', false, true],
    ['/a?x=1', '/a', 'x=2', false, false],
    ['/a?x=1', '/a', '', false, false],
    ['/a?x=1', '/b', 'x=1', false, false],
    ['*?v=[0-9]', '/x/y.css', 'v=3', false, true],
    ['*?v=[0-9]', '/x/y.css', 'v=33', false, false],
    ['/a?x=*', '/a', 'x=a/b', false, true],
    ['/a?b?c', '/a', 'b?c', false, true],
    ['/a*?x=1', '/a/b', 'x=1', false, true],
    // Wildcards never run across the ?: the path part cannot swallow part of the query.
    ['/a*?x=1', '/a', 'y?x=1', false, false],
    ['*?x=1', '/p', 'y=2?x=1', false, false],
  ]);
  assert.equal(compile('/a?x=1').hasQuery, true);
});

test('domain §3 wildcard: an empty query means "no query", so /a? matches /a', () => {
  checkTable([
    ['/a?', '/a', '', false, true],
    ['/a?', '/a', 'x=1', false, false],
    ['/a?*', '/a', '', false, true],
    ['/a?*', '/a', 'anything=1', false, true],
    ['/a?+*', '/a', '', false, false],
    ['/a?+*', '/a', 'x=1', false, true],
  ]);
});

test('domain §3 wildcard: ignore case applies to literals, sets and queries', () => {
  checkTable([
    ['/Images/*.JPG', '/images/a/b.jpg', '', true, true],
    ['/Images/*.JPG', '/images/a/b.jpg', '', false, false],
    ['/[a-c]x', '/BX', '', true, true],
    ['/[a-c]x', '/BX', '', false, false],
    ['/[A,b]', '/a', '', true, true],
    ['/[^a-c]x', '/Bx', '', true, false],
    ['/[^a-c]x', '/Bx', '', false, true],
    ['/ÉTÉ', '/été', '', true, true],
    ['/a?X=1', '/A', 'x=1', true, true],
    ['/a?X=1', '/A', 'x=1', false, false],
    // Simple folding: 'ſ' (long s) folds with 's' and 'S' ...
    ['/ſ', '/S', '', true, true],
    // ... but one character never folds into two, so counts stay the same: ß is not "ss".
    ['/straße', '/STRASSE', '', true, false],
  ]);
  assert.equal(compile('/a', true).ignoreCase, true);
  assert.equal(compile('/a').ignoreCase, false);
  assert.equal(compile('/a?b').source, '/a?b');
});

type ErrorRow = readonly [pattern: string, code: PatternErrorCode, position: number];

test('domain §3 wildcard: an invalid pattern is rejected with the position of the error', () => {
  const rows: ErrorRow[] = [
    ['', 'EMPTY_PATTERN', 0],
    ['/a[b', 'UNCLOSED_SET', 2],
    ['/a[^', 'UNCLOSED_SET', 2],
    ['/a{3', 'UNCLOSED_REPEAT', 2],
    ['/a{3,1}', 'BAD_REPEAT', 5],
    ['/[]', 'EMPTY_SET', 1],
    ['/[^]', 'EMPTY_SET', 1],
    ['/[z-a]', 'BAD_RANGE', 2],
    ['/[a,9-0]', 'BAD_RANGE', 4],
    ['/[a-]', 'BAD_RANGE', 3],
    ['/{x}', 'BAD_REPEAT', 2],
    ['/{}', 'BAD_REPEAT', 2],
    ['/{1,}', 'BAD_REPEAT', 4],
    ['/{,3}', 'BAD_REPEAT', 2],
    ['/{1,2,3}', 'BAD_REPEAT', 5],
    ['/{1x}', 'BAD_REPEAT', 3],
    ['/{ 1}', 'BAD_REPEAT', 2],
    ['/{-1}', 'BAD_REPEAT', 2],
    ['/{1{2}', 'BAD_REPEAT', 3],
    [`/{${MAX_PATTERN_REPEAT + 1}}`, 'REPEAT_TOO_LARGE', 2],
    ['/{1,99999999999999999999}', 'REPEAT_TOO_LARGE', 4],
    ['/[abc]', 'BAD_SET_ITEM', 3],
    ['/[jpg,png]', 'BAD_SET_ITEM', 3],
    ['/[a-bc]', 'BAD_SET_ITEM', 5],
    ['/[a, b]', 'BAD_SET_ITEM', 5],
    ['/[,a]', 'BAD_SET_ITEM', 2],
    ['/[a,,b]', 'BAD_SET_ITEM', 4],
    ['/[a,]', 'BAD_SET_ITEM', 4],
    // Positions count UTF-16 code units, as JavaScript indexes strings.
    ['/😀[', 'UNCLOSED_SET', 3],
    // Errors in the query part point into the whole pattern; the first error wins.
    ['/a?x={2', 'UNCLOSED_REPEAT', 5],
    ['/[a{', 'UNCLOSED_SET', 1],
  ];
  for (const [pattern, code, position] of rows) {
    const result = compilePurgePattern(pattern);
    assert.equal(result.ok, false, `${pattern} should be rejected`);
    if (result.ok) continue;
    assert.deepEqual({ code: result.error.code, position: result.error.position }, { code, position }, pattern);
    assert.ok(result.error.message.length > 0);
  }
});

test('domain §3 wildcard: boundary repeats and sets that are valid', () => {
  for (const pattern of [`/{${MAX_PATTERN_REPEAT}}`, '/{0,4096}', '/{0004096}', '/{0,0}', '/[a-a]', '/[^-]', '?']) {
    assert.equal(compilePurgePattern(pattern).ok, true, pattern);
  }
});

test('domain §3 wildcard: matching is not exponential (no backtracking)', () => {
  const as = '/' + 'a'.repeat(10_000);
  // The literal 'b' at the end lets a cheap suffix check answer; the set forces the full simulation.
  for (const source of ['*a*a*a*a*a*a*b', '*a*a*a*a*a*a*[b]', '*a*a*a*a*a*a*b*', '*+*+*+*+*+[b]', '{4096}*{4096}[b]']) {
    assert.equal(compile(source).matches(as, ''), false, source);
  }
  assert.equal(compile('*a*a*a*a*a*a*[a]').matches(as, ''), true);
  assert.equal(compile('/a?*a*a*a*a*[b]').matches('/a', 'a'.repeat(10_000)), false);
});

test('domain §3 wildcard: one compiled pattern gives the same answers when reused', () => {
  const pattern = compile('/a/{1,3}/+[0-9]*');
  const paths = ['/a/bc/x1', '/a/bcde/x1', '/a/b/x1/zz', '/a/b/', '/a/bc/x1'];
  const first = paths.map((p) => pattern.matches(p, ''));
  assert.deepEqual(first, [true, false, true, false, true]);
  assert.deepEqual(
    paths.map((p) => pattern.matches(p, '')),
    first,
  );
});

test('domain §3 wildcard: the extension key a pattern fixes, and the key a path is filed under', () => {
  const cases: [string, boolean, string | undefined][] = [
    ['/assets/*.jpg', false, 'jpg'],
    ['/assets/*.JPG', true, 'jpg'],
    ['/assets/*.JPG', false, 'jpg'], // folded: a superset the matcher narrows
    ['/a/*.tar.gz', false, 'gz'],
    ['/a/b', false, ''],
    ['/a.d/', false, ''],
    ['\\a\\b.css', false, 'css'],
    ['/a/*', false, undefined],
    ['/a/*jpg', false, undefined],
    ['/a/*.jp[g,e]', false, undefined],
    ['/a/*.jpg?v=1', false, 'jpg'],
    ['/a/x.', false, ''],
    ['*', false, undefined],
  ];
  for (const [source, ignoreCase, key] of cases) {
    const compiled = compilePurgePattern(source, { ignoreCase });
    assert.ok(compiled.ok, source);
    assert.equal(compiled.pattern.extensionKey, key, source);
  }
  assert.equal(pathExtensionKey('/assets/d0/0.jpg'), 'jpg');
  assert.equal(pathExtensionKey('/assets/d0/0.JPG'), 'jpg');
  assert.equal(pathExtensionKey('/assets/d0/9.jpg.map'), 'map');
  assert.equal(pathExtensionKey('/v1.2/readme'), '');
  assert.equal(pathExtensionKey('/a/'), '');
  assert.equal(pathExtensionKey('/a/x.'), '');
  assert.equal(pathExtensionKey('/a/b.ſvg'), 'svg');
});
