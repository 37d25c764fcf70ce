import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { readEml } from './eml-reader.fixture.js';
import type { OutgoingMail } from './mail-transport.js';
import { smtpTransport } from './smtp-transport.js';
import { renderMail } from './templates.js';

interface Received {
  readonly helo: string;
  readonly mailFrom: string;
  readonly rcptTo: readonly string[];
  /** The message after dot-unstuffing (RFC 5321 §4.5.2), without the terminating ".". */
  readonly data: string;
}

interface TinySmtp {
  readonly port: number;
  readonly received: Received[];
  readonly commands: string[];
  close(): Promise<void>;
}

/**
 * Just enough of RFC 5321 on a loopback socket: greeting, EHLO (no extensions, so no STARTTLS or AUTH),
 * MAIL, RCPT (refusing addresses at refused.example), DATA, RSET, NOOP, QUIT. `silent` accepts the
 * connection and never says a word, like a server that hangs.
 */
async function startTinySmtp(mode: 'normal' | 'silent' = 'normal'): Promise<TinySmtp> {
  const received: Received[] = [];
  const commands: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (mode === 'silent') return;
    const reply = (line: string) => socket.write(`${line}\r\n`);
    let buffer = '';
    let inData = false;
    let helo = '';
    let mailFrom = '';
    let rcptTo: string[] = [];
    reply('220 tiny.test ESMTP ready');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const data = Buffer.from(buffer.slice(0, end + 2).replace(/^\.\./gm, '.'), 'latin1').toString('utf8');
          buffer = buffer.slice(end + 5);
          inData = false;
          received.push({ helo, mailFrom, rcptTo, data });
          reply('250 2.0.0 queued as tiny-1');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        commands.push(line);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') {
          helo = line.slice(5);
          reply('250 tiny.test');
        } else if (verb === 'MAIL') {
          mailFrom = /<([^>]*)>/.exec(line)?.[1] ?? '';
          rcptTo = [];
          reply('250 2.1.0 sender ok');
        } else if (verb === 'RCPT') {
          const to = /<([^>]*)>/.exec(line)?.[1] ?? '';
          if (to.endsWith('@refused.example')) reply('550 5.1.1 no such mailbox here');
          else {
            rcptTo.push(to);
            reply('250 2.1.5 recipient ok');
          }
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 end data with <CRLF>.<CRLF>');
        } else if (verb === 'RSET' || verb === 'NOOP') {
          reply('250 ok');
        } else if (verb === 'QUIT') {
          reply('221 bye');
          socket.end();
          return;
        } else {
          reply('502 5.5.1 not implemented');
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received,
    commands,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const T = Date.UTC(2026, 10, 28, 6, 30, 15);

function lockedMail(to: string): OutgoingMail {
  const rendered = renderMail('account-locked', 'es', {
    displayName: 'Íñigo Muñoz',
    minutes: 30,
    resetLink: 'https://portal.example.com/forgot',
  });
  return { id: 'mail_smtp1', to, language: 'es', createdAt: T, ...rendered };
}

describe('SMTP transport', () => {
  let smtp: TinySmtp;
  before(async () => {
    smtp = await startTinySmtp();
  });
  after(async () => {
    await smtp.close();
  });

  it('delivers the message over SMTP: envelope from the From address, one recipient, the full MIME message', async () => {
    const transport = smtpTransport({ url: `smtp://127.0.0.1:${smtp.port}`, from: 'Candela <no-reply@cdn.example.net>' });
    try {
      await transport.send(lockedMail('inigo@a.example'));
    } finally {
      await transport.close();
    }
    assert.equal(smtp.received.length, 1);
    const got = smtp.received[0];
    assert.ok(got);
    assert.equal(got.mailFrom, 'no-reply@cdn.example.net');
    assert.deepEqual(got.rcptTo, ['inigo@a.example']);
    const mail = readEml(got.data);
    assert.equal(mail.headers.get('from'), 'Candela <no-reply@cdn.example.net>');
    assert.equal(mail.headers.get('to'), 'inigo@a.example');
    assert.equal(mail.headers.get('subject'), 'Su cuenta de Candela fue bloqueada temporalmente');
    assert.equal(mail.headers.get('message-id'), '<mail_smtp1@cdn.example.net>');
    assert.equal(mail.headers.get('content-language'), 'es');
    assert.match(mail.text ?? '', /Hola, Íñigo Muñoz:/);
    assert.match(mail.html ?? '', /href="https:\/\/portal\.example\.com\/forgot"/);
    assert.ok(smtp.commands.some((c) => /^EHLO /i.test(c)));
  });

  it('a recipient the server refuses fails the send with the server reply', async () => {
    const receivedBefore = smtp.received.length;
    const transport = smtpTransport({ url: `smtp://127.0.0.1:${smtp.port}` });
    try {
      await assert.rejects(transport.send(lockedMail('ghost@refused.example')), /550|no such mailbox/);
    } finally {
      await transport.close();
    }
    assert.equal(smtp.received.length, receivedBefore);
  });

  it('no server listening fails the send (connection refused)', async () => {
    const gone = await startTinySmtp();
    await gone.close();
    const transport = smtpTransport({ url: `smtp://127.0.0.1:${gone.port}`, timeoutMs: 2_000 });
    await assert.rejects(transport.send(lockedMail('inigo@a.example')), /ECONNREFUSED|connect/i);
    await transport.close();
  });

  it('a server that never answers fails the send after the timeout instead of hanging', async () => {
    const silent = await startTinySmtp('silent');
    const transport = smtpTransport({ url: `smtp://127.0.0.1:${silent.port}`, timeoutMs: 300 });
    const started = Date.now();
    try {
      await assert.rejects(transport.send(lockedMail('inigo@a.example')), /timeout|greeting/i);
      assert.ok(Date.now() - started < 5_000, 'took too long to give up');
    } finally {
      await transport.close();
      await silent.close();
    }
  });
});
