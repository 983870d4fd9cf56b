/**
 * `createPlanner`: the privileged LLM. It turns a request and the tool
 * catalogue into workflow JSON, validated against the runtime's registry; an
 * invalid plan goes back to the model with the errors, a bounded number of
 * times. It sees run results only through the trusted view.
 * @module
 */
import { AgentOSError, findReferences, type PolicySet } from '@agentos/policy';
import { WorkflowValidationError, type AnyTool, type ToolInfo, type Workflow, type WorkflowJson } from '@agentos/core';
import type { Llm, LlmMessage } from '../llm/index.js';
import { renderCatalogue } from './catalogue.js';
import { PLAN_SCHEMA_NAME, PlanReplySchema, type PlanReply } from './plan-schema.js';
import { buildPlannerMessages, type PlannerInput } from './prompt.js';

/** What the planner needs of a runtime (a `Runtime` fits). */
export interface PlannerRuntime {
  registry: { list(): ToolInfo[]; get?(name: string): AnyTool | undefined };
  /** Validates workflow JSON against the registry; throws `WorkflowValidationError`. */
  load(workflow: unknown): Workflow;
  /** When given, each tool's policy is shown in the catalogue. */
  engine?: { policies: PolicySet };
}

/** One problem with a plan, fed back to the model. */
export interface PlanIssue {
  path: string;
  message: string;
}

/**
 * The model gave no valid plan within the allowed attempts. `issues` are the
 * last attempt's problems.
 * @example
 * ```ts
 * catch (e) { if (e instanceof PlanningError) console.error(e.issues); }
 * ```
 */
export class PlanningError extends AgentOSError {
  readonly attempts: number;
  readonly issues: ReadonlyArray<PlanIssue>;
  constructor(attempts: number, issues: ReadonlyArray<PlanIssue>, options: { cause?: unknown; subject?: string } = {}) {
    const first = issues[0];
    super(
      'PLAN_INVALID',
      `${options.subject ?? 'the planner gave no valid workflow'} in ${attempts} attempt${attempts === 1 ? '' : 's'}` +
        `${first ? `; last problem at ${first.path}: ${first.message}` : ''}${issues.length > 1 ? ` (+${issues.length - 1} more)` : ''}`,
      {
        hint: 'rephrase the request, check the tool catalogue has the tools it needs, or use a stronger model',
        details: { attempts, issues: issues.map((i) => ({ ...i })) },
        ...(options.cause !== undefined ? { cause: options.cause } : {}),
      },
    );
    this.attempts = attempts;
    this.issues = issues;
  }
}

/** Options of {@link createPlanner}. */
export interface PlannerOptions {
  /** The privileged model. */
  llm: Llm;
  /** Plans tried (each with the previous errors fed back) before `PlanningError`. Default 3. */
  maxAttempts?: number;
  /** Extra rules appended to the system prompt (trusted, written by the developer). */
  instructions?: string;
  /** Token limit of one plan. Default 2 000. */
  maxTokens?: number;
  timeoutMs?: number;
}

/** What {@link Planner.plan} needs. */
export interface PlanOptions extends PlannerInput {
  runtime: PlannerRuntime;
  signal?: AbortSignal;
}

/** A validated plan. */
export interface PlanResult {
  action: PlanReply['action'];
  /** Set when `action` is `run`: validated workflow JSON. */
  workflow?: WorkflowJson;
  /** True when the planner wants to see this workflow's results and plan again. */
  needsResults: boolean;
  /** The planner's one-sentence note (model text: never used as a claim of what happened). */
  note?: string;
  /** Model replies it took (1 = valid first time). */
  attempts: number;
}

/**
 * The privileged planner: request + tool catalogue + trusted results → validated workflow JSON.
 * Made by {@link createPlanner}.
 * @example
 * ```ts
 * const planner = createPlanner({ llm: llmFromEnv() });
 * const plan = await planner.plan({ request: 'Restart db if it is unhealthy', runtime });
 * if (plan.action === 'run' && plan.workflow) await runtime.run(plan.workflow).result;
 * ```
 */
export interface Planner {
  plan(options: PlanOptions): Promise<PlanResult>;
  /** The messages the model would be sent (for inspection and tests). */
  messages(options: PlanOptions): LlmMessage[];
}

/** Check a reply against the runtime: workflow shape, tools, references, and literal arguments against tool schemas. */
function validate(reply: PlanReply, runtime: PlannerRuntime, hasInput: boolean): { workflow?: WorkflowJson; issues: PlanIssue[] } {
  if (reply.action !== 'run') return { issues: [] };
  const wf = reply.workflow!;
  const json = { name: wf.name, version: 1 as const, steps: wf.steps.map((s) => ({ ...s, args: s.args ?? {} })) } as WorkflowJson;
  const issues: PlanIssue[] = [];
  try {
    runtime.load(json);
  } catch (e) {
    if (!(e instanceof WorkflowValidationError)) throw e;
    issues.push(...e.issues.map((i) => ({ path: `workflow.${i.path}`, message: i.message })));
  }
  json.steps.forEach((step, i) => {
    let refs;
    try {
      refs = findReferences(step.args ?? {});
    } catch {
      return; // reported by load()
    }
    if (!hasInput && refs.some((r) => r.step === 'input')) {
      issues.push({ path: `workflow.steps[${i}].args`, message: 'there is no {{ input }} in this run: reference earlier steps of this workflow' });
    }
    if (refs.length > 0) return;
    const tool = runtime.registry.get?.(step.tool);
    if (!tool) return;
    const parsed = tool.input.safeParse(step.args ?? {});
    if (!parsed.success) {
      for (const issue of parsed.error.issues.slice(0, 5)) {
        const at = issue.path.map((p: PropertyKey) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
        issues.push({ path: `workflow.steps[${i}].args${at}`, message: `${step.tool}: ${issue.message}` });
      }
    }
  });
  return issues.length ? { issues } : { workflow: json, issues };
}

function feedback(issues: ReadonlyArray<PlanIssue>): string {
  return (
    `That plan is not valid:\n${issues.slice(0, 12).map((i) => `- at ${i.path}: ${i.message}`).join('\n')}\n` +
    'Reply again with a corrected plan as one JSON object, using only tools from the catalogue.'
  );
}

/**
 * Create the planner.
 * @example
 * ```ts
 * const planner = createPlanner({ llm: llmFromEnv() });
 * const plan = await planner.plan({ request: 'Fix all unhealthy containers and notify me', runtime });
 * if (plan.workflow) await runtime.run(plan.workflow).result;
 * ```
 */
export function createPlanner(options: PlannerOptions): Planner {
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 3));
  const messagesFor = (o: PlanOptions): LlmMessage[] => {
    const catalogue = renderCatalogue(o.runtime.registry.list(), o.runtime.engine ? { policies: o.runtime.engine.policies } : {});
    const msgs = buildPlannerMessages(catalogue, o);
    if (options.instructions) msgs[0] = { role: 'system', content: `${msgs[0]!.content}\n\n## Additional rules\n\n${options.instructions}` };
    return msgs;
  };

  async function plan(o: PlanOptions): Promise<PlanResult> {
    const messages = messagesFor(o);
    let issues: PlanIssue[] = [];
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const { value } = await options.llm.structured({
        messages,
        schema: PlanReplySchema,
        schemaName: PLAN_SCHEMA_NAME,
        maxAttempts: 2,
        maxTokens: options.maxTokens ?? 2_000,
        temperature: 0,
        ...(o.signal ? { signal: o.signal } : {}),
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      });
      const checked = validate(value, o.runtime, (o.handoff?.length ?? 0) > 0);
      issues = checked.issues;
      if (issues.length === 0) {
        return {
          action: value.action,
          ...(checked.workflow ? { workflow: checked.workflow } : {}),
          needsResults: value.action === 'run' && value.needsResults === true,
          ...(value.note ? { note: value.note } : {}),
          attempts: attempt,
        };
      }
      messages.push({ role: 'assistant', content: JSON.stringify(value) }, { role: 'user', content: feedback(issues) });
    }
    throw new PlanningError(maxAttempts, issues);
  }

  return Object.freeze({ plan, messages: messagesFor });
}
