/**
 * The live state of one run, folded from its events and its stored record.
 * Pure: `applyRunEvent(state, event)` and `applyRunRecord(state, run)`.
 * @module
 */
import type { AgentOsEvent, Decision, PendingApproval, RunRecord, StepRecordState, Violation } from '../client/index.js';

/** A step's status as the widgets show it. */
export type StepStatus = StepRecordState['status'];
/** A run's status. */
export type RunStatus = RunRecord['status'];

/** What the widgets know about one step of a run. */
export interface StepView {
  id: string;
  tool: string;
  status: StepStatus;
  /** Why it was blocked or skipped (the engine's words). */
  reason?: string;
  decision?: Decision;
  violation?: Violation;
  approval?: PendingApproval;
  error?: { code: string; message: string };
  output?: unknown;
}

/** The live state of a run. */
export interface RunState {
  runId: string;
  workflow?: string;
  status?: RunStatus;
  run?: RunRecord;
  steps: Record<string, StepView>;
}

const TERMINAL_STEP = new Set<StepStatus>(['succeeded', 'blocked', 'skipped', 'failed', 'cancelled']);
const TERMINAL_RUN = new Set<RunStatus>(['succeeded', 'succeeded_with_violations', 'failed', 'cancelled', 'interrupted']);

/** Later states never give way to earlier ones, whatever order events and records arrive in. */
const stepRank = (s: StepStatus) => (s === 'pending' ? 0 : TERMINAL_STEP.has(s) ? 2 : 1);
/**
 * True once a run can change no more.
 * @example isRunFinished('succeeded_with_violations') // true
 */
export const isRunFinished = (s: RunStatus | undefined): boolean => s !== undefined && TERMINAL_RUN.has(s);

/**
 * An empty state for a run.
 * @example events.reduce(applyRunEvent, emptyRunState(runId))
 */
export const emptyRunState = (runId: string): RunState => ({ runId, steps: {} });

function setStep(state: RunState, id: string, tool: string, patch: Partial<StepView> & { status: StepStatus }): RunState {
  const cur = state.steps[id];
  if (cur && stepRank(patch.status) < stepRank(cur.status)) return state;
  const next: StepView = { ...(cur ?? { id, tool }), ...patch, id, tool };
  if (patch.status !== 'awaiting_approval') delete next.approval;
  return { ...state, steps: { ...state.steps, [id]: next } };
}

function fromRecord(s: StepRecordState): Partial<StepView> & { status: StepStatus } {
  const out: Partial<StepView> & { status: StepStatus } = { status: s.status };
  const reason = s.reason ?? (s.status === 'blocked' ? (s.decision?.reason ?? s.outputReason) : undefined);
  if (reason) out.reason = reason;
  if (s.decision) out.decision = s.decision;
  if (s.approval) out.approval = s.approval;
  if (s.error) out.error = s.error;
  if (s.output !== undefined) out.output = s.output;
  return out;
}

/**
 * Fold a stored run record into the state (steps never move backwards).
 * @example applyRunRecord(emptyRunState(run.id), run)
 */
export function applyRunRecord(state: RunState, run: RunRecord): RunState {
  if (run.id !== state.runId) return state;
  let next: RunState = { ...state, workflow: run.workflow, run };
  if (!isRunFinished(state.status) || isRunFinished(run.status)) next.status = run.status;
  for (const s of Object.values(run.steps)) next = setStep(next, s.id, s.tool, fromRecord(s));
  return next;
}

/**
 * Fold one live event into the state; events of other runs are ignored.
 * @example state = applyRunEvent(state, { type: 'step:start', data: { runId, stepId: 'logs', tool: 'docker_logs', workflow: 'w', attempt: 1 } })
 */
export function applyRunEvent(state: RunState, e: AgentOsEvent): RunState {
  switch (e.type) {
    case 'run:start':
    case 'run:paused':
    case 'run:end':
      return applyRunRecord(state, e.data.run);
    case 'step:start':
      if (e.data.runId !== state.runId) return state;
      return setStep({ ...state, workflow: e.data.workflow }, e.data.stepId, e.data.tool, { status: 'running' });
    case 'step:end':
      if (e.data.runId !== state.runId) return state;
      return setStep(state, e.data.stepId, e.data.tool, fromRecord(e.data.step));
    case 'step:blocked':
      if (e.data.runId !== state.runId) return state;
      return setStep(state, e.data.stepId, e.data.tool, {
        status: 'blocked',
        reason: e.data.reason,
        violation: e.data.violation,
        ...(e.data.decision ? { decision: e.data.decision } : {}),
      });
    case 'step:approval':
      if (e.data.runId !== state.runId) return state;
      return setStep(state, e.data.stepId, e.data.tool, { status: 'awaiting_approval', approval: e.data.approval });
    default:
      return state;
  }
}
