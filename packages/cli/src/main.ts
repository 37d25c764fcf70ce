#!/usr/bin/env node
// `candela`: argv → command, nothing else.
import { Command } from 'commander';
import { edgeCommand } from './edge-command.js';
import { startCommand } from './start-command.js';

const program = new Command();
program.name('candela').description('Candela CDN: edge, control plane and Media portal');

program
  .command('start')
  .description('start Candela on this machine: the edge in front of the bundled demo origin')
  .option('--data-dir <dir>', 'where state is kept', '.data')
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--port <port>', 'edge HTTP port', '8080')
  .action(async (o: { dataDir: string; host: string; port: string }) => startCommand(o));

program
  .command('edge')
  .description('run the caching edge server')
  .option('--config <file>', 'edge configuration document (JSON)')
  .option('--origin <url>', 'single-origin mode: every Host goes to this origin')
  .option('--listen <addr>', 'HTTP listener HOST:PORT (default 127.0.0.1:8080)')
  .option('--tls-listen <addr>', 'HTTPS + HTTP/2 listener HOST:PORT (certificates from the document)')
  .option('--admin-listen <addr>', 'admin listener HOST:PORT (default 127.0.0.1:9080)')
  .option('--data-dir <dir>', 'disk tier, logs and usage (default .data/edge)')
  .option('--workers <n>', 'worker processes (default: one per core)')
  .option('--memory-mb <n>', 'memory tier budget in MiB (default 256)')
  .option('--disk-mb <n>', 'disk tier budget in MiB (default 1024)')
  .option('--edge-id <id>', 'this edge’s id in logs and usage (default: host name)')
  .option('--access-log <file|off>', 'NDJSON access log (default DATA_DIR/access.ndjson)')
  .action(async (flags: Record<string, string>) => edgeCommand(flags));

await program.parseAsync(process.argv);
