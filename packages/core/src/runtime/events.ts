/**
 * Typed runtime events. Everything a UI needs comes from these.
 * @module
 */
import type { Decision, Violation } from '@agentos/policy';
import type { PendingApproval, RunRecord, StepRecordState } from '../stores/types.js';

/** Identifies the step an event is about. */
export interface StepRef {
  runId: string;
  workflow: string;
  stepId: string;
  tool: string;
}

/** Events of a runtime, via `runtime.on(name, listener)`. */
export interface RuntimeEvents {
  'run:start': (e: { run: RunRecord }) => void;
  'step:start': (e: StepRef & { attempt: number }) => void;
  'step:blocked': (e: StepRef & { reason: string; decision?: Decision; violation: Violation }) => void;
  'step:approval': (e: StepRef & { approval: PendingApproval }) => void;
  'step:end': (e: StepRef & { step: StepRecordState }) => void;
  /** The run waits for approvals and nothing else can progress. */
  'run:paused': (e: { run: RunRecord }) => void;
  'run:end': (e: { run: RunRecord }) => void;
  violation: (v: Violation) => void;
  /** Secrets were redacted from an open-world call's arguments. */
  'step:redacted': (e: StepRef & { count: number; rules: string[] }) => void;
}

/** Names of runtime events. */
export type RuntimeEventName = keyof RuntimeEvents;
