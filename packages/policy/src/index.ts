/**
 * `@agentos/policy` — a pure, deterministic, taint-propagating policy engine.
 * @packageDocumentation
 */
export * from './errors.js';
export * from './schema.js';
export * from './labels.js';
export * from './sanitizer.js';
export * from './path.js';
export * from './glob.js';
export * from './conditions.js';
export * from './policy-set.js';
export * from './engine.js';
export { describeZodIssues, issuesToText, type InputIssue } from './zod-issues.js';
export * from './references.js';
export * from './taint.js';
export * from './recommended.js';
export * from './violations.js';
export * from './scenario.js';
export * from './simulate.js';
export * from './redaction/index.js';
