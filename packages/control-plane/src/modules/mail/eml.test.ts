import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { composeEml, messageIdFor } from './eml.js';
import { readEml } from './eml-reader.fixture.js';
import type { OutgoingMail } from './mail-transport.js';
import { renderMail } from './templates.js';

const T = Date.UTC(2026, 10, 28, 6, 30, 15);
const FROM = 'Candela <no-reply@cdn.example.net>';

function outgoing(overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  const rendered = renderMail('password-reset', 'es', {
    displayName: 'Ñandú Pérez',
    link: 'https://portal.example.com/reset/tok',
    expiresInMinutes: 30,
  });
  return { id: 'mail_abc123', to: 'nandu@a.example', language: 'es', createdAt: T, ...rendered, ...overrides };
}

describe('eml', () => {
  it('is an RFC 5322 message: CRLF line ends, no bare LF, lines within 998 octets, ASCII only', async () => {
    const bytes = await composeEml(outgoing(), FROM);
    const text = bytes.toString('latin1');
    assert.equal(/[^\r]\n/.test(text), false, 'a bare LF');
    assert.ok(text.split('\r\n').every((line) => line.length <= 998));
    assert.ok([...bytes].every((b) => b < 128), '8-bit bytes: non-ASCII text must be MIME-encoded');
  });

  it('carries From, To, the RFC 2047 encoded Spanish subject, Date from createdAt and the language', async () => {
    const raw = (await composeEml(outgoing(), FROM)).toString();
    assert.match(raw, /^Subject: =\?UTF-8\?[QB]\?/m);
    const mail = readEml(raw);
    assert.equal(mail.headers.get('from'), FROM);
    assert.equal(mail.headers.get('to'), 'nandu@a.example');
    assert.equal(mail.headers.get('subject'), 'Restablezca su contraseña de Candela');
    assert.equal(mail.headers.get('date'), 'Sat, 28 Nov 2026 06:30:15 +0000');
    assert.equal(mail.headers.get('content-language'), 'es');
    assert.equal(mail.headers.get('mime-version'), '1.0');
  });

  it('holds the text part then the HTML part, both UTF-8, decoding to what was rendered', async () => {
    const source = outgoing();
    const mail = readEml(await composeEml(source, FROM));
    assert.match(mail.headers.get('content-type') ?? '', /^multipart\/alternative;/);
    assert.deepEqual(
      mail.contentTypes.map((t) => t.split(';')[0]),
      ['text/plain', 'text/html'],
    );
    assert.ok(mail.contentTypes.every((t) => /charset=utf-8/i.test(t)));
    assert.equal(mail.text?.replace(/\r\n/g, '\n'), source.text);
    assert.equal(mail.html?.replace(/\r\n/g, '\n'), source.html);
  });

  it('a message without HTML is a single text/plain part', async () => {
    const mail = readEml(await composeEml(outgoing({ html: null }), FROM));
    assert.match(mail.headers.get('content-type') ?? '', /^text\/plain/);
    assert.match(mail.text ?? '', /Hola, Ñandú Pérez:/);
  });

  it('the Message-ID is made from the outbox id and the sender domain, so a retry carries the same one', async () => {
    assert.equal(messageIdFor(outgoing(), FROM), '<mail_abc123@cdn.example.net>');
    assert.equal(messageIdFor(outgoing(), 'no-reply@bare.example'), '<mail_abc123@bare.example>');
    const first = readEml(await composeEml(outgoing(), FROM));
    const again = readEml(await composeEml(outgoing(), FROM));
    assert.equal(first.headers.get('message-id'), '<mail_abc123@cdn.example.net>');
    assert.equal(again.headers.get('message-id'), first.headers.get('message-id'));
  });
});
