/**
 * How a step's preview and run status read on the canvas.
 * @module
 */
import type { StepPreview } from '../client/index.js';
import { policyReason, stripSources } from '../format/violation-line.js';
import type { StepView } from '../hooks/run-state.js';

/** `data-status` of a node: the run status, with `succeeded` shown as `done`. */
export type NodeRunStatus = 'pending' | 'running' | 'done' | 'blocked' | 'skipped' | 'failed' | 'cancelled' | 'awaiting_approval';

/** `data-preview` of a node. */
export type NodePreviewState = 'blocked' | 'approval' | 'allowed';

/**
 * The node status of a run step.
 * @example nodeRunStatus({ status: 'succeeded' }) // 'done'
 */
export function nodeRunStatus(step: Pick<StepView, 'status'> | undefined): NodeRunStatus {
  if (!step) return 'pending';
  return step.status === 'succeeded' ? 'done' : step.status;
}

/**
 * Labels of node statuses.
 * @example RUN_STATUS_LABELS.awaiting_approval // 'Awaiting approval'
 */
export const RUN_STATUS_LABELS: Readonly<Record<NodeRunStatus, string>> = {
  pending: 'Waiting',
  running: 'Running…',
  done: 'Done',
  blocked: 'Blocked',
  skipped: 'Skipped',
  failed: 'Failed',
  cancelled: 'Cancelled',
  awaiting_approval: 'Awaiting approval',
};

/**
 * The preview state of a node.
 * @example nodePreviewState({ verdict: 'block' }) // 'blocked'
 */
export function nodePreviewState(p: Pick<StepPreview, 'verdict'>): NodePreviewState {
  return p.verdict === 'block' ? 'blocked' : p.verdict === 'require_approval' ? 'approval' : 'allowed';
}

/**
 * What a node says about its preview: `Would be blocked: Cannot send untrusted data externally (untrusted data from docker_logs)`.
 * @param sourceTools the tools of the steps in `p.sources`.
 * @example previewText(p, ['docker_logs'])
 */
export function previewText(p: StepPreview, sourceTools: string[]): string {
  const from = sourceTools.length ? ` (untrusted data from ${[...new Set(sourceTools)].join(', ')})` : '';
  if (p.verdict === 'block') return `Would be blocked: ${policyReason(p.reason)}${from}`;
  if (p.verdict === 'require_approval') return `Needs approval: ${policyReason(p.reason)}${from}`;
  return p.approximate ? `Allowed so far; depends on values known at run time` : 'Allowed';
}

/**
 * What a node says about its run status: `Policy violation — Cannot send untrusted data externally`.
 * @example runText({ status: 'blocked', reason: '…' })
 */
export function runText(step: StepView | undefined): string {
  const s = nodeRunStatus(step);
  if (!step) return RUN_STATUS_LABELS.pending;
  if (s === 'blocked') return `Policy violation — ${policyReason(step.reason ?? step.violation?.reason ?? 'blocked by policy')}`;
  if (s === 'skipped') return step.reason ? `Skipped: ${stripSources(step.reason)}` : 'Skipped';
  if (s === 'failed') return `Failed: ${step.error?.message ?? step.reason ?? 'the tool failed'}`;
  return RUN_STATUS_LABELS[s];
}
