// Integration: HTTPS with HTTP/2 negotiated by ALPN and the certificate chosen by SNI per alias;
// HTTP/1.1 over TLS still works. Certificates are made with the OS openssl for the test.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:http2';
import { request } from 'node:https';
import { connect as tlsConnect } from 'node:tls';
import { TestOrigin, fixed } from '../test-support/test-origin.js';
import { startTestEdge } from '../test-support/test-edge.js';
import type { TestEdge } from '../test-support/test-edge.js';

function makeCert(dir: string, name: string): { certFile: string; keyFile: string } {
  const certFile = join(dir, `${name}.crt`);
  const keyFile = join(dir, `${name}.key`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', `/CN=${name}`, '-addext', `subjectAltName=DNS:${name}`, '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
  return { certFile, keyFile };
}

describe('HTTPS, HTTP/2 and SNI', () => {
  const origin = new TestOrigin();
  let edge: TestEdge;
  let dir: string;
  let certA: string;
  let certB: string;

  before(async () => {
    await origin.start();
    origin.route('/hello', fixed(200, { 'cache-control': 'max-age=60' }, 'secure hello'));
    dir = await mkdtemp(join(tmpdir(), 'candela-tls-'));
    const a = makeCert(dir, 'a.example.test');
    const b = makeCert(dir, 'b.example.test');
    certA = await readFile(a.certFile, 'utf8');
    certB = await readFile(b.certFile, 'utf8');
    edge = await startTestEdge({
      tls: true,
      doc: {
        properties: [
          { id: 'a', aliases: ['a.example.test'], origin: { host: '127.0.0.1', port: origin.port } },
          { id: 'b', aliases: ['b.example.test'], origin: { host: '127.0.0.1', port: origin.port } },
        ],
        certificates: [
          { hostnames: ['a.example.test'], ...a },
          { hostnames: ['b.example.test'], ...b },
        ],
      },
    });
  });
  after(async () => {
    await edge.stop();
    await origin.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('HTTP/2 via ALPN with the :authority host resolving the property', async () => {
    const session = connect(`https://127.0.0.1:${edge.edge.https!.port}`, { ca: certA, servername: 'a.example.test' });
    try {
      const { status, body, alpn } = await new Promise<{ status: number; body: string; alpn: string }>((resolve, reject) => {
        const req = session.request({ ':path': '/hello', ':authority': 'a.example.test' });
        let status = 0;
        let body = '';
        req.on('response', (h) => (status = Number(h[':status'])));
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => resolve({ status, body, alpn: session.alpnProtocol ?? '' }));
        req.on('error', reject);
        req.end();
      });
      assert.equal(alpn, 'h2');
      assert.equal(status, 200);
      assert.equal(body, 'secure hello');
    } finally {
      session.close();
    }
  });

  test('SNI selects the certificate of each alias', async () => {
    const peerCert = (servername: string, ca: string) =>
      new Promise<string>((resolve, reject) => {
        const s = tlsConnect({ host: '127.0.0.1', port: edge.edge.https!.port, servername, ca, ALPNProtocols: ['h2'] }, () => {
          const cn = s.getPeerCertificate().subject.CN;
          s.end();
          resolve(Array.isArray(cn) ? cn.join() : (cn ?? ''));
        });
        s.on('error', reject);
      });
    assert.equal(await peerCert('a.example.test', certA), 'a.example.test');
    assert.equal(await peerCert('b.example.test', certB), 'b.example.test');
  });

  test('HTTP/1.1 over TLS still works', async () => {
    const text = await new Promise<string>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: edge.edge.https!.port, path: '/hello', servername: 'b.example.test', ca: certB, headers: { host: 'b.example.test' } },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve(body));
        },
      );
      req.on('error', reject);
      req.end();
    });
    assert.equal(text, 'secure hello');
  });
});

describe('HTTP/2 drain', () => {
  test('a graceful stop sends GOAWAY to open HTTP/2 sessions instead of waiting for the drain deadline', async () => {
    const origin = await new TestOrigin().start();
    origin.route('/x', fixed(200, { 'cache-control': 'max-age=60' }, 'x'));
    const dir = await mkdtemp(join(tmpdir(), 'candela-h2drain-'));
    const cert = makeCert(dir, 'c.example.test');
    const ca = await readFile(cert.certFile, 'utf8');
    const edge = await startTestEdge({
      tls: true,
      doc: {
        properties: [{ id: 'c', aliases: ['c.example.test'], origin: { host: '127.0.0.1', port: origin.port } }],
        certificates: [{ hostnames: ['c.example.test'], ...cert }],
      },
    });
    const session = connect(`https://127.0.0.1:${edge.edge.https!.port}`, { ca, servername: 'c.example.test' });
    try {
      await new Promise<void>((resolve, reject) => {
        const req = session.request({ ':path': '/x', ':authority': 'c.example.test' });
        req.on('data', () => undefined);
        req.on('end', () => resolve());
        req.on('error', reject);
        req.end();
      });
      const goaway = new Promise<void>((resolve) => session.once('goaway', () => resolve()));
      const started = Date.now();
      await edge.stop();
      await goaway;
      assert.ok(Date.now() - started < 5_000, 'stopped without waiting for the 10 s drain deadline');
    } finally {
      session.destroy();
      await origin.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
