/**
 * Store interfaces: runs and violations. In-memory and durable (append-only
 * file) implementations share them.
 * @module
 */
import type { Decision, OutputLabel, Label, Violation } from '@agentos/policy';
import type { TriggerPayload } from '../workflow/builder.js';
import type { WorkflowJson } from '../workflow/schema.js';

/** Status of a run. */
export type RunStatus = 'running' | 'succeeded' | 'succeeded_with_violations' | 'failed' | 'cancelled' | 'awaiting_approval' | 'interrupted';

/** Status of a step. */
export type StepStatus = 'pending' | 'running' | 'succeeded' | 'blocked' | 'skipped' | 'failed' | 'cancelled' | 'awaiting_approval';

/** An argument of a pending approval, with where its value came from. */
export interface ApprovalArgument {
  /** Path in the arguments (`text`, `body.items[0]`). */
  path: string;
  /** The raw value that will be sent if approved. */
  value: unknown;
  label: Label;
  /** The references it was built from (`{{ logs.text }}`). */
  from: string[];
}

/** A step waiting for a person. */
export interface PendingApproval {
  runId: string;
  stepId: string;
  workflow: string;
  tool: string;
  /** The resolved arguments exactly as they will be sent. */
  args: unknown;
  arguments: ApprovalArgument[];
  decision: Decision;
  requestedAt: number;
}

/** One step of a stored run. */
export interface StepRecordState {
  id: string;
  tool: string;
  status: StepStatus;
  attempts: number;
  startedAt?: number;
  endedAt?: number;
  /** Resolved arguments (after redaction for open-world tools). */
  args?: unknown;
  decision?: Decision;
  /** The labelled output (withheld fields removed). */
  output?: unknown;
  label?: OutputLabel;
  /** Control-flow label: what made this step run. */
  control?: Label;
  outputOutcome?: 'trusted' | 'untrusted' | 'blocked';
  outputReason?: string;
  error?: { code: string; message: string };
  /** Why it was skipped or blocked. */
  reason?: string;
  approval?: PendingApproval;
  approvedBy?: string;
  /** How many secrets redaction removed before an open-world call. */
  redactions?: number;
}

/**
 * A stored run: its workflow JSON, status and every step's state (decision, output, label).
 * @example
 * ```ts
 * const run = await runtime.run(wf).result;
 * run.status;               // 'succeeded' | 'succeeded_with_violations' | 'failed' | 'cancelled' | …
 * run.steps.notify?.status; // 'blocked'
 * run.steps.notify?.reason; // 'Blocked — untrusted data context: Cannot send untrusted data externally (…)'
 * ```
 */
export interface RunRecord {
  id: string;
  workflow: string;
  json: WorkflowJson;
  status: RunStatus;
  mode: 'dataflow' | 'context';
  trigger: TriggerPayload;
  input: Record<string, unknown>;
  startedAt: number;
  endedAt?: number;
  steps: Record<string, StepRecordState>;
  violations: number;
  error?: { code: string; message: string };
}

/** Filter for listing runs. */
export interface RunFilter {
  workflow?: string;
  status?: RunStatus | RunStatus[];
  since?: number;
  limit?: number;
}

/** Where runs are kept. Writes are whole snapshots of one run. */
export interface RunStore {
  save(run: RunRecord): Promise<void>;
  get(id: string): Promise<RunRecord | undefined>;
  /** Newest first. */
  list(filter?: RunFilter): Promise<RunRecord[]>;
  close?(): Promise<void>;
}

/** Filter for listing violations. */
export interface ViolationFilter {
  since?: number;
  workflow?: string;
  tool?: string;
  run?: string;
  kind?: Violation['kind'];
  limit?: number;
}

/** Where violations are kept. Append-only. */
export interface ViolationStore {
  append(v: Violation): Promise<void>;
  /** Newest first. */
  list(filter?: ViolationFilter): Promise<Violation[]>;
  close?(): Promise<void>;
}
