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

  for (;;) {
    if (state.signal.aborted) break;
    let progressed = false;
    for (const id of workflow.order) {
      const step = workflow.step(id)!;
      const rec = record.steps[id];
      if (running.has(id) || settled(id)) continue;
      if (rec?.status === 'awaiting_approval' && !approvals.has(id)) continue;
      if (!step.dependsOn.every(settled)) continue;
      const failedDep = step.dependsOn.find((d) => record.steps[d]?.status !== 'succeeded');
      if (failedDep) {
        const status = record.steps[failedDep]!.status;
        record.steps[id] = { id, tool: step.tool, status: 'skipped', attempts: 0, reason: `depends on "${failedDep}", which was ${status}`, endedAt: deps.now() };
        state.taint.recordSkipped(id, step.tool, `depends on "${failedDep}", which was ${status}`);
        await state.touch();
        deps.emitter.emit('step:end', { runId: record.id, workflow: record.workflow, stepId: id, tool: step.tool, step: record.steps[id]! });
        progressed = true;
        continue;
      }
      const approved = approvals.get(id);
      approvals.delete(id);
      const p = runStep(deps, state, step, approved).finally(() => running.delete(id));
      running.set(id, p);
      progressed = true;
    }
    if (running.size === 0 && !progressed) break;
    if (running.size > 0 && !progressed) await Promise.race(running.values());
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
