/**
 * `@agentos/policy` — a pure, deterministic, taint-propagating policy engine.
 * @packageDocumentation
 */
export * from './errors.js';
export * from './schema.js';
export * from './labels.js';
export * from './sanitizer.js';
