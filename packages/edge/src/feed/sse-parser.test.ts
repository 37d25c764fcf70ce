// The server-sent events parser against the WHATWG rules the feed relies on: fields, comments, line
// ends of every kind, and text split anywhere by the network.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SseParser } from './sse-parser.js';
import type { SseEvent } from './sse-parser.js';

function parse(chunks: readonly string[]): { events: SseEvent[]; comments: string[] } {
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const p = new SseParser({ event: (e) => events.push(e), comment: (c) => comments.push(c) });
  for (const c of chunks) p.push(c);
  return { events, comments };
}

const STREAM =
  '\ufeff: keepalive\n\nid: 7\nevent: snapshot\ndata: {"seq":7}\n\n' +
  ': keepalive\r\n\r\nid: 8\r\nevent: snapshot\r\ndata: line one\r\ndata:line two\r\n\r\n' +
  'id: 9\revent: other\rdata\r\r' +
  'data: no id field, the last one stays\n\n';

const EXPECTED: SseEvent[] = [
  { id: '7', event: 'snapshot', data: '{"seq":7}' },
  { id: '8', event: 'snapshot', data: 'line one\nline two' },
  { id: '9', event: 'other', data: '' },
  { id: '9', event: 'message', data: 'no id field, the last one stays' },
];

describe('SseParser (WHATWG HTML §9.2.6)', () => {
  it('reads id, event and multi-line data, with LF, CRLF and CR line ends, and reports comments', () => {
    const { events, comments } = parse([STREAM]);
    assert.deepEqual(events, EXPECTED);
    assert.deepEqual(comments, ['keepalive', 'keepalive']);
  });

  it('gives the same events however the network splits the text', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: STREAM.length }), { maxLength: 20 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks: string[] = [];
        let from = 0;
        for (const p of points) {
          chunks.push(STREAM.slice(from, p));
          from = p;
        }
        chunks.push(STREAM.slice(from));
        assert.deepEqual(parse(chunks).events, EXPECTED);
      }),
    );
  });

  it('dispatches nothing for an event without data, and nothing before the blank line', () => {
    assert.deepEqual(parse(['event: snapshot\nid: 3\n\n', 'data: pending']).events, []);
  });
});
