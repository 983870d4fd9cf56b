/**
 * Running scenarios: simulate every scenario and compare each step with its
 * `expect`.
 * @module
 */
import { AgentOSError } from '../errors.js';
import type { LoadedScenario } from '../scenario.js';
import { checkExpectation, simulate, type ExpectationMismatch, type SimulatedStep, type SimulationResult } from '../simulate.js';
import type { TaintMode } from '../taint.js';
import { loadScenarioFile, type LoadScenarioFileOptions } from './files.js';
import { formatFileResult } from './report.js';

/** The outcome of one scenario. */
export interface ScenarioResult {
  name: string;
  mode: TaintMode;
  /** True when every step met its `expect`. */
  passed: boolean;
  /** Every step, as simulated. */
  steps: SimulatedStep[];
  /** Every difference from `expect`, in step order. */
  mismatches: ExpectationMismatch[];
  /** The simulation, for `run.step('id')`. */
  run: SimulationResult;
}

/** The outcome of one scenario file. */
export interface ScenarioFileResult {
  /** The file, as shown to the user. */
  path: string;
  scenarios: ScenarioResult[];
  /** Number of scenarios that passed. */
  passed: number;
  /** Number of scenarios with at least one mismatch. */
  failed: number;
}

/**
 * Simulate loaded scenarios and compare each step with its `expect`.
 * @example
 * ```ts
 * const results = runScenarios(parseScenarioFile(text, { resolvePolicies }));
 * results.filter((r) => !r.passed);
 * ```
 */
export function runScenarios(scenarios: ReadonlyArray<LoadedScenario>): ScenarioResult[] {
  return scenarios.map((s) => {
    const run = simulate(s.policySet, { mode: s.mode, steps: s.steps });
    const mismatches: ExpectationMismatch[] = [];
    s.steps.forEach((step, i) => mismatches.push(...checkExpectation(run.steps[i]!, step.expect)));
    return { name: s.name, mode: s.mode, passed: mismatches.length === 0, steps: run.steps, mismatches, run };
  });
}

/**
 * Load a scenario file and run every scenario in it.
 * Throws `ScenarioLoadError` / `PolicyLoadError` when the file cannot be loaded;
 * mismatches are returned, not thrown (see {@link expectScenarioFile}).
 * @example
 * ```ts
 * const result = runScenarioFile('policies/logs.scenario.yaml');
 * console.log(`${result.passed} passed, ${result.failed} failed`);
 * ```
 */
export function runScenarioFile(path: string, options: LoadScenarioFileOptions = {}): ScenarioFileResult {
  const file = loadScenarioFile(path, options);
  const scenarios = runScenarios(file.scenarios);
  const passed = scenarios.filter((s) => s.passed).length;
  return { path: file.path, scenarios, passed, failed: scenarios.length - passed };
}

/** A scenario did not do what its `expect` said. The message holds the readable diff. */
export class ScenarioMismatchError extends AgentOSError {
  readonly result: ScenarioFileResult;
  constructor(result: ScenarioFileResult) {
    super('SCENARIO_MISMATCH', `${result.failed} of ${result.scenarios.length} scenario(s) in ${result.path} did not match their expectations\n${formatFileResult(result, { color: false, onlyFailures: true })}`, {
      details: { file: result.path, passed: result.passed, failed: result.failed },
    });
    this.result = result;
  }
}

/**
 * Run a scenario file inside your own test; throws {@link ScenarioMismatchError}
 * with a readable diff when any step differs from its `expect`.
 * @example
 * ```ts
 * import { test } from 'vitest';
 * import { expectScenarioFile } from '@agentos/policy/testing';
 * test('our policies', () => { expectScenarioFile('policies/ops.scenario.yaml'); });
 * ```
 */
export function expectScenarioFile(path: string, options: LoadScenarioFileOptions = {}): ScenarioFileResult {
  const result = runScenarioFile(path, options);
  if (result.failed > 0) throw new ScenarioMismatchError(result);
  return result;
}
