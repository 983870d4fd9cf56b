/**
 * Hand-offs: results of one agent passed to another *with their labels*, so
 * taint follows the data across agents. The receiving planner sees only the
 * trusted parts; the receiving run reads the values as `{{ input.… }}` and
 * the runtime computes each call's context from their labels.
 * @module
 */
import { AgentOSError, StepIdSchema, TRUSTED, type Label, type OutputLabel } from '@agentos/policy';
import type { RunRecord, StepRecordState } from '@agentos/core';
import { describeStepForPlanner } from './trusted-view.js';

/** One step result inside a hand-off. */
export type HandoffStep = Pick<StepRecordState, 'id' | 'tool' | 'status' | 'output' | 'label' | 'outputOutcome' | 'reason' | 'error' | 'decision'>;

/** Results handed from one agent to another. */
export interface Handoff {
  /** Referenced as `{{ input.<name>.<step>.<path> }}`: letters, digits, `_` and `-`. */
  name: string;
  /** Who produced it, for the planner (trusted text), e.g. `findings of the investigator`. */
  description?: string;
  steps: HandoffStep[];
}

/**
 * Collect a hand-off from the runs of an agent (later runs win for equal step ids).
 * @example
 * ```ts
 * const finding = handoffFromRuns('investigate', answer.runs, 'findings of the investigator');
 * await notifier.ask('Tell #ops what was found', { handoff: [finding] });
 * ```
 */
export function handoffFromRuns(name: string, runs: ReadonlyArray<RunRecord>, description?: string): Handoff {
  if (!StepIdSchema.safeParse(name).success) {
    throw new AgentOSError('HANDOFF_INVALID', `hand-off name "${name}" cannot be used in references`, {
      path: ['name'],
      hint: 'use letters, digits, _ and -, starting with a letter or _',
    });
  }
  const steps = new Map<string, HandoffStep>();
  for (const run of runs) {
    for (const s of Object.values(run.steps)) {
      steps.set(s.id, {
        id: s.id,
        tool: s.tool,
        status: s.status,
        output: s.output,
        label: s.label,
        outputOutcome: s.outputOutcome,
        reason: s.reason,
        error: s.error,
        decision: s.decision,
      });
    }
  }
  return { name, ...(description ? { description } : {}), steps: [...steps.values()] };
}

const fallbackLabel = (s: HandoffStep): Label => ({ trust: 'untrusted', sources: [{ step: s.id, tool: s.tool }] });

/**
 * The run input made of hand-offs, and its field-level label: each handed
 * output keeps its own label (root and fields) under `<name>.<step>`.
 * @example
 * ```ts
 * const { value, label } = handoffInput([finding]);
 * // value.investigate.logs = { text: '…' }; label.fields['investigate.logs'] = untrusted(docker_logs)
 * ```
 */
export function handoffInput(handoffs: ReadonlyArray<Handoff>): { value: Record<string, Record<string, unknown>>; label: OutputLabel } {
  const value: Record<string, Record<string, unknown>> = {};
  const fields: Record<string, Label> = {};
  for (const h of handoffs) {
    const entry: Record<string, unknown> = {};
    for (const s of h.steps) {
      if (s.status !== 'succeeded') continue;
      entry[s.id] = s.output;
      const at = `${h.name}.${s.id}`;
      const label: OutputLabel = s.label ?? { root: fallbackLabel(s) };
      fields[at] = label.root;
      for (const [k, l] of Object.entries(label.fields ?? {})) fields[`${at}${k.startsWith('[') ? '' : '.'}${k}`] = l;
    }
    value[h.name] = entry;
  }
  return { value, label: Object.keys(fields).length ? { root: TRUSTED, fields } : { root: TRUSTED } };
}

/**
 * Hand-offs as the planner may see them: statuses, reasons and trusted
 * values; untrusted values as handles `{{ input.<name>.<step>… }}`.
 */
export function describeHandoffsForPlanner(handoffs: ReadonlyArray<Handoff>): string {
  return handoffs
    .map((h) => {
      const head = `Hand-off "${h.name}"${h.description ? ` (${h.description})` : ''}: reference its values as {{ input.${h.name}.<step>.<field> }}`;
      const lines = h.steps.map((s) => describeStepForPlanner(s as StepRecordState, { handleBase: (id) => `input.${h.name}.${id}` }));
      return [head, ...(lines.length ? lines : ['- (no results)'])].join('\n');
    })
    .join('\n\n');
}
