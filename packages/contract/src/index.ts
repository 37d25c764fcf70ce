export * from './duration.js';
export * from './edge-config.js';
export * from './problems.js';
