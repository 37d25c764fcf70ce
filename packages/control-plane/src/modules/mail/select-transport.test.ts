import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutgoingMail } from './mail-transport.js';
import { selectMailTransport } from './select-transport.js';

const dataDir = mkdtempSync(join(tmpdir(), 'candela-mail-select-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

const mail: OutgoingMail = {
  id: 'mail_select',
  to: 'ana@a.example',
  language: 'en',
  subject: 'Hello',
  text: 'Hello\n',
  html: null,
  createdAt: Date.UTC(2026, 10, 28),
};

/** A loopback port nobody listens on: bound once to learn a free number, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('mail transport selection', () => {
  it('without an SMTP URL, mail lands as .eml files in the data directory', async () => {
    const transport = selectMailTransport({ dataDir, smtpUrl: undefined, from: 'Candela <no-reply@candela.localhost>' });
    await transport.send(mail);
    await transport.close();
    assert.deepEqual(readdirSync(join(dataDir, 'mail')), ['2026-11-28T00-00-00.000Z-mail_select.eml']);
  });

  it('with an SMTP URL, mail goes to that server and never to the folder', async () => {
    const other = mkdtempSync(join(tmpdir(), 'candela-mail-select-smtp-'));
    try {
      const url = `smtp://127.0.0.1:${await closedPort()}`;
      const transport = selectMailTransport({ dataDir: other, smtpUrl: url, from: 'Candela <no-reply@candela.localhost>' });
      await assert.rejects(transport.send(mail), /ECONNREFUSED/);
      await transport.close();
      assert.equal(existsSync(join(other, 'mail')), false);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
