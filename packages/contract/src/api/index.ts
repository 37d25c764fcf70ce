export * from './language.js';
export * from './errors.js';
