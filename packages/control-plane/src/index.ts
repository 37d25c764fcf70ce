// The control plane's public surface, for the CLI.
export { loadConfig, ConfigError } from './config.js';
export type { ControlPlaneConfig } from './config.js';
export { startControlPlane } from './platform.js';
export type { ControlPlane, PlatformOptions } from './platform.js';
export { seedDemo, DEMO_CUSTOMER_NUMBER } from './bootstrap/demo-seed.js';
export type { DemoSeed, DemoAccount, DemoSeedOptions } from './bootstrap/demo-seed.js';
export { DEMO_ALIASES, DEMO_CONFIGURATION_NAME } from './bootstrap/demo-configuration.js';
export type { DemoConfiguration, DemoOrigin } from './bootstrap/demo-configuration.js';
export { signRequest } from './modules/api-keys/mpa-signature.js';
