export * from './duration.js';
export * from './edge-config.js';
export * from './problems.js';
export * from './edge-admin.js';
export * from './purge-pattern.js';
export * from './api/index.js';
