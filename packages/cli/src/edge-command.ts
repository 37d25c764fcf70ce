// `candela edge`: runs the caching proxy in the foreground until SIGTERM/SIGINT. SIGHUP reloads the
// configuration document (the previous good one stays in force when the new one is refused). With
// --control-plane the configuration comes from the control plane's feed instead (issue 4): the last
// snapshot kept on disk is served at once, and the feed client keeps the edge in step.
// With more than one worker this process becomes the cluster primary and forks the workers, which
// run this same command and take the worker branch.
import cluster from 'node:cluster';
import { loadEdgeOptions, runEdge, initialDocument, runCluster, runWorker, ConfigError } from '@candela/edge';
import type { EdgeFlags, ReloadResult } from '@candela/edge';
import { env } from './config.js';
import { stopWithin } from './stop.js';

function reportReload(r: ReloadResult): void {
  if (r.ok) console.log(`candela edge: configuration version ${r.version} in force`);
  else {
    console.error('candela edge: reload refused, the previous configuration stays in force:');
    for (const p of r.problems) console.error(`  ${p.pointer || '(document)'}: ${p.message}`);
  }
}

export async function edgeCommand(flags: EdgeFlags): Promise<void> {
  let opts;
  try {
    opts = loadEdgeOptions(flags, env());
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`candela edge: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  if (cluster.isWorker) {
    await runWorker(opts);
    return;
  }
  const loaded = await initialDocument(opts);
  if (!loaded.ok) {
    console.error(`candela edge: the configuration document was refused:`);
    for (const p of loaded.problems) console.error(`  ${p.pointer || '(document)'}: ${p.message}`);
    process.exit(2);
  }
  if (loaded.warnings) {
    console.error('candela edge: the snapshot kept on disk was not usable; starting empty until the feed sends one:');
    for (const p of loaded.warnings) console.error(`  ${p.pointer || '(document)'}: ${p.message}`);
  }
  if (opts.feed) {
    const from = loaded.feedSeq ? `snapshot ${loaded.feedSeq} from disk` : 'no snapshot yet (every host 404)';
    console.log(`candela edge: following ${opts.feed.controlPlaneUrl}; serving ${from}`);
  }
  const extras = { feedSeq: loaded.feedSeq ?? 0, log: (line: string) => console.log(`candela edge: ${line}`) };
  const edge = opts.workers > 1 ? await runCluster(opts, loaded.doc, Date.now, extras) : await runEdge(opts, loaded.doc, Date.now, extras);
  console.log(`candela edge: ${opts.workers} worker(s) serving http://${edge.http.host}:${edge.http.port}/`);
  if (edge.staging) console.log(`candela edge: staging listener http://${edge.staging.host}:${edge.staging.port}/`);
  console.log(`candela edge: admin http://${edge.admin.host}:${edge.admin.port}/` + (edge.adminTokenFile ? ` (token in ${edge.adminTokenFile})` : ''));
  process.on('SIGHUP', () => void edge.reload().then(reportReload));
  const stop = () => stopWithin(() => edge.close(), opts.limits.drainMs + 5_000);
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
