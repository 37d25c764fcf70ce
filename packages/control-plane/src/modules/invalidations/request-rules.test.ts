import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createInvalidationBodySchema, invalidationEventSchema } from '@candela/contract';
import { edgeRequests, itemsOf, patternProblems } from './request-rules.js';

const parse = (body: unknown) => createInvalidationBodySchema.parse(body);

describe('invalidation request rules', () => {
  it('kind path: one path request per property, Normal = soft, with ignore case; the items are the paths', () => {
    const body = parse({ kind: 'path', properties: ['www.a.example', 'img.a.example'], paths: ['/img/*.jpg', 'css/site.css'], ignoreCase: true });
    assert.deepEqual(edgeRequests(body), [
      { type: 'path', property: 'www.a.example', patterns: ['/img/*.jpg', 'css/site.css'], ignoreCase: true, mode: 'soft' },
      { type: 'path', property: 'img.a.example', patterns: ['/img/*.jpg', 'css/site.css'], ignoreCase: true, mode: 'soft' },
    ]);
    assert.deepEqual(itemsOf(body), ['/img/*.jpg', 'css/site.css']);
  });

  it('kind tag and kind property, Force = hard; the items of kind property are the properties', () => {
    const tags = parse({ kind: 'tag', properties: ['www.a.example'], tags: ['product-1', 'product-2'], type: 'force' });
    assert.deepEqual(edgeRequests(tags), [{ type: 'tag', property: 'www.a.example', tags: ['product-1', 'product-2'], mode: 'hard' }]);
    assert.deepEqual(itemsOf(tags), ['product-1', 'product-2']);
    const whole = parse({ kind: 'property', properties: ['www.a.example', 'img.a.example'], type: 'force' });
    assert.deepEqual(edgeRequests(whole), [
      { type: 'property', property: 'www.a.example', mode: 'hard' },
      { type: 'property', property: 'img.a.example', mode: 'hard' },
    ]);
    assert.deepEqual(itemsOf(whole), ['www.a.example', 'img.a.example']);
  });

  it('the requests fit the feed event the edges validate', () => {
    const body = parse({ kind: 'path', properties: ['www.a.example'], paths: ['/a', '/b*'] });
    const event = { seq: 7, at: 0, kind: 'invalidation', invalidation: { id: 'inv_1', requests: edgeRequests(body), itemCount: itemsOf(body).length } };
    assert.equal(invalidationEventSchema.safeParse(event).success, true);
  });

  it('bad patterns: one problem per bad path at /paths/<i>, with the position counted from 1', () => {
    const problems = patternProblems(['/ok/*.jpg', '/a[b', '/x{3,1}'], false);
    assert.deepEqual(
      problems.map((p) => [p.pointer, p.code, p.params]),
      [
        ['/paths/1', 'pattern.unclosedSet', { position: 3, maximum: 4096 }],
        ['/paths/2', 'pattern.badRepeat', { position: 6, maximum: 4096 }],
      ],
    );
    assert.equal(problems[0]!.message, 'the set opened at character 3 has no closing "]"');
    assert.deepEqual(patternProblems(['/a', '*.css'], true), []);
  });
});
