import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEml } from './eml-reader.fixture.js';
import { emlFileName, folderTransport, mailFolder } from './folder-transport.js';
import type { OutgoingMail } from './mail-transport.js';
import { renderMail } from './templates.js';

const T = Date.UTC(2026, 10, 28, 6, 30, 15, 250);
const dirs: string[] = [];

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'candela-mail-folder-'));
  dirs.push(dir);
  return dir;
}

after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function invitation(id: string, language: 'es' | 'en' = 'es'): OutgoingMail {
  const rendered = renderMail('invitation', language, {
    displayName: 'José Núñez',
    inviterName: 'María',
    organisation: 'Telecomunicaciones Ñuble',
    link: 'https://portal.example.com/invitation/tok',
    expiresInHours: 72,
  });
  return { id, to: 'jose@a.example', language, createdAt: T, ...rendered };
}

describe('folder transport', () => {
  it('writes <dataDir>/mail/<created-at>-<id>.eml with the default sender', async () => {
    const dir = dataDir();
    const transport = folderTransport({ dataDir: dir });
    await transport.send(invitation('mail_one'));
    await transport.close();
    assert.deepEqual(readdirSync(mailFolder(dir)), ['2026-11-28T06-30-15.250Z-mail_one.eml']);
    const mail = readEml(readFileSync(join(dir, 'mail', '2026-11-28T06-30-15.250Z-mail_one.eml')));
    assert.equal(mail.headers.get('from'), 'Candela <no-reply@candela.localhost>');
    assert.equal(mail.headers.get('to'), 'jose@a.example');
    assert.equal(mail.headers.get('subject'), 'Invitación para unirse a Telecomunicaciones Ñuble en Candela');
    assert.match(mail.text ?? '', /Hola, José Núñez:/);
    assert.match(mail.html ?? '', /<p>Hola, José Núñez:<\/p>/);
  });

  it('uses the configured From address', async () => {
    const dir = dataDir();
    await folderTransport({ dataDir: dir, from: 'CDN Soporte <soporte@cdn.example.net>' }).send(invitation('mail_from'));
    const [name] = readdirSync(mailFolder(dir));
    const mail = readEml(readFileSync(join(mailFolder(dir), name!)));
    assert.equal(mail.headers.get('from'), 'CDN Soporte <soporte@cdn.example.net>');
    assert.equal(mail.headers.get('message-id'), '<mail_from@cdn.example.net>');
  });

  it('a retried message replaces its own file, and no temporary file is left behind', async () => {
    const dir = dataDir();
    const transport = folderTransport({ dataDir: dir });
    await transport.send(invitation('mail_retry'));
    await transport.send(invitation('mail_retry', 'en'));
    await transport.send(invitation('mail_other'));
    const names = readdirSync(mailFolder(dir)).sort();
    assert.deepEqual(names, ['2026-11-28T06-30-15.250Z-mail_other.eml', '2026-11-28T06-30-15.250Z-mail_retry.eml']);
    const mail = readEml(readFileSync(join(mailFolder(dir), names[1]!)));
    assert.equal(mail.headers.get('content-language'), 'en');
  });

  it('a message that cannot be written fails the send and leaves nothing half-written', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'mail'), 'a file where the folder should be');
    await assert.rejects(folderTransport({ dataDir: dir }).send(invitation('mail_blocked')), /EEXIST|ENOTDIR/);
    assert.deepEqual(readdirSync(dir), ['mail']);
  });

  it('file names use only characters that are safe on every file system', () => {
    assert.equal(emlFileName({ id: 'mail_a/b\\c:d', createdAt: T }), '2026-11-28T06-30-15.250Z-mail_a_b_c_d.eml');
    assert.match(emlFileName({ id: 'mail_Zx-_9', createdAt: 0 }), /^[A-Za-z0-9._-]+$/);
  });
});
