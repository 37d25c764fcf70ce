// Runs wrk and turns its human-readable report into numbers. wrk has no machine-readable output
// short of a Lua script, and a script would add per-request work inside the load generator itself.
import { spawn } from 'node:child_process';

export interface WrkLatency {
  avgMs: number;
  stdevMs: number;
  maxMs: number;
  /** Percentiles in ms; null when wrk ran without --latency. */
  p50Ms: number | null;
  p75Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
}

export interface WrkResult {
  url: string;
  threads: number;
  connections: number;
  durationS: number;
  requests: number;
  bytesRead: number;
  requestsPerSec: number;
  transferBytesPerSec: number;
  latency: WrkLatency;
  errors: { connect: number; read: number; write: number; timeout: number };
  non2xx3xx: number;
}

// wrk formats times with us/ms/s and, past a minute, m/h (units.c); scale everything to ms.
const TIME_UNITS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
// Byte counts are binary (1 KB = 1024 B in wrk's output); the trailing B is printed separately.
const BINARY_UNITS: Record<string, number> = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40, P: 2 ** 50 };
// Req/Sec per thread uses metric prefixes (k = 1000).
const METRIC_UNITS: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 };

function scaled(text: string, pattern: RegExp, units: Record<string, number>, what: string): number {
  const m = pattern.exec(text.trim());
  const factor = m?.[2] === undefined ? undefined : units[m[2]];
  if (!m?.[1] || factor === undefined) throw new Error(`wrk: cannot parse ${what} "${text}"`);
  return Number(m[1]) * factor;
}

export function parseTimeMs(text: string): number {
  return scaled(text, /^([\d.]+)(us|ms|s|m|h)$/, TIME_UNITS, 'time');
}

export function parseBytes(text: string): number {
  return scaled(text, /^([\d.]+)([KMGTP]?)B$/, BINARY_UNITS, 'size');
}

export function parseMetric(text: string): number {
  return scaled(text, /^([\d.]+)([kMGTP]?)$/, METRIC_UNITS, 'count');
}

function match(text: string, pattern: RegExp, what: string): RegExpExecArray {
  const m = pattern.exec(text);
  if (!m) throw new Error(`wrk: no ${what} in output:\n${text}`);
  return m;
}

function group(m: RegExpExecArray, i: number): string {
  const g = m[i];
  if (g === undefined) throw new Error(`wrk: missing group ${i} in "${m[0]}"`);
  return g;
}

function percentile(text: string, p: number): number | null {
  const m = new RegExp(`^\\s+${p}%\\s+(\\S+)\\s*$`, 'm').exec(text);
  return m?.[1] === undefined ? null : parseTimeMs(m[1]);
}

export function parseWrk(text: string): WrkResult {
  const head = match(text, /Running (\S+) test @ (\S+)/, 'header');
  const shape = match(text, /(\d+) threads and (\d+) connections/, 'thread line');
  const lat = match(text, /^\s*Latency\s+(\S+)\s+(\S+)\s+(\S+)\s+\S+%\s*$/m, 'latency line');
  const total = match(text, /(\d+) requests in (\S+), (\S+) read/, 'request total');
  const rps = match(text, /^Requests\/sec:\s+([\d.]+)\s*$/m, 'Requests/sec');
  const tps = match(text, /^Transfer\/sec:\s+(\S+)\s*$/m, 'Transfer/sec');
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(text);
  return {
    url: group(head, 2),
    threads: Number(group(shape, 1)),
    connections: Number(group(shape, 2)),
    durationS: parseTimeMs(group(total, 2)) / 1000,
    requests: Number(group(total, 1)),
    bytesRead: parseBytes(group(total, 3)),
    requestsPerSec: Number(group(rps, 1)),
    transferBytesPerSec: parseBytes(group(tps, 1)),
    latency: {
      avgMs: parseTimeMs(group(lat, 1)),
      stdevMs: parseTimeMs(group(lat, 2)),
      maxMs: parseTimeMs(group(lat, 3)),
      p50Ms: percentile(text, 50),
      p75Ms: percentile(text, 75),
      p90Ms: percentile(text, 90),
      p99Ms: percentile(text, 99),
    },
    errors: {
      connect: Number(sock?.[1] ?? 0),
      read: Number(sock?.[2] ?? 0),
      write: Number(sock?.[3] ?? 0),
      timeout: Number(sock?.[4] ?? 0),
    },
    non2xx3xx: Number(non2xx?.[1] ?? 0),
  };
}

export interface WrkOptions {
  url: string;
  threads: number;
  connections: number;
  /** wrk duration syntax: 10s, 1m … */
  duration: string;
  timeout?: string;
}

/** The running wrk, so an interrupted run can kill it rather than leave load behind. */
export const activeWrk = new Set<number>();

export function runWrk(opts: WrkOptions): Promise<WrkResult & { raw: string }> {
  const args = ['-t', String(opts.threads), '-c', String(opts.connections), '-d', opts.duration, '--latency'];
  if (opts.timeout !== undefined) args.push('--timeout', opts.timeout);
  args.push(opts.url);
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    if (child.pid !== undefined) activeWrk.add(child.pid);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (child.pid !== undefined) activeWrk.delete(child.pid);
      if (code !== 0) {
        reject(new Error(`wrk ${args.join(' ')} exited ${code}:\n${out}`));
        return;
      }
      try {
        resolve({ ...parseWrk(out), raw: out });
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  });
}
