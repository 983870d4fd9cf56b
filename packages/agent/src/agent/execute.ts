/**
 * Running a planned workflow. Without hand-offs it is a normal guarded run
 * (`runtime.run`). With hand-offs, each step is a guarded session call whose
 * context is computed, with the policy package's taint tracker, from the
 * labels of the handed values it reads — so taint crosses agents.
 * @module
 */
import { TaintTracker, TRUSTED, type Label } from '@agentos/policy';
import type { Runtime, RunRecord, RuntimeEvents, StepRecordState, WorkflowJson } from '@agentos/core';
import { handoffInput, type Handoff } from '../planner/index.js';
import type { AgentEvent } from './events.js';

/** Options of {@link executeWorkflow}. */
export interface ExecuteOptions {
  round: number;
  emit: (event: AgentEvent) => void;
  signal?: AbortSignal;
  /** Values from other agents, with their labels, readable as `{{ input.<name>.… }}`. */
  handoff?: ReadonlyArray<Handoff>;
  /** Name of the session used for hand-off runs (shown in violations). */
  sessionName?: string;
}

/**
 * Run one workflow to its end (or until it pauses for approval) and return
 * its record, streaming step events.
 * @example
 * ```ts
 * const run = await executeWorkflow(runtime, plan.workflow, { round: 1, emit: console.log });
 * ```
 */
export async function executeWorkflow(runtime: Runtime, json: WorkflowJson, options: ExecuteOptions): Promise<RunRecord> {
  if (options.handoff?.length) return runWithHandoff(runtime, json, options);
  return runGuarded(runtime, json, options);
}

async function runGuarded(runtime: Runtime, json: WorkflowJson, options: ExecuteOptions): Promise<RunRecord> {
  const { round, emit } = options;
  let runId: string | undefined;
  const early: Array<() => void> = [];
  const mine = (id: string, deliver: () => void) => {
    if (runId === undefined) early.push(() => id === runId && deliver());
    else if (id === runId) deliver();
  };
  const onStart: RuntimeEvents['step:start'] = (e) =>
    mine(e.runId, () => emit({ type: 'step', round, runId: e.runId, stepId: e.stepId, tool: e.tool, status: 'running' }));
  const onEnd: RuntimeEvents['step:end'] = (e) =>
    mine(e.runId, () =>
      emit({
        type: 'step',
        round,
        runId: e.runId,
        stepId: e.stepId,
        tool: e.tool,
        status: e.step.status,
        ...(e.step.reason ? { reason: e.step.reason } : {}),
        ...(e.step.outputOutcome ? { outcome: e.step.outputOutcome } : {}),
      }),
    );
  const onBlocked: RuntimeEvents['step:blocked'] = (e) =>
    mine(e.runId, () => emit({ type: 'blocked', round, runId: e.runId, stepId: e.stepId, tool: e.tool, reason: e.reason, violation: e.violation }));
  const onApproval: RuntimeEvents['step:approval'] = (e) =>
    mine(e.runId, () => emit({ type: 'approval', round, runId: e.runId, stepId: e.stepId, tool: e.tool, approval: e.approval }));
  runtime.on('step:start', onStart);
  runtime.on('step:end', onEnd);
  runtime.on('step:blocked', onBlocked);
  runtime.on('step:approval', onApproval);
  try {
    const handle = runtime.run(json, options.signal ? { signal: options.signal } : {});
    runId = handle.id;
    for (const deliver of early.splice(0)) deliver();
    return await handle.idle();
  } finally {
    runtime.off('step:start', onStart);
    runtime.off('step:end', onEnd);
    runtime.off('step:blocked', onBlocked);
    runtime.off('step:approval', onApproval);
  }
}

/** The run status from its steps, as the runtime computes it. */
function statusOf(steps: ReadonlyArray<StepRecordState>, violations: number): RunRecord['status'] {
  if (steps.some((s) => s.status === 'awaiting_approval')) return 'awaiting_approval';
  if (steps.some((s) => s.status === 'failed')) return 'failed';
  if (steps.some((s) => s.status === 'cancelled')) return 'cancelled';
  if (violations > 0 || steps.some((s) => s.status === 'blocked')) return 'succeeded_with_violations';
  return 'succeeded';
}

/**
 * Run a workflow step by step through a dataflow session, with hand-offs as
 * labelled input. Steps run one at a time in dependency order; a step whose
 * dependency did not succeed is skipped; `when` conditions and references are
 * evaluated by the policy package's {@link TaintTracker}, which also computes
 * each call's context label.
 */
async function runWithHandoff(runtime: Runtime, json: WorkflowJson, options: ExecuteOptions): Promise<RunRecord> {
  const { round, emit } = options;
  const workflow = runtime.load(json);
  const input = handoffInput(options.handoff ?? []);
  const taint = new TaintTracker('dataflow');
  taint.recordOutput('input', 'handoff', input.value, input.label, TRUSTED);
  const session = runtime.session({ name: options.sessionName ?? workflow.name, mode: 'dataflow' });
  const record: RunRecord = {
    id: session.id,
    workflow: workflow.name,
    json: workflow.json,
    status: 'running',
    mode: 'dataflow',
    trigger: { type: 'manual', time: Date.now() },
    input: input.value,
    startedAt: Date.now(),
    steps: Object.fromEntries(workflow.steps.map((s) => [s.id, { id: s.id, tool: s.tool, status: 'pending', attempts: 0 } satisfies StepRecordState])),
    violations: 0,
  };
  const settle = (id: string, tool: string, patch: Partial<StepRecordState> & Pick<StepRecordState, 'status'>) => {
    const rec = Object.assign(record.steps[id]!, patch, { endedAt: Date.now() });
    emit({
      type: 'step',
      round,
      runId: record.id,
      stepId: id,
      tool,
      status: rec.status,
      ...(rec.reason ? { reason: rec.reason } : {}),
      ...(rec.outputOutcome ? { outcome: rec.outputOutcome } : {}),
    });
  };
  try {
    for (const id of workflow.order) {
      const step = workflow.step(id)!;
      if (options.signal?.aborted) {
        settle(id, step.tool, { status: 'cancelled', reason: 'the run was cancelled' });
        continue;
      }
      const failedDep = step.dependsOn.find((d) => record.steps[d]?.status !== 'succeeded');
      if (failedDep) {
        const reason = `depends on "${failedDep}", which was ${record.steps[failedDep]!.status}`;
        taint.recordSkipped(id, step.tool, reason);
        settle(id, step.tool, { status: 'skipped', reason });
        continue;
      }
      let whenLabel: Label = TRUSTED;
      let prepared;
      try {
        if (step.when) {
          const w = taint.evaluateWhen(step.when);
          whenLabel = w.label;
          if (!w.holds) {
            taint.recordSkipped(id, step.tool, 'its condition is false');
            settle(id, step.tool, { status: 'skipped', reason: 'its condition is false' });
            continue;
          }
        }
        prepared = taint.prepare({ args: step.args ?? {}, after: step.dependsOn, whenLabel });
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        taint.recordFailed(id, step.tool, message);
        settle(id, step.tool, { status: 'failed', error: { code: 'UNRESOLVED_REFERENCE', message }, reason: `an argument cannot be resolved: ${message}` });
        continue;
      }
      emit({ type: 'step', round, runId: record.id, stepId: id, tool: step.tool, status: 'running' });
      const result = await session.call(step.tool, prepared.args, {
        context: prepared.context,
        title: step.title ?? `${id}: ${step.tool}`,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(step.timeoutMs ? { timeoutMs: step.timeoutMs } : {}),
      });
      switch (result.status) {
        case 'succeeded':
          taint.recordOutput(id, step.tool, result.output, result.label, prepared.control);
          settle(id, step.tool, { status: 'succeeded', args: prepared.args, output: result.output, label: result.label, decision: result.decision, outputOutcome: result.outcome, attempts: 1 });
          break;
        case 'blocked':
          record.violations++;
          taint.recordBlocked(id, step.tool, result.reason);
          emit({ type: 'blocked', round, runId: record.id, stepId: id, tool: step.tool, reason: result.reason });
          settle(id, step.tool, {
            status: 'blocked',
            reason: result.reason,
            ...(result.decision ? { decision: result.decision } : {}),
            ...(result.outputBlocked ? { outputOutcome: 'blocked' as const } : {}),
          });
          break;
        case 'awaiting_approval':
          taint.recordBlocked(id, step.tool, 'awaiting approval');
          emit({ type: 'approval', round, runId: record.id, stepId: id, tool: step.tool, approval: result.approval });
          settle(id, step.tool, { status: 'awaiting_approval', decision: result.approval.decision, approval: result.approval });
          break;
        default:
          taint.recordFailed(id, step.tool, result.error.message);
          settle(id, step.tool, { status: 'failed', error: result.error });
      }
    }
  } finally {
    await session.close();
  }
  record.status = statusOf(Object.values(record.steps), record.violations);
  record.endedAt = Date.now();
  return record;
}
