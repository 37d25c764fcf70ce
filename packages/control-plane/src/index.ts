// The control plane's public surface, for the CLI.
export { loadConfig, ConfigError } from './config.js';
export type { ControlPlaneConfig } from './config.js';
export { startControlPlane } from './platform.js';
export type { ControlPlane, PlatformOptions } from './platform.js';
export { seedDemo, DEMO_CUSTOMER_NUMBER } from './bootstrap/demo-seed.js';
export type { DemoSeed, DemoAccount } from './bootstrap/demo-seed.js';
export { signRequest } from './modules/api-keys/mpa-signature.js';
