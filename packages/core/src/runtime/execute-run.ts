/**
 * The run loop: steps start as soon as their dependencies finish;
 * independent branches run in parallel; a step whose dependency did not
 * succeed is skipped; approvals pause the run.
 * @internal
 */
import type { LoadedStep, Workflow } from '../workflow/load.js';
import type { RunRecord, RunStatus } from '../stores/types.js';
import { runGuardedStep, type GuardDeps, type RunState } from './guard.js';

/** Terminal and paused statuses. */
export const TERMINAL: ReadonlySet<RunStatus> = new Set(['succeeded', 'succeeded_with_violations', 'failed', 'cancelled']);

/** Drive a run until it ends or pauses for approvals. Approved steps are passed in `approvals`. */
export async function executeRun(
  deps: GuardDeps,
  state: RunState,
  workflow: Workflow,
  approvals: Map<string, { by: string }>,
): Promise<RunRecord> {
  const { record } = state;
  const running = new Map<string, Promise<void>>();
  const settled = (id: string) => {
    const s = record.steps[id]?.status;
    return s !== undefined && s !== 'pending' && s !== 'running' && s !== 'awaiting_approval';
  };

  // Event-driven scheduling: each step counts its unsettled dependencies; a
  // step becomes ready when its count reaches zero. O(steps + edges).
  const dependants = new Map<string, string[]>();
  const waitingOn = new Map<string, number>();
  const ready: string[] = [];
  for (const id of workflow.order) {
    const step = workflow.step(id)!;
    for (const d of step.dependsOn) {
      const list = dependants.get(d);
      if (list) list.push(id);
      else dependants.set(d, [id]);
    }
  }
  for (const id of workflow.order) {
    if (settled(id)) continue;
    const rec = record.steps[id];
    if (rec?.status === 'awaiting_approval' && !approvals.has(id)) continue;
    const n = workflow.step(id)!.dependsOn.filter((d) => !settled(d)).length;
    waitingOn.set(id, n);
    if (n === 0) ready.push(id);
  }
  let wake: (() => void) | undefined;
  const onSettled = (id: string) => {
    for (const next of dependants.get(id) ?? []) {
      const n = waitingOn.get(next);
      if (n === undefined) continue;
      waitingOn.set(next, n - 1);
      if (n - 1 === 0) ready.push(next);
    }
    wake?.();
  };

  for (;;) {
    while (ready.length && !state.signal.aborted) {
      const id = ready.shift()!;
      const step = workflow.step(id)!;
      const failedDep = step.dependsOn.find((d) => record.steps[d]?.status !== 'succeeded');
      if (failedDep) {
        const status = record.steps[failedDep]!.status;
        const reason = `depends on "${failedDep}", which was ${status}`;
        record.steps[id] = { id, tool: step.tool, status: 'skipped', attempts: 0, reason, endedAt: deps.now() };
        state.taint.recordSkipped(id, step.tool, reason);
        await state.touch();
        deps.emitter.emit('step:end', { runId: record.id, workflow: record.workflow, stepId: id, tool: step.tool, step: record.steps[id]! });
        onSettled(id);
        continue;
      }
      const approved = approvals.get(id);
      approvals.delete(id);
      const p = runStep(deps, state, step, approved).finally(() => {
        running.delete(id);
        if (settled(id)) onSettled(id);
        else wake?.();
      });
      running.set(id, p);
    }
    if (running.size === 0 || state.signal.aborted) break;
    await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
  }
  await Promise.allSettled(running.values());

  const steps = Object.values(record.steps);
  const waiting = steps.some((s) => s.status === 'awaiting_approval');
  if (state.signal.aborted && !waiting) {
    for (const id of workflow.order) {
      const s = record.steps[id];
      if (!s || s.status === 'pending' || s.status === 'running') {
        record.steps[id] = { ...(s ?? { id, tool: workflow.step(id)!.tool, attempts: 0 }), status: 'cancelled', endedAt: deps.now() };
      }
    }
  }
  record.status = waiting
    ? 'awaiting_approval'
    : state.signal.aborted && !steps.some((s) => s.status === 'failed')
      ? 'cancelled'
      : steps.some((s) => s.status === 'failed' || s.status === 'cancelled')
        ? steps.some((s) => s.status === 'failed')
          ? 'failed'
          : 'cancelled'
        : record.violations > 0 || steps.some((s) => s.status === 'blocked')
          ? 'succeeded_with_violations'
          : 'succeeded';
  if (TERMINAL.has(record.status)) record.endedAt = deps.now();
  await state.touch(true);
  return record;
}

async function runStep(deps: GuardDeps, state: RunState, step: LoadedStep, approved: { by: string } | undefined): Promise<void> {
  try {
    await runGuardedStep(deps, state, step, approved);
  } catch (e) {
    // The guard turns every expected problem into a status; anything else fails the step, never allows.
    state.record.steps[step.id] = {
      ...(state.record.steps[step.id] ?? { id: step.id, tool: step.tool, attempts: 0 }),
      status: 'failed',
      error: { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) },
      endedAt: deps.now(),
    };
    state.taint.recordFailed(step.id, step.tool, 'internal error');
  }
}
