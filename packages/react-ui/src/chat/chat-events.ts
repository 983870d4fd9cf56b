/**
 * Reading the agent's chat events (`plan`, `step`, `blocked`, `approval`,
 * `answer`, `error`) into what the chat shows. The stream is typed loosely on
 * the wire, so every field is checked before use.
 * @module
 */
import type { AgentChatEvent, PendingApproval, StepRecordState } from '../client/index.js';

/** A planned step. */
export interface PlannedStep {
  id: string;
  tool: string;
  title?: string;
}

/** One plan (a request may be re-planned: round 2, 3, …). */
export interface ChatPlan {
  round: number;
  name?: string;
  steps: PlannedStep[];
}

/** The latest known state of a planned step. */
export interface ChatStepState {
  status: StepRecordState['status'];
  reason?: string;
  runId?: string;
  approval?: PendingApproval;
}

/** Everything a chat turn shows, folded from its events. */
export interface ChatTurnView {
  plans: ChatPlan[];
  /** By `round:stepId`. */
  steps: Record<string, ChatStepState>;
  answer?: string;
  errors: string[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const obj = (v: unknown): Record<string, unknown> | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

/**
 * The key of a step of a round.
 * @example stepKey(1, 'notify') // '1:notify'
 */
export const stepKey = (round: number, stepId: string): string => `${round}:${stepId}`;

function planSteps(e: AgentChatEvent): PlannedStep[] {
  const wf = obj(e.workflow);
  const list = Array.isArray(wf?.steps) ? (wf.steps as unknown[]) : Array.isArray(e.steps) ? (e.steps as unknown[]) : [];
  return list.flatMap((s, i): PlannedStep[] => {
    if (typeof s === 'string') return [{ id: `step${i + 1}`, tool: s }];
    const o = obj(s);
    const tool = str(o?.tool);
    if (!o || !tool) return [];
    const title = str(o.title);
    return [{ id: str(o.id) ?? `step${i + 1}`, tool, ...(title ? { title } : {}) }];
  });
}

/**
 * Fold one event into a turn's view.
 * @example view = applyChatEvent(view, { type: 'answer', text: 'Containers fixed.' })
 */
export function applyChatEvent(view: ChatTurnView, e: AgentChatEvent): ChatTurnView {
  const round = num(e.round) ?? 1;
  const stepId = str(e.stepId);
  const setStep = (patch: ChatStepState): ChatTurnView => {
    if (!stepId) return view;
    const k = stepKey(round, stepId);
    const next = { ...(view.steps[k] ?? {}), ...patch };
    if (patch.status !== 'awaiting_approval') delete next.approval;
    return { ...view, steps: { ...view.steps, [k]: next } };
  };
  const runId = str(e.runId);
  switch (e.type) {
    case 'plan': {
      const wf = obj(e.workflow);
      const name = str(wf?.name);
      return { ...view, plans: [...view.plans.filter((p) => p.round !== round), { round, steps: planSteps(e), ...(name ? { name } : {}) }] };
    }
    case 'step': {
      const status = str(e.status) as ChatStepState['status'] | undefined;
      if (!status) return view;
      const reason = str(e.reason);
      return setStep({ status, ...(reason ? { reason } : {}), ...(runId ? { runId } : {}) });
    }
    case 'blocked':
      return setStep({ status: 'blocked', reason: str(e.reason) ?? 'blocked by policy', ...(runId ? { runId } : {}) });
    case 'approval': {
      const approval = obj(e.approval) as PendingApproval | undefined;
      return setStep({ status: 'awaiting_approval', ...(approval ? { approval } : {}), ...(runId ?? approval?.runId ? { runId: runId ?? approval!.runId } : {}) });
    }
    case 'answer':
      return { ...view, answer: str(e.text) ?? str(e.summary) ?? '' };
    case 'error': {
      const err = obj(e.error);
      const message = str(e.message) ?? str(err?.message) ?? 'the agent failed';
      const code = str(e.code) ?? str(err?.code);
      return { ...view, errors: [...view.errors, code ? `${message} (${code})` : message] };
    }
    default:
      return view;
  }
}

/**
 * An empty turn view.
 * @example events.reduce(applyChatEvent, emptyTurnView())
 */
export const emptyTurnView = (): ChatTurnView => ({ plans: [], steps: {}, errors: [] });
