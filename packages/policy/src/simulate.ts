/**
 * `simulate(policies, scenario)`: run a scenario through the engine without
 * running any tool; each step gets its decision and its output's label.
 * @module
 */
import { isAgentOSError } from './errors.js';
import { createPolicyEngine, type Decision, type OutputDecision, type PolicyEngineOptions } from './engine.js';
import { sourceSteps, TRUSTED, type Label } from './labels.js';
import { definePolicies, type PolicySetLike } from './policy-set.js';
import type { Expect, ScenarioStep } from './scenario.js';
import { TaintTracker, type TaintMode } from './taint.js';

/** What happened to one step in a simulation. */
export interface SimulatedStep {
  id: string;
  tool: string;
  verdict: 'allow' | 'block' | 'require_approval' | 'skipped';
  /** The output's trust, or `null` when the tool did not run. */
  output: 'trusted' | 'untrusted' | 'blocked' | null;
  reason: string;
  /** Step ids whose untrusted data made the context untrusted. */
  sources: string[];
  /** The resolved arguments (when they could be resolved). */
  args?: unknown;
  decision?: Decision;
  outputDecision?: OutputDecision;
  /** Label of the context the call ran in. */
  context?: Label;
}

/** The result of {@link simulate}. */
export interface SimulationResult {
  mode: TaintMode;
  steps: SimulatedStep[];
  /** One step by id; throws if there is none (so tests fail loudly on a typo). */
  step(id: string): SimulatedStep;
}

/** A scenario to simulate: steps, and optionally the taint mode. */
export interface SimulationInput {
  mode?: TaintMode;
  steps: ReadonlyArray<ScenarioStep>;
}

/**
 * Simulate a scenario. Approval steps are assumed approved so the steps after
 * them can be checked. A step without a stated sanitizer verdict whose output
 * needs sanitizing is treated as "no sanitizer" (blocked).
 * @example
 * ```ts
 * const run = simulate(recommendedPolicies, { steps: [
 *   { id: 'logs', tool: 'docker_logs', args: { container: 'db' }, output: 'DB_PASSWORD=hunter2', sanitizer: 'safe' },
 *   { id: 'notify', tool: 'slack_notify', args: { channel: '#ops', text: 'Logs: {{ logs }}' } },
 * ]});
 * run.step('notify').verdict; // 'block'
 * ```
 */
export function simulate(policies: PolicySetLike, scenario: SimulationInput, options: PolicyEngineOptions = {}): SimulationResult {
  const engine = createPolicyEngine(definePolicies(policies), options);
  const mode = scenario.mode ?? 'dataflow';
  const taint = new TaintTracker(mode);
  const steps: SimulatedStep[] = [];

  for (const step of scenario.steps) {
    // Dependencies that did not produce an output skip this step.
    const unmet = (step.after ?? []).find((d) => taint.get(d)?.status !== 'done');
    if (unmet) {
      const why = taint.get(unmet)?.status ?? 'not run';
      taint.recordSkipped(step.id, step.tool, `runs after ${unmet}, which was ${why}`);
      steps.push({ id: step.id, tool: step.tool, verdict: 'skipped', output: null, reason: `Skipped: runs after ${unmet}, which was ${why}`, sources: [] });
      continue;
    }
    let whenLabel: Label = TRUSTED;
    if (step.when) {
      try {
        const w = taint.evaluateWhen(step.when);
        whenLabel = w.label;
        if (!w.holds) {
          taint.recordSkipped(step.id, step.tool, 'its condition is false');
          steps.push({ id: step.id, tool: step.tool, verdict: 'skipped', output: null, reason: 'Skipped: its condition is false', sources: [] });
          continue;
        }
      } catch (e) {
        const msg = isAgentOSError(e) ? e.message : String(e);
        taint.recordBlocked(step.id, step.tool, msg);
        steps.push({ id: step.id, tool: step.tool, verdict: 'block', output: null, reason: `Blocked — its condition cannot be evaluated: ${msg}`, sources: [] });
        continue;
      }
    }
    let prepared;
    try {
      prepared = taint.prepare({ args: step.args ?? {}, after: step.after, whenLabel });
    } catch (e) {
      const msg = isAgentOSError(e) ? e.message : String(e);
      taint.recordBlocked(step.id, step.tool, msg);
      steps.push({ id: step.id, tool: step.tool, verdict: 'block', output: null, reason: `Blocked — an argument cannot be resolved: ${msg}`, sources: [] });
      continue;
    }
    const decision = engine.decide({ tool: step.tool, args: prepared.args, context: prepared.context });
    // The context label's own (sorted) sources: the decision holds a copy of the same list.
    const sources = decision.context === 'untrusted' ? sourceSteps(decision.policy.kind === 'error' ? decision.sources : prepared.context.sources) : [];
    if (decision.verdict === 'block') {
      taint.recordBlocked(step.id, step.tool, decision.reason);
      steps.push({ id: step.id, tool: step.tool, verdict: 'block', output: null, reason: decision.reason, sources, args: prepared.args, decision, context: prepared.context });
      continue;
    }
    const request = { tool: step.tool, step: step.id, output: step.output ?? null, inputLabel: prepared.context };
    let out = engine.labelOutput(request);
    if (out.outcome === 'needs_sanitizer') out = engine.labelOutput({ ...request, sanitizerVerdict: step.sanitizer ?? 'unavailable' });
    if (out.outcome === 'blocked') taint.recordBlocked(step.id, step.tool, out.reason);
    else taint.recordOutput(step.id, step.tool, out.output, out.label, prepared.control);
    steps.push({
      id: step.id,
      tool: step.tool,
      verdict: decision.verdict,
      output: out.outcome === 'blocked' ? 'blocked' : out.outcome === 'trusted' ? 'trusted' : 'untrusted',
      reason: out.outcome === 'blocked' ? out.reason : decision.reason,
      sources,
      args: prepared.args,
      decision,
      outputDecision: out,
      context: prepared.context,
    });
  }
  return {
    mode,
    steps,
    step(id) {
      const s = steps.find((x) => x.id === id);
      if (!s) throw new Error(`no step "${id}" in this simulation (steps: ${steps.map((x) => x.id).join(', ')})`);
      return s;
    },
  };
}

/** One difference between what a step did and what was expected. */
export interface ExpectationMismatch {
  step: string;
  field: 'verdict' | 'output' | 'reason' | 'sources';
  expected: unknown;
  actual: unknown;
}

/** Compare a simulated step with its `expect`. */
export function checkExpectation(step: SimulatedStep, expect: Expect | undefined): ExpectationMismatch[] {
  if (expect === undefined) return [];
  const e = typeof expect === 'string' ? { verdict: expect } : expect;
  const out: ExpectationMismatch[] = [];
  if (e.verdict !== undefined && e.verdict !== step.verdict) out.push({ step: step.id, field: 'verdict', expected: e.verdict, actual: step.verdict });
  if (e.output !== undefined && e.output !== step.output) out.push({ step: step.id, field: 'output', expected: e.output, actual: step.output });
  if (e.reason !== undefined && !step.reason.toLowerCase().includes(e.reason.toLowerCase())) {
    out.push({ step: step.id, field: 'reason', expected: `…${e.reason}…`, actual: step.reason });
  }
  if (e.sources !== undefined) {
    const want = [...new Set(e.sources)].sort();
    if (want.join('\u0000') !== step.sources.join('\u0000')) out.push({ step: step.id, field: 'sources', expected: want, actual: step.sources });
  }
  return out;
}
