// nginx and Varnish as calibration peers: if the harness scores them as the published results and
// the CEO's measurements do, its numbers for Candela can be trusted. Both run in the foreground as
// our own children, on loopback, with every file they write in a temp dir.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, spawnManaged, waitForHttp, waitForPort } from './processes.js';
import type { Managed } from './processes.js';
import { repoRoot } from './suite.js';

export interface RunningCache {
  name: string;
  version: string;
  baseUrl: string;
  proc: Managed;
}

const peersDir = join(repoRoot, 'conformance', 'peers');

let aptUpdated = false;

/** Installs a Debian package when its binary is missing (the machines run as root, see README). */
function ensureInstalled(binary: string, pkg: string): void {
  if (existsSync(binary)) return;
  process.stderr.write(`${binary} is missing; installing the ${pkg} package with apt-get…\n`);
  if (!aptUpdated) {
    execFileSync('apt-get', ['update'], { stdio: 'inherit' });
    aptUpdated = true;
  }
  execFileSync('apt-get', ['install', '-y', pkg], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  // The Debian package also enables a system service on the default port; we only want the binary.
  spawnSync('service', [pkg, 'stop'], { stdio: 'ignore' });
}

function fillTemplate(file: string, values: Record<string, string>): string {
  let text = readFileSync(join(peersDir, file), 'utf8');
  for (const [key, value] of Object.entries(values)) text = text.replaceAll(`@${key}@`, value);
  return text;
}

/** Worker processes drop root privileges, so they must be able to reach the temp dir. */
function peerDir(name: string): string {
  const dir = makeTempDir(name);
  chmodSync(dir, 0o755);
  return dir;
}

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '')?.trim() ?? 'unknown';
}

export async function startNginx(originPort: number, port: number): Promise<RunningCache> {
  const binary = '/usr/sbin/nginx';
  ensureInstalled(binary, 'nginx');
  const dir = peerDir('nginx');
  const config = join(dir, 'nginx.conf');
  writeFileSync(config, fillTemplate('nginx.conf', { DIR: dir, PORT: String(port), ORIGIN_PORT: String(originPort) }));
  const version = firstLine(spawnSync(binary, ['-v'], { encoding: 'utf8' }).stderr).replace(/^nginx version: /, '');
  // -e: the error log before the config is read, -p: the prefix for relative paths.
  const proc = spawnManaged('nginx', binary, ['-p', dir, '-e', join(dir, 'error.log'), '-c', config, '-g', 'daemon off;']);
  await waitForPort(port, proc, 20_000);
  return { name: 'nginx', version, baseUrl: `http://127.0.0.1:${port}`, proc };
}

/** The parameters the suite's docker image (docker/serve.sh) starts varnishd with. */
const VARNISH_PARAMS = ['default_ttl=0', 'default_grace=0', 'default_keep=3600'];

export async function startVarnish(originPort: number, port: number): Promise<RunningCache> {
  const binary = '/usr/sbin/varnishd';
  ensureInstalled(binary, 'varnish');
  const dir = peerDir('varnish');
  const vcl = join(dir, 'default.vcl');
  writeFileSync(vcl, fillTemplate('varnish.vcl', { ORIGIN_PORT: String(originPort) }));
  const version = firstLine(spawnSync(binary, ['-V'], { encoding: 'utf8' }).stderr).replace(/^varnishd \(([^ ]+).*$/, '$1');
  const args = [
    '-F', // foreground: it stays our child and dies with the harness
    '-a',
    `127.0.0.1:${port}`,
    '-T',
    'none', // no management port: nothing listens that we do not use
    '-n',
    join(dir, 'work'),
    '-P',
    join(dir, 'varnishd.pid'),
    '-f',
    vcl,
    '-s',
    'malloc,64M',
    ...VARNISH_PARAMS.flatMap((p) => ['-p', p]),
  ];
  const proc = spawnManaged('varnishd', binary, args);
  await waitForPort(port, proc, 20_000);
  await waitForHttp(`http://127.0.0.1:${port}/`, proc, 10_000);
  return { name: 'varnish', version, baseUrl: `http://127.0.0.1:${port}`, proc };
}
