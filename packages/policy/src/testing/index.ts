/**
 * `@agentos/policy/testing`: test your own policies.
 *
 * - {@link runScenarioFile} / {@link expectScenarioFile}: run a scenario file
 *   (the format `agentos-policy test` reads) inside your own tests;
 * - {@link simulate}: run steps through the engine without running any tool;
 * - {@link installPolicyMatchers}: `expect(run.step('notify')).toBeBlocked()`.
 *
 * @example
 * ```ts
 * import { expect, test } from 'vitest';
 * import { installPolicyMatchers, simulate } from '@agentos/policy/testing';
 * import { recommendedPolicies } from '@agentos/policy';
 * installPolicyMatchers(expect);
 *
 * test('logs never reach slack', () => {
 *   const run = simulate(recommendedPolicies, { steps: [
 *     { id: 'logs', tool: 'docker_logs', args: { container: 'db' }, output: 'DB_PASSWORD=hunter2', sanitizer: 'safe' },
 *     { id: 'notify', tool: 'slack_notify', args: { text: 'Logs: {{ logs }}' } },
 *   ] });
 *   expect(run.step('notify')).toBeBlocked('untrusted');
 *   expect(run.step('notify')).toHaveSources(['logs']);
 * });
 * ```
 * @packageDocumentation
 */
export { simulate, checkExpectation } from '../simulate.js';
export type { SimulatedStep, SimulationResult, SimulationInput, ExpectationMismatch } from '../simulate.js';
export { parseScenarioFile, loadScenarios } from '../scenario.js';
export type { LoadedScenario, Scenario, ScenarioStep, Expect } from '../scenario.js';
export { loadPolicyFile, loadScenarioFile, findScenarioFiles, displayPath, SCENARIO_FILE_PATTERN } from './files.js';
export type { LoadedScenarioFile, LoadScenarioFileOptions } from './files.js';
export { runScenarios, runScenarioFile, expectScenarioFile, ScenarioMismatchError } from './run.js';
export type { ScenarioResult, ScenarioFileResult } from './run.js';
export { formatFileResult, formatScenarioResult, formatStepDiff, formatSummary, makeStyle } from './report.js';
export type { ReportOptions, Style } from './report.js';
export { policyMatchers, installPolicyMatchers, describeStep } from './matchers.js';
export type { PolicyMatchers, MatcherContext, MatcherResult } from './matchers.js';
export { runCli, formatDecision, EXIT } from './cli.js';
export type { CliIO, CliOutput } from './cli.js';
export { packageVersion } from './version.js';
