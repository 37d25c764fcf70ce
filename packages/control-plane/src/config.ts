// The control plane's settings, from CANDELA_* environment variables (house rule 7: the only reader of
// process.env in this package besides db/config.ts for test settings). Pure: the environment and a file
// reader are parameters, so every default and every refusal is tested.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Env } from './db/config.js';

export interface ControlPlaneConfig {
  readonly dataDir: string;
  /** Undefined: the embedded SQLite file in dataDir (db/database.ts parses the URL). */
  readonly databaseUrl: string | undefined;
  readonly host: string;
  readonly port: number;
  /** The address users reach the portal at; links in e-mails start with it. */
  readonly publicUrl: string;
  /**
   * 32 bytes that seal API-key secrets at rest (AES-256-GCM, see api-keys/api-key-rules.ts). Undefined:
   * the platform generates one in the data directory on first start (secret-key.ts).
   */
  readonly secretKey: Buffer | undefined;
  /** SMTP server URL (smtp:// or smtps://); undefined: mail lands as .eml files in dataDir/mail. */
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly sessionTtlMs: number;
  /** Mark the session cookie Secure; on by default when publicUrl is https. */
  readonly secureCookies: boolean;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /**
   * The operator's shared secret edges enrol with (issue 4). Undefined: generated once into the data
   * directory (modules/edges/enrolment-token.ts), where `candela start` and the operator read it.
   */
  readonly edgeEnrolmentToken: string | undefined;
  /** NATS server for the scale-out feed transport (JetStream); undefined: the feed is served over HTTP only. */
  readonly natsUrl: string | undefined;
  /** How long an activation may take to reach every online edge before it is rolled back. */
  readonly activationDeadlineMs: number;
}

export class ConfigError extends Error {}

type ReadFile = (path: string) => string;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'silent'] as const;

/** Secrets also accept NAME_FILE (house rule 7), so they need not sit in the environment. */
function secret(env: Env, name: string, readFile: ReadFile): string | undefined {
  const file = env[`${name}_FILE`]?.trim();
  if (file) return readFile(file).trim();
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

function port(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new ConfigError(`${name}: expected a port number 0–65535, got "${value}"`);
  return n;
}

function secretKey(text: string | undefined): Buffer | undefined {
  if (text === undefined) return undefined;
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new ConfigError('CANDELA_SECRET_KEY: expected 32 bytes, as 64 hex digits or base64');
  return key;
}

function enrolmentToken(text: string | undefined): string | undefined {
  // The enrolment body accepts 16 to 200 characters (contract feed.ts), so a shorter one could never match.
  if (text !== undefined && (text.length < 16 || text.length > 200)) throw new ConfigError('CANDELA_EDGE_ENROLMENT_TOKEN: expected 16 to 200 characters');
  return text;
}

function natsUrl(text: string | undefined): string | undefined {
  if (text !== undefined && !/^(nats|tls):\/\/[^\s]+$/.test(text)) throw new ConfigError('CANDELA_NATS_URL: expected a nats:// or tls:// URL');
  return text;
}

function deadlineMs(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 30_000;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1_000 || n > 600_000) throw new ConfigError('CANDELA_ACTIVATION_DEADLINE_MS: expected milliseconds between 1000 and 600000');
  return n;
}

export function loadConfig(env: Env = process.env, readFile: ReadFile = (p) => readFileSync(p, 'utf8')): ControlPlaneConfig {
  const host = env['CANDELA_HOST']?.trim() || '127.0.0.1';
  const listenPort = port(env['CANDELA_PORT'], 'CANDELA_PORT', 8090);
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const publicUrl = (env['CANDELA_PUBLIC_URL']?.trim() || `http://${shownHost}:${listenPort}`).replace(/\/+$/, '');
  if (!/^https?:\/\//.test(publicUrl)) throw new ConfigError('CANDELA_PUBLIC_URL: expected an http:// or https:// URL');
  const smtpUrl = secret(env, 'CANDELA_SMTP_URL', readFile);
  if (smtpUrl !== undefined && !/^smtps?:\/\//.test(smtpUrl)) throw new ConfigError('CANDELA_SMTP_URL: expected smtp:// or smtps://');
  const level = env['CANDELA_LOG_LEVEL']?.trim() || 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new ConfigError(`CANDELA_LOG_LEVEL: one of ${LOG_LEVELS.join(', ')}`);
  const ttlHours = Number(env['CANDELA_SESSION_TTL_HOURS']?.trim() || '12');
  if (!(ttlHours > 0 && ttlHours <= 24 * 30)) throw new ConfigError('CANDELA_SESSION_TTL_HOURS: expected hours between 0 and 720');
  return {
    dataDir: resolve(env['CANDELA_DATA_DIR']?.trim() || '.data'),
    databaseUrl: secret(env, 'CANDELA_DATABASE_URL', readFile),
    host,
    port: listenPort,
    publicUrl,
    secretKey: secretKey(secret(env, 'CANDELA_SECRET_KEY', readFile)),
    smtpUrl,
    mailFrom: env['CANDELA_MAIL_FROM']?.trim() || 'Candela <no-reply@candela.localhost>',
    sessionTtlMs: ttlHours * 3_600_000,
    secureCookies: publicUrl.startsWith('https://'),
    logLevel: level as ControlPlaneConfig['logLevel'],
    edgeEnrolmentToken: enrolmentToken(secret(env, 'CANDELA_EDGE_ENROLMENT_TOKEN', readFile)),
    natsUrl: natsUrl(secret(env, 'CANDELA_NATS_URL', readFile)),
    activationDeadlineMs: deadlineMs(env['CANDELA_ACTIVATION_DEADLINE_MS']),
  };
}
