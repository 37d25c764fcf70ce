import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

test('config: embedded defaults need no environment at all', () => {
  const c = loadConfig({});
  assert.equal(c.databaseUrl, undefined);
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.port, 8090);
  assert.equal(c.publicUrl, 'http://127.0.0.1:8090');
  assert.equal(c.smtpUrl, undefined);
  assert.equal(c.secureCookies, false);
  assert.equal(c.sessionTtlMs, 12 * 3_600_000);
});

test('config: CANDELA_DATABASE_URL and secrets may come from *_FILE', () => {
  const files: Record<string, string> = { '/run/db': 'postgres://u:p@db/candela\n', '/run/key': 'ab'.repeat(32) };
  const c = loadConfig({ CANDELA_DATABASE_URL_FILE: '/run/db', CANDELA_SECRET_KEY_FILE: '/run/key' }, (p) => files[p] ?? '');
  assert.equal(c.databaseUrl, 'postgres://u:p@db/candela');
  assert.equal(c.secretKey?.length, 32);
});

test('config: an https public URL makes the session cookie Secure', () => {
  assert.equal(loadConfig({ CANDELA_PUBLIC_URL: 'https://portal.example.com/' }).secureCookies, true);
  assert.equal(loadConfig({ CANDELA_PUBLIC_URL: 'https://portal.example.com/' }).publicUrl, 'https://portal.example.com');
});

test('config: bad values are refused with the variable named', () => {
  assert.throws(() => loadConfig({ CANDELA_PORT: '99999' }), (e: Error) => e instanceof ConfigError && e.message.startsWith('CANDELA_PORT'));
  assert.throws(() => loadConfig({ CANDELA_SECRET_KEY: 'short' }), /CANDELA_SECRET_KEY/);
  assert.throws(() => loadConfig({ CANDELA_SMTP_URL: 'http://mail' }), /CANDELA_SMTP_URL/);
  assert.throws(() => loadConfig({ CANDELA_LOG_LEVEL: 'loud' }), /CANDELA_LOG_LEVEL/);
});

test('config: the feed settings (issue 4): enrolment token, NATS and the activation deadline', () => {
  const defaults = loadConfig({});
  assert.equal(defaults.edgeEnrolmentToken, undefined);
  assert.equal(defaults.natsUrl, undefined);
  assert.equal(defaults.activationDeadlineMs, 30_000);
  const files: Record<string, string> = { '/run/enrol': 'a-long-enrolment-secret\n' };
  const c = loadConfig({ CANDELA_EDGE_ENROLMENT_TOKEN_FILE: '/run/enrol', CANDELA_NATS_URL: 'nats://127.0.0.1:4222', CANDELA_ACTIVATION_DEADLINE_MS: '5000' }, (p) => files[p] ?? '');
  assert.equal(c.edgeEnrolmentToken, 'a-long-enrolment-secret');
  assert.equal(c.natsUrl, 'nats://127.0.0.1:4222');
  assert.equal(c.activationDeadlineMs, 5_000);
  assert.equal(loadConfig({ CANDELA_EDGE_ENROLMENT_TOKEN: 'from-the-environment' }).edgeEnrolmentToken, 'from-the-environment');
  assert.throws(() => loadConfig({ CANDELA_EDGE_ENROLMENT_TOKEN: 'short' }), /CANDELA_EDGE_ENROLMENT_TOKEN/);
  assert.throws(() => loadConfig({ CANDELA_NATS_URL: 'http://nats:4222' }), /CANDELA_NATS_URL/);
  assert.throws(() => loadConfig({ CANDELA_ACTIVATION_DEADLINE_MS: '10' }), /CANDELA_ACTIVATION_DEADLINE_MS/);
});
