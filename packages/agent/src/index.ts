/**
 * `@agentos/agent` — plain-English operations over the guarded runtime:
 * LLM access, the dual-LLM sanitizer, quarantined analysis, the planner, the
 * agent and the swarm.
 * @packageDocumentation
 */
export * from './llm/index.js';
export * from './sanitizer/index.js';
export * from './quarantine/index.js';
export * from './planner/index.js';
export * from './agent/index.js';
export * from './swarm/index.js';
