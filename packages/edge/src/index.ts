export { loadEdgeOptions, ConfigError } from './config.js';
export type { EdgeFlags, EdgeOptions } from './config.js';
export { runEdge, initialDocument } from './run-edge.js';
export type { RunningEdge } from './run-edge.js';
export { runCluster } from './cluster/run-cluster.js';
export { runWorker } from './cluster/worker.js';
export type { ReloadResult } from './server/admin-server.js';
export type { RunExtras } from './run-edge.js';
export type { FeedStatus } from './feed/feed-client.js';
