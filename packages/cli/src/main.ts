#!/usr/bin/env node
// `candela`: argv → command, nothing else.
import { Command } from 'commander';
import { apiCommand, DEFAULT_API_URL } from './api-command.js';
import type { ApiCommandOptions } from './api-command.js';
import { env } from './config.js';
import { edgeCommand } from './edge-command.js';
import { signUrlCommand } from './sign-url-command.js';
import type { SignUrlOptions } from './sign-url-command.js';
import { purgeCommand } from './purge-command.js';
import type { PurgeCommandOptions } from './purge-command.js';
import { startCommand } from './start-command.js';
import type { StartOptions } from './start-platform.js';

const program = new Command();
program.name('candela').description('Candela CDN: edge, control plane and Media portal');

program
  .command('start')
  .description('start Candela on this machine: control plane and Media portal, the demo origin and an edge following the control plane')
  .option('--data-dir <dir>', 'where state is kept', '.data')
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--port <port>', 'edge HTTP port', '8080')
  .option('--staging-port <port>', 'edge staging listener port (staging versions first, then production)', '8081')
  .option('--portal-port <port>', 'control plane (API and Media portal) port', '8090')
  .option('--origin-port <port>', 'demo origin port on 127.0.0.1 (name it as an origin in the portal)', '8091')
  .action(async (o: StartOptions) => startCommand(o));

program
  .command('edge')
  .description('run the caching edge server')
  .option('--config <file>', 'edge configuration document (JSON)')
  .option('--origin <url>', 'single-origin mode: every Host goes to this origin')
  .option('--control-plane <url>', 'feed mode: follow this control plane (e.g. http://127.0.0.1:8090)')
  .option('--enrolment-token <token>', 'feed mode: the fleet’s enrolment token (prefer CANDELA_EDGE_ENROLMENT_TOKEN_FILE)')
  .option('--region <name>', 'feed mode: this edge’s region (default local)')
  .option('--metro <name>', 'feed mode: this edge’s metro (default local)')
  .option('--listen <addr>', 'HTTP listener HOST:PORT (default 127.0.0.1:8080)')
  .option('--tls-listen <addr>', 'HTTPS + HTTP/2 listener HOST:PORT (certificates from the document)')
  .option('--staging-listen <addr>', 'staging listener HOST:PORT: staging versions first, then production')
  .option('--admin-listen <addr>', 'admin listener HOST:PORT (default 127.0.0.1:9080)')
  .option('--data-dir <dir>', 'disk tier, logs and usage (default .data/edge)')
  .option('--workers <n>', 'worker processes (default: one per core)')
  .option('--memory-mb <n>', 'memory tier budget in MiB (default 256)')
  .option('--disk-mb <n>', 'disk tier budget in MiB (default 1024)')
  .option('--edge-id <id>', 'this edge’s id in logs and usage (default: host name)')
  .option('--access-log <file|off>', 'NDJSON access log (default DATA_DIR/access.ndjson)')
  .option('--geo-db <file>', 'IP-to-country CSV (first,last,country) for geo restrictions (default: none)')
  .action(async (flags: Record<string, string>) => edgeCommand(flags));

program
  .command('api')
  .description('send one request to the control plane API, signed with an API key, and print the JSON answer')
  .argument('<method>', 'GET, POST, PUT, PATCH or DELETE')
  .argument('<path>', 'e.g. /services (relative to /api/v1) or /api/v1/services')
  .option('--data <json>', 'JSON request body, sent exactly as given')
  .option('--key-id <id>', 'API key id (default: CANDELA_API_KEY_ID)')
  .option('--secret <secret>', 'API key secret (default: CANDELA_API_KEY_SECRET; prefer the variable)')
  .option('--url <url>', `control plane address (default: CANDELA_API_URL or ${DEFAULT_API_URL})`)
  .option('--sha256', 'sign with HMAC-SHA256 (MPA-SHA256) instead of HMAC-SHA1 (MPA)')
  .action(async (method: string, path: string, o: ApiCommandOptions) => {
    process.exitCode = await apiCommand(method, path, o, {
      env: env(),
      now: () => new Date(),
      out: (text) => console.log(text),
      err: (text) => console.error(text),
    });
  });

const repeatable = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

program
  .command('purge')
  .description('invalidate content on every edge (paths, cache tags or whole properties) and follow it until every edge has applied it')
  .option('--scid <scid>', 'the service whose properties these are')
  .option('--property <alias>', 'a property of the service, by alias (repeat for several)', repeatable)
  .option('--path <pattern>', 'a path pattern: * + {n,m} [a,x-y] [^a] wildcards, ? to match the query (repeat)', repeatable)
  .option('--tag <tag>', 'a cache tag (Surrogate-Key / Cache-Tag) (repeat)', repeatable)
  .option('--all', 'everything the properties have stored')
  .option('--force', 'Force: drop and refetch (default Normal: revalidate, an unchanged object costs a 304)')
  .option('--ignore-case', 'path patterns ignore case')
  .option('--notify <addresses>', 'e-mail addresses told when it completes')
  .option('--no-wait', 'print the accepted request and stop, without following it')
  .option('--timeout <seconds>', 'stop following after this long (exit 3; the invalidation goes on)')
  .option('--key-id <id>', 'API key id (default: CANDELA_API_KEY_ID)')
  .option('--secret <secret>', 'API key secret (default: CANDELA_API_KEY_SECRET; prefer the variable)')
  .option('--url <url>', `control plane address (default: CANDELA_API_URL or ${DEFAULT_API_URL})`)
  .option('--sha256', 'sign with HMAC-SHA256 (MPA-SHA256) instead of HMAC-SHA1 (MPA)')
  .action(async (o: PurgeCommandOptions) => {
    process.exitCode = await purgeCommand(o, {
      env: env(),
      now: () => new Date(),
      out: (text) => console.log(text),
      err: (text) => console.error(text),
      isTty: process.stdout.isTTY === true,
      write: (text) => process.stdout.write(text),
    });
  });

program
  .command('sign-url')
  .description('sign a URL for token authentication (signed URLs) with a token definition')
  .argument('<url>', 'the URL to sign, e.g. https://video.example.com/a.mp4?lang=es')
  .option('--definition <file>', 'JSON file with the token definition (a configuration’s definitions.tokens entry)')
  .option('--ttl <duration>', 'how long the URL stays valid: 10m, 1h, 7d… (default 1h)')
  .option('--not-before <epoch>', 'refuse the URL before this epoch second')
  .option('--generation <digit>', 'which secret signs (default: the definition’s first)')
  .action((url: string, o: SignUrlOptions) => {
    process.exitCode = signUrlCommand(url, o, { nowMs: Date.now, out: (text) => console.log(text), err: (text) => console.error(text) });
  });

await program.parseAsync(process.argv);
