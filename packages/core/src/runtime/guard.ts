/**
 * The guarded invoke: the one path by which a tool runs.
 * resolve arguments → validate → pin check → policy decision → (approval) →
 * redact before open-world tools → run (timeout, retries, cancellation) →
 * validate output → label (trusted data policies, sanitizer) → record.
 * @internal
 */
import {
  isAgentOSError,
  joinLabels,
  TRUSTED,
  type Decision,
  type Label,
  type PolicyEngine,
  type Sanitizer,
  type SanitizerVerdict,
  type TaintTracker,
  type Violation,
} from '@agentos/policy';
import type { EventEmitter } from 'eventemitter3';
import { ToolExecutionError, ToolValidationError, TimeoutError } from '../errors.js';
import type { ToolRegistry } from '../registry.js';
import { runnerOf, type AnyTool } from '../tool.js';
import type { ApprovalArgument, PendingApproval, RunRecord, StepRecordState } from '../stores/types.js';
import type { LoadedStep } from '../workflow/load.js';
import { describeIssues } from '../zod-issues.js';
import { abortError, linkedSignal, raceAbort, sleep } from './abort.js';
import type { RuntimeEvents } from './events.js';

/** Redacts secrets from JSON before it leaves (see `@agentos/policy`'s redaction). */
export interface JsonRedactor {
  json<T>(value: T): { value: T; changed: boolean; findings: ReadonlyArray<{ rule: string }> };
}

/** What the guard needs from the runtime. */
export interface GuardDeps {
  engine: PolicyEngine;
  registry: ToolRegistry;
  sanitizer: Sanitizer | undefined;
  sanitizerTimeoutMs: number;
  redactor: JsonRedactor | undefined;
  emitter: EventEmitter<RuntimeEvents>;
  now: () => number;
  recordViolation: (v: Omit<Violation, 'id'>) => Promise<Violation>;
}

/** The state of one run the guard works on. */
export interface RunState {
  record: RunRecord;
  taint: TaintTracker;
  signal: AbortSignal;
  /** Persist the record (debounced by the caller). */
  touch(force?: boolean): Promise<void>;
}

const errorJson = (e: unknown) => (isAgentOSError(e) ? { code: e.code, message: e.message } : { code: 'ERROR', message: e instanceof Error ? e.message : String(e) });

/** Paths and labels of each argument, for approvals: people approve what will actually be sent. */
function describeArguments(step: LoadedStep, args: unknown, taint: TaintTracker): ApprovalArgument[] {
  const out: ApprovalArgument[] = [];
  for (const [key, value] of Object.entries((args ?? {}) as Record<string, unknown>)) {
    const refs = step.references.filter((r) => r.at[3] === key);
    let label: Label = TRUSTED;
    for (const r of refs) {
      try {
        label = joinLabels(label, taint.read(r).label);
      } catch {
        label = joinLabels(label, { trust: 'untrusted', sources: [{ step: r.step, tool: 'unknown' }] });
      }
    }
    out.push({ path: key, value, label, from: refs.map((r) => r.raw) });
  }
  return out;
}

/** Attempted action, without any value: `docker_exec(container, cmd)` or the step's title. */
function attemptedOf(step: LoadedStep): string {
  return step.title ?? `${step.tool}(${Object.keys(step.args ?? {}).join(', ')})`;
}

/**
 * Run one step through the guard. Updates `state.record.steps[step.id]` and
 * the taint tracker. Never throws for tool or policy problems: they become
 * the step's status.
 */
export async function runGuardedStep(
  deps: GuardDeps,
  state: RunState,
  step: LoadedStep,
  approved: { by: string } | undefined,
  literal?: { literal: true; context: Label },
): Promise<StepRecordState> {
  const { record, taint } = state;
  const rec: StepRecordState = record.steps[step.id] ?? { id: step.id, tool: step.tool, status: 'pending', attempts: 0 };
  record.steps[step.id] = rec;
  const ref = { runId: record.id, workflow: record.workflow, stepId: step.id, tool: step.tool };
  const finish = async (status: StepRecordState['status'], extra: Partial<StepRecordState> = {}) => {
    Object.assign(rec, extra, { status, endedAt: deps.now() });
    if (status === 'blocked' || status === 'skipped' || status === 'failed' || status === 'cancelled') {
      const why = rec.reason ?? rec.error?.message ?? status;
      if (status === 'blocked') taint.recordBlocked(step.id, step.tool, why);
      else if (status === 'skipped') taint.recordSkipped(step.id, step.tool, why);
      else taint.recordFailed(step.id, step.tool, why);
    }
    await state.touch();
    deps.emitter.emit('step:end', { ...ref, step: rec });
    return rec;
  };
  const block = async (reason: string, decision: Decision | undefined, verdict: Violation['verdict'], extra: Partial<StepRecordState> = {}) => {
    const violation = await deps.recordViolation({
      time: deps.now(),
      kind: 'blocked',
      workflow: record.workflow,
      run: record.id,
      step: step.id,
      tool: step.tool,
      verdict,
      reason,
      sources: decision ? decision.sources : extra.label ? [...extra.label.root.sources] : [],
      ...(decision ? { policy: decision.policy.id } : {}),
      attempted: attemptedOf(step),
    });
    record.violations++;
    deps.emitter.emit('step:blocked', { ...ref, reason, ...(decision ? { decision } : {}), violation });
    return finish('blocked', { reason, ...(decision ? { decision } : {}), ...extra });
  };

  rec.startedAt ??= deps.now();

  // 1. Run condition (control flow).
  let whenLabel: Label = TRUSTED;
  if (step.when) {
    try {
      const w = taint.evaluateWhen(step.when);
      whenLabel = w.label;
      if (!w.holds) return finish('skipped', { reason: 'its condition is false' });
    } catch (e) {
      return finish('failed', { error: errorJson(e), reason: `its condition cannot be evaluated: ${errorJson(e).message}` });
    }
  }

  // 2. Arguments: resolve references and compute the context label.
  // Session calls pass literal arguments (no `{{ }}` resolution): their context
  // is what the caller declares, plus everything seen in context mode.
  let prepared;
  try {
    prepared = literal
      ? {
          args: step.args ?? {},
          data: literal.context,
          control: TRUSTED,
          context: taint.mode === 'context' ? joinLabels(literal.context, taint.seen()) : literal.context,
          references: [],
        }
      : taint.prepare({ args: step.args ?? {}, after: step.dependsOn, whenLabel });
  } catch (e) {
    return finish('failed', { error: errorJson(e), reason: `an argument cannot be resolved: ${errorJson(e).message}` });
  }
  rec.control = prepared.control;

  // 3. The tool, and its arguments validated against its schema.
  const tool: AnyTool | undefined = deps.registry.get(step.tool);
  if (!tool) return finish('failed', { error: { code: 'UNKNOWN_TOOL', message: `unknown tool "${step.tool}"` } });
  const parsed = tool.input.safeParse(prepared.args);
  if (!parsed.success) {
    const err = new ToolValidationError(tool.name, 'input', describeIssues(parsed.error), { path: ['steps', step.id, 'args'] });
    return finish('failed', { args: prepared.args, error: errorJson(err) });
  }
  const args = parsed.data as unknown;

  // 4. A remote tool whose definition changed since it was pinned is blocked.
  const pin = deps.registry.pinViolation(tool.name);
  if (pin) {
    return block(
      `Blocked — tool definition changed since it was pinned (${pin.changed.join(', ')}); approve the change before calling it`,
      undefined,
      'block',
    );
  }

  // 5. The policy decision.
  const decision = deps.engine.decide({ tool: tool.name, args, context: prepared.context });
  if (decision.verdict === 'block') return block(decision.reason, decision, 'block');
  if (decision.verdict === 'require_approval' && !approved) {
    const approval: PendingApproval = {
      runId: record.id,
      stepId: step.id,
      workflow: record.workflow,
      tool: tool.name,
      args,
      arguments: describeArguments(step, args, taint),
      decision,
      requestedAt: deps.now(),
    };
    Object.assign(rec, { status: 'awaiting_approval', decision, approval, args });
    await state.touch(true);
    deps.emitter.emit('step:approval', { ...ref, approval });
    return rec;
  }
  if (approved) {
    rec.approvedBy = approved.by;
    delete rec.approval;
  }

  // 6. Last line of defence: redact secrets before anything leaves.
  let sendArgs = args;
  if (tool.annotations.openWorldHint && deps.redactor) {
    const r = deps.redactor.json(args);
    if (r.changed) {
      sendArgs = r.value;
      rec.redactions = r.findings.length;
      deps.emitter.emit('step:redacted', { ...ref, count: r.findings.length, rules: [...new Set(r.findings.map((f) => f.rule))] });
    }
  }
  Object.assign(rec, { decision, args: sendArgs, status: 'running' as const });

  // 7. Run, with retries, timeout and cancellation.
  const run = runnerOf(tool);
  const attempts = step.retry?.attempts ?? 1;
  let output: unknown;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    rec.attempts = attempt;
    deps.emitter.emit('step:start', { ...ref, attempt });
    await state.touch();
    // A step without its own timeout runs on the run's signal (no extra controller per call).
    const linked = step.timeoutMs !== undefined ? linkedSignal([state.signal], step.timeoutMs, `step "${step.id}" (${tool.name})`) : { signal: state.signal, dispose() {} };
    try {
      output = await raceAbort(
        Promise.resolve().then(() => run(sendArgs, { signal: linked.signal, runId: record.id, stepId: step.id, workflow: record.workflow })),
        linked.signal,
        `step "${step.id}"`,
      );
      lastError = undefined;
      break;
    } catch (e) {
      lastError = linked.signal.aborted ? abortError(linked.signal, `step "${step.id}"`) : e;
      if (state.signal.aborted) break;
      if (attempt < attempts) {
        const base = step.retry?.backoffMs ?? 200;
        const wait = Math.min(base * (step.retry?.factor ?? 2) ** (attempt - 1), step.retry?.maxBackoffMs ?? 30_000);
        try {
          await sleep(wait, state.signal);
        } catch {
          break;
        }
      }
    } finally {
      linked.dispose();
    }
  }
  if (lastError !== undefined) {
    if (state.signal.aborted && !(lastError instanceof TimeoutError && state.signal.reason !== lastError)) {
      return finish('cancelled', { error: errorJson(abortError(state.signal, `run ${record.id}`)) });
    }
    const err = isAgentOSError(lastError) ? lastError : new ToolExecutionError(tool.name, errorJson(lastError).message, { cause: lastError });
    return finish('failed', { error: errorJson(err) });
  }

  // 8. Output schema.
  if (tool.output) {
    const out = tool.output.safeParse(output);
    if (!out.success) return finish('failed', { error: errorJson(new ToolValidationError(tool.name, 'output', describeIssues(out.error))) });
    output = out.data;
  }

  // 9. Label the output (and sanitize when a policy asks for it).
  const labelRequest = { tool: tool.name, step: step.id, output, inputLabel: prepared.context, ...(tool.annotations.trust ? { hint: tool.annotations.trust } : {}) };
  let labelled = deps.engine.labelOutput(labelRequest);
  if (labelled.outcome === 'needs_sanitizer') {
    const { verdict, detected } = await sanitize(deps, state, step, tool.name, labelled.output);
    labelled = deps.engine.labelOutput({ ...labelRequest, sanitizerVerdict: verdict });
    await deps.recordViolation({
      time: deps.now(),
      kind: 'sanitized',
      workflow: record.workflow,
      run: record.id,
      step: step.id,
      tool: tool.name,
      verdict: verdict === 'safe' ? 'safe' : 'suspicious',
      reason: labelled.reason,
      sources: [],
      policy: labelled.policy.id,
      ...(verdict !== 'safe' ? { detected: detected ?? (verdict === 'suspicious' ? 'Potential prompt injection attempt' : `Sanitizer ${verdict}`) } : {}),
    });
  }
  if (labelled.outcome === 'blocked') {
    return block(labelled.reason, undefined, 'output_blocked', { outputOutcome: 'blocked', outputReason: labelled.reason, label: labelled.label });
  }
  taint.recordOutput(step.id, tool.name, labelled.output, labelled.label, prepared.control);
  return finish('succeeded', {
    output: labelled.output,
    label: labelled.label,
    outputOutcome: labelled.outcome === 'trusted' ? 'trusted' : 'untrusted',
    outputReason: labelled.reason,
  });
}

async function sanitize(deps: GuardDeps, state: RunState, step: LoadedStep, tool: string, output: unknown): Promise<{ verdict: SanitizerVerdict; detected?: string }> {
  if (!deps.sanitizer) return { verdict: 'unavailable' };
  const linked = linkedSignal([state.signal], deps.sanitizerTimeoutMs, `sanitizing ${tool}`);
  try {
    const content = typeof output === 'string' ? output : JSON.stringify(output);
    const result = await raceAbort(deps.sanitizer.sanitize({ content, tool, step: step.id, signal: linked.signal }), linked.signal, `sanitizing ${tool}`);
    if (result?.verdict === 'safe') return { verdict: 'safe' };
    return { verdict: 'suspicious', ...(result?.detected ? { detected: result.detected } : {}) };
  } catch (e) {
    return { verdict: e instanceof TimeoutError ? 'timeout' : 'error', detected: `Sanitizer failed: ${errorJson(e).message}` };
  } finally {
    linked.dispose();
  }
}
