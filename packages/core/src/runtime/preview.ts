/**
 * Policy preview for a whole workflow: which steps would be blocked and why,
 * before anything runs, assuming the worst about labels. The visual builder
 * shows this live.
 * @module
 */
import { joinLabels, labelAt, parseReference, TRUSTED, untrusted, wholeLabel, type Label, type OutputLabel, type PolicyEngine } from '@agentos/policy';
import type { ToolRegistry } from '../registry.js';
import type { Workflow } from '../workflow/load.js';

/** The preview of one step. */
export interface StepPreview {
  id: string;
  tool: string;
  /** `block` for certain; `allow` / `require_approval` when the worst case still passes. */
  verdict: 'allow' | 'block' | 'require_approval';
  reason: string;
  /** Step ids whose (possibly) untrusted data reaches this step. */
  sources: string[];
  /** Worst-case trust of its output. */
  output: 'trusted' | 'untrusted' | 'blocked' | 'may_be_blocked';
  /** True when the decision depends on values known only at run time (references in arguments the policies inspect). */
  approximate: boolean;
  policy: string;
}

/** Worst-case policy preview of a workflow. */
export interface WorkflowPreview {
  workflow: string;
  steps: StepPreview[];
  /** Steps that would be blocked. */
  blocked: string[];
}

/**
 * Preview a workflow under the engine's policies. Run conditions are assumed
 * to hold; referenced values are unknown, so arguments are checked with their
 * `{{ … }}` text; outputs get only the trust that unconditional policies
 * grant, and a sanitizer verdict is never assumed to clean anything.
 * `runtime.preview(workflow)` calls it with the runtime's engine and registry.
 * @example
 * ```ts
 * const preview = previewWorkflow(loadWorkflow(json, registry), createPolicyEngine(recommendedPolicies), registry);
 * preview.blocked; // ['notify']: the ids of the steps that would be blocked
 * ```
 */
export function previewWorkflow(workflow: Workflow, engine: PolicyEngine, registry?: ToolRegistry): WorkflowPreview {
  const labels = new Map<string, OutputLabel>();
  const controls = new Map<string, Label>();
  const steps: StepPreview[] = [];
  const readLabel = (step: string, segments: Parameters<typeof labelAt>[1]): Label => {
    const l = labels.get(step);
    return l ? labelAt(l, segments) : TRUSTED;
  };
  for (const id of workflow.order) {
    const step = workflow.step(id)!;
    const tool = registry?.get(step.tool);
    const whenLabels = (step.when ? [step.when].flat() : []).map((w) => {
      const ref = parseReference(w.ref);
      return readLabel(ref.step, ref.segments);
    });
    const control = joinLabels(...whenLabels, ...step.dependsOn.map((d) => controls.get(d) ?? TRUSTED));
    const data = joinLabels(...step.references.map((r) => readLabel(r.step, r.segments)));
    const context = workflow.json.mode === 'context' ? joinLabels(data, control, ...[...labels.values()].map(wholeLabel)) : joinLabels(data, control);
    const decision = engine.decide({ tool: step.tool, args: step.args ?? {}, context });
    const conditional = engine.policies.invocationFor(step.tool).some((p) => p.conditions.length > 0);
    const hasRefs = step.references.length > 0;
    const trustPolicies = engine.policies.trustFor(step.tool);
    const sanitized = trustPolicies.some((p) => p.action === 'sanitize_with_dual_llm');
    const out = engine.labelOutput({
      tool: step.tool,
      step: id,
      output: {},
      inputLabel: context,
      ...(tool?.annotations.trust ? { hint: tool.annotations.trust } : {}),
      ...(sanitized ? { sanitizerVerdict: 'safe' as const } : {}),
    });
    let label: OutputLabel = out.outcome === 'blocked' ? { root: untrusted({ step: id, tool: step.tool }) } : out.label;
    if (sanitized) label = { ...label, root: joinLabels(label.root, untrusted({ step: id, tool: step.tool })) };
    labels.set(id, label);
    controls.set(id, control);
    const whole = wholeLabel(label);
    steps.push({
      id,
      tool: step.tool,
      verdict: decision.verdict,
      reason: decision.reason,
      sources: [...new Set(decision.sources.map((s) => s.step))].sort(),
      output: decision.verdict === 'block' ? 'blocked' : out.outcome === 'blocked' ? 'blocked' : sanitized ? 'may_be_blocked' : whole.trust,
      approximate: conditional && hasRefs,
      policy: decision.policy.id,
    });
  }
  return { workflow: workflow.name, steps, blocked: steps.filter((s) => s.verdict === 'block').map((s) => s.id) };
}

