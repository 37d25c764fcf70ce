// The edge's runtime settings: command-line flags first, then CANDELA_EDGE_* environment variables,
// then defaults. The only place in the edge that reads the environment (house rule 7).
import { availableParallelism, hostname } from 'node:os';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface EdgeFlags {
  config?: string;
  origin?: string;
  listen?: string;
  tlsListen?: string;
  adminListen?: string;
  dataDir?: string;
  workers?: string;
  memoryMb?: string;
  diskMb?: string;
  edgeId?: string;
  accessLog?: string;
  controlPlane?: string;
  enrolmentToken?: string;
  region?: string;
  metro?: string;
  stagingListen?: string;
  geoDb?: string;
}

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/** Feed mode (issue 4): the configuration comes from a control plane, pushed over its feed. */
export interface FeedOptions {
  /** Base URL of the control plane, without a trailing slash (the API is under /api/v1). */
  readonly controlPlaneUrl: string;
  /** The operator's shared secret for joining the fleet (contract feed.ts, edgeEnrolBodySchema). */
  readonly enrolmentToken: string;
  readonly region: string;
  readonly metro: string;
  readonly heartbeatMs: number;
  /** Reconnect when nothing, not even a keep-alive comment, arrived for this long. */
  readonly watchdogMs: number;
  /** Capped exponential back-off between reconnection attempts (jittered, see feed/backoff.ts). */
  readonly backoffInitialMs: number;
  readonly backoffMaxMs: number;
}

export interface EdgeOptions {
  /** Configuration document path, or undefined in single-origin and feed mode. */
  readonly configPath: string | undefined;
  /** Single-origin mode: every Host goes to this origin. */
  readonly originUrl: URL | undefined;
  /** Feed mode: the configuration comes from a control plane. */
  readonly feed: FeedOptions | undefined;
  readonly listen: ListenAddress;
  readonly tlsListen: ListenAddress | undefined;
  /** The staging listener: staging versions first, then production (HTTP/1.1 in clear). */
  readonly stagingListen: ListenAddress | undefined;
  readonly adminListen: ListenAddress;
  readonly adminToken: string;
  readonly dataDir: string;
  readonly workers: number;
  readonly memoryMaxBytes: number;
  readonly diskMaxBytes: number;
  readonly maxObjectBytes: number;
  /** Stale copies up to this old are served while the origin cannot be reached (0 = never). */
  readonly staleIfDisconnectedMs: number;
  /** Let clients' request Cache-Control force revalidation (RFC 9111 §5.2.1); off by default. */
  readonly honourRequestCacheControl: boolean;
  /** IP-to-country CSV for geo restrictions (config/geo-database.ts); undefined → no client has a known country. */
  readonly geoDatabasePath: string | undefined;
  readonly edgeId: string;
  readonly accessLogPath: string | undefined;
  readonly limits: {
    readonly maxHeaderBytes: number;
    readonly maxHeaderCount: number;
    /** Slowloris defence: the whole request head must arrive within this time. */
    readonly headersTimeoutMs: number;
    readonly requestTimeoutMs: number;
    readonly keepAliveTimeoutMs: number;
    /** A client that neither sends nor reads for this long is disconnected. */
    readonly idleTimeoutMs: number;
    readonly collapseWaitMs: number;
    readonly drainMs: number;
  };
}

export class ConfigError extends Error {}

export function parseListen(text: string, flag: string): ListenAddress {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text) ?? /^()()(\d{1,5})$/.exec(text);
  const port = m ? Number(m[3]) : NaN;
  if (!m || !(port >= 0 && port <= 65535)) throw new ConfigError(`${flag}: expected HOST:PORT, got "${text}"`);
  return { host: m[1] ?? (m[2] || '127.0.0.1'), port };
}

function positiveInt(text: string | undefined, flag: string, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`${flag}: expected a positive integer, got "${text}"`);
  return n;
}

function nonNegativeInt(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${name}: expected a whole number ≥ 0, got "${text}"`);
  return n;
}

function flag(text: string | undefined, name: string): boolean {
  if (text === undefined || text === '' || text === '0' || text === 'false') return false;
  if (text === '1' || text === 'true') return true;
  throw new ConfigError(`${name}: expected 1/true or 0/false, got "${text}"`);
}

function secret(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const file = env[`${name}_FILE`];
  if (file) return readFileSync(file, 'utf8').trim();
  return env[name];
}

const MiB = 1024 * 1024;

const REQUEST_TIMEOUT_MS = 60_000;

/**
 * Client connection limits an operator may tighten (and tests need short enough to observe):
 * - CANDELA_EDGE_HEADERS_TIMEOUT_MS (default 10 000): the whole request head must arrive within this
 *   time (slowloris defence). Node refuses a headers timeout above the request timeout (60 000 ms), so
 *   that is the upper bound; Node checks it about once a second, so the cut comes up to 1 s later.
 * - CANDELA_EDGE_IDLE_TIMEOUT_MS (default 60 000): a client that neither sends nor reads for this long
 *   is disconnected.
 */
function clientTimeouts(env: NodeJS.ProcessEnv): { headersTimeoutMs: number; idleTimeoutMs: number } {
  const headersTimeoutMs = positiveInt(env.CANDELA_EDGE_HEADERS_TIMEOUT_MS, 'CANDELA_EDGE_HEADERS_TIMEOUT_MS', 10_000);
  if (headersTimeoutMs > REQUEST_TIMEOUT_MS) {
    throw new ConfigError(`CANDELA_EDGE_HEADERS_TIMEOUT_MS: at most ${REQUEST_TIMEOUT_MS} (the request timeout), got ${headersTimeoutMs}`);
  }
  const idleTimeoutMs = positiveInt(env.CANDELA_EDGE_IDLE_TIMEOUT_MS, 'CANDELA_EDGE_IDLE_TIMEOUT_MS', 60_000);
  return { headersTimeoutMs, idleTimeoutMs };
}

const label = (text: string | undefined, name: string): string => {
  const value = (text ?? 'local').trim();
  if (value.length < 1 || value.length > 100) throw new ConfigError(`${name}: expected 1 to 100 characters, got "${text}"`);
  return value;
};

function feedOptions(flags: EdgeFlags, env: NodeJS.ProcessEnv, controlPlane: string): FeedOptions {
  if (!URL.canParse(controlPlane)) throw new ConfigError(`--control-plane: not a URL: "${controlPlane}"`);
  const url = new URL(controlPlane);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError('--control-plane: expected an http:// or https:// URL');
  const enrolmentToken = flags.enrolmentToken ?? secret(env, 'CANDELA_EDGE_ENROLMENT_TOKEN');
  // Same bounds as the control plane's edgeEnrolBodySchema, so a typo fails here and not in a retry loop.
  if (enrolmentToken === undefined || enrolmentToken.length < 16 || enrolmentToken.length > 200) {
    throw new ConfigError('--control-plane needs an enrolment token of 16 to 200 characters (--enrolment-token, CANDELA_EDGE_ENROLMENT_TOKEN or _FILE)');
  }
  return {
    controlPlaneUrl: url.href.replace(/\/+$/, ''),
    enrolmentToken,
    region: label(flags.region ?? env.CANDELA_EDGE_REGION, '--region'),
    metro: label(flags.metro ?? env.CANDELA_EDGE_METRO, '--metro'),
    heartbeatMs: 5_000,
    watchdogMs: 45_000,
    backoffInitialMs: 250,
    backoffMaxMs: 5_000,
  };
}

export function loadEdgeOptions(flags: EdgeFlags, env: NodeJS.ProcessEnv): EdgeOptions {
  const configPath = flags.config ?? env.CANDELA_EDGE_CONFIG;
  const origin = flags.origin ?? env.CANDELA_EDGE_ORIGIN;
  const controlPlane = flags.controlPlane ?? env.CANDELA_EDGE_CONTROL_PLANE;
  if ([configPath, origin, controlPlane].filter((v) => v !== undefined).length !== 1) {
    throw new ConfigError('give exactly one of --config FILE, --origin http://HOST:PORT or --control-plane URL');
  }
  let originUrl: URL | undefined;
  if (origin !== undefined) {
    if (!URL.canParse(origin)) throw new ConfigError(`--origin: not a URL: "${origin}"`);
    originUrl = new URL(origin);
    if (originUrl.protocol !== 'http:' && originUrl.protocol !== 'https:') {
      throw new ConfigError('--origin: expected an http:// or https:// URL');
    }
  }
  const dataDir = resolve(flags.dataDir ?? env.CANDELA_DATA_DIR ?? '.data/edge');
  const tls = flags.tlsListen ?? env.CANDELA_EDGE_TLS_LISTEN;
  const staging = flags.stagingListen ?? env.CANDELA_EDGE_STAGING_LISTEN;
  const accessLog = flags.accessLog ?? env.CANDELA_EDGE_ACCESS_LOG;
  const geoDb = flags.geoDb ?? env.CANDELA_EDGE_GEO_DB;
  const { headersTimeoutMs, idleTimeoutMs } = clientTimeouts(env);
  return {
    configPath: configPath === undefined ? undefined : resolve(configPath),
    originUrl,
    feed: controlPlane === undefined ? undefined : feedOptions(flags, env, controlPlane),
    listen: parseListen(flags.listen ?? env.CANDELA_EDGE_LISTEN ?? '127.0.0.1:8080', '--listen'),
    tlsListen: tls ? parseListen(tls, '--tls-listen') : undefined,
    stagingListen: staging ? parseListen(staging, '--staging-listen') : undefined,
    adminListen: parseListen(flags.adminListen ?? env.CANDELA_EDGE_ADMIN_LISTEN ?? '127.0.0.1:9080', '--admin-listen'),
    adminToken: secret(env, 'CANDELA_EDGE_ADMIN_TOKEN') ?? '',
    dataDir,
    workers: positiveInt(flags.workers ?? env.CANDELA_EDGE_WORKERS, '--workers', availableParallelism()),
    memoryMaxBytes: positiveInt(flags.memoryMb ?? env.CANDELA_EDGE_MEMORY_MB, '--memory-mb', 256) * MiB,
    diskMaxBytes: positiveInt(flags.diskMb ?? env.CANDELA_EDGE_DISK_MB, '--disk-mb', 1024) * MiB,
    maxObjectBytes: positiveInt(env.CANDELA_EDGE_MAX_OBJECT_MB, 'CANDELA_EDGE_MAX_OBJECT_MB', 64) * MiB,
    staleIfDisconnectedMs: nonNegativeInt(env.CANDELA_EDGE_STALE_IF_DISCONNECTED_S, 'CANDELA_EDGE_STALE_IF_DISCONNECTED_S', 0) * 1000,
    honourRequestCacheControl: flag(env.CANDELA_EDGE_HONOUR_REQUEST_CACHE_CONTROL, 'CANDELA_EDGE_HONOUR_REQUEST_CACHE_CONTROL'),
    geoDatabasePath: geoDb === undefined || geoDb === '' ? undefined : resolve(geoDb),
    edgeId: flags.edgeId ?? env.CANDELA_EDGE_ID ?? hostname(),
    accessLogPath: accessLog === 'off' ? undefined : resolve(accessLog ?? join(dataDir, 'access.ndjson')),
    limits: {
      maxHeaderBytes: 16 * 1024,
      maxHeaderCount: 100,
      headersTimeoutMs,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: 30_000,
      idleTimeoutMs,
      collapseWaitMs: 15_000,
      drainMs: 10_000,
    },
  };
}
