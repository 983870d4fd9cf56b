/**
 * One-click container actions of the monitor dashboard. Every action goes
 * through the runtime — a `Monitor` session or a workflow run — so the
 * policies decide, exactly as for any other call.
 * @module
 */
import { redactText } from '@agentos/policy';
import type { Runtime } from '../runtime/runtime.js';
import type { StepRecordState } from '../stores/types.js';
import type { WorkflowJson } from '../workflow/schema.js';
import { HttpError } from './errors.js';
import type { ActionResult, ContainerView } from './types.js';

/** Options of the actions (from the handler's options). */
export interface ContainerActionOptions {
  /** AI fix suggestions (the agent package provides one). Without it, `fix-suggestion` answers 501. */
  fixSuggestion?: (container: ContainerView, signal: AbortSignal) => Promise<{ text: string; label?: string }>;
}

/** Options of the `alert` action. */
export interface AlertOptions {
  /** Slack channel for alerts; without one, `slack_notify`'s default channel is used. */
  channel?: string;
}

/** The name of the workflow the `alert` action runs (it shows in runs and violations). */
export const ALERT_WORKFLOW_NAME = 'Send Alert';
/** The session name of `restart` (it shows in violations). */
export const MONITOR_SESSION_NAME = 'Monitor';

function requireTools(runtime: Runtime, action: string, tools: string[]): void {
  const missing = tools.filter((t) => !runtime.registry.has(t));
  if (missing.length) {
    throw new HttpError(501, 'TOOL_NOT_REGISTERED', `the "${action}" action needs the tool${missing.length > 1 ? 's' : ''} ${missing.map((t) => `"${t}"`).join(', ')}, which ${missing.length > 1 ? 'are' : 'is'} not registered`, {
      hint: 'register it in the runtime\'s ToolRegistry (e.g. createDockerTools from @agentos/docker-tools, createSlackNotify)',
    });
  }
}

/**
 * `restart`: `docker_restart({ container, host? })` in a `Monitor` session.
 * @example
 * ```ts
 * await restartContainer(runtime, 'db'); // { status: 'done', message: 'Restarted db', … }
 * ```
 */
export async function restartContainer(runtime: Runtime, container: string, host?: string, signal?: AbortSignal): Promise<ActionResult> {
  requireTools(runtime, 'restart', ['docker_restart']);
  const session = runtime.session({ name: MONITOR_SESSION_NAME });
  let keepOpen = false;
  try {
    const r = await session.call('docker_restart', { container, ...(host ? { host } : {}) }, { title: `restart ${container}`, ...(signal ? { signal } : {}) });
    const base = { action: 'restart' as const, container, runId: session.id };
    switch (r.status) {
      case 'succeeded':
        return { ...base, status: 'done', message: `Restarted ${container}`, decision: r.decision };
      case 'blocked':
        return { ...base, status: 'blocked', message: r.reason, ...(r.decision ? { decision: r.decision } : {}) };
      case 'awaiting_approval':
        // The session must stay open: approving runs the call in it.
        keepOpen = true;
        return {
          ...base,
          status: 'awaiting_approval',
          message: `Restarting ${container} waits for approval`,
          decision: r.approval.decision,
          output: { runId: r.approval.runId, stepId: r.approval.stepId },
        };
      default:
        return { ...base, status: 'failed', message: r.error.message };
    }
  } finally {
    if (!keepOpen) await session.close();
  }
}

/** The `Send Alert` workflow: logs → Slack. */
export function alertWorkflow(container: string, options: AlertOptions = {}, host?: string): WorkflowJson {
  return {
    name: ALERT_WORKFLOW_NAME,
    version: 1,
    description: `Send the last 50 log lines of ${container} to Slack`,
    steps: [
      { id: 'logs', tool: 'docker_logs', args: { container, tail: 50, ...(host ? { host } : {}) }, title: `read the logs of ${container}` },
      {
        id: 'notify',
        tool: 'slack_notify',
        args: { ...(options.channel ? { channel: options.channel } : {}), text: `Alert for ${container}: {{ logs.text }}` },
        title: `send an alert for ${container}`,
      },
    ],
  };
}

/**
 * `alert`: runs the `Send Alert` workflow. When the policies block the Slack
 * step (the data comes from `docker_logs`), the alert is shown on screen
 * only: the result carries the text for the signed-in operator.
 */
export async function alertContainer(runtime: Runtime, container: string, options: AlertOptions = {}, host?: string): Promise<ActionResult> {
  requireTools(runtime, 'alert', ['docker_logs', 'slack_notify']);
  const handle = runtime.run(alertWorkflow(container, options, host));
  const run = await handle.idle();
  const base = { action: 'alert' as const, container, runId: run.id };
  const logs = run.steps.logs;
  const notify = run.steps.notify;
  const logText = logs?.status === 'succeeded' ? textOf(logs.output) : undefined;
  // Shown on screen instead of sent: still redacted, so secrets in the logs do not end up in
  // screenshots or screen shares (defence in depth; the policy decision already kept them in).
  const alertText = redactText(`Alert for ${container}: ${logText ?? `(logs unavailable: ${why(logs)})`}`).value;

  switch (notify?.status) {
    case 'succeeded':
      return { ...base, status: 'done', message: `Alert for ${container} sent to Slack`, ...(notify.decision ? { decision: notify.decision } : {}) };
    case 'blocked': {
      const sources = [...new Set((notify.decision?.sources ?? []).map((s) => s.tool))];
      return {
        ...base,
        status: 'blocked',
        message: `Alert displayed on screen only: the data comes from ${sources.length ? sources.join(', ') : 'docker_logs'}`,
        output: { text: alertText },
        ...(notify.decision ? { decision: notify.decision } : {}),
      };
    }
    case 'awaiting_approval':
      return {
        ...base,
        status: 'awaiting_approval',
        message: `Sending the alert for ${container} waits for approval`,
        output: { text: alertText, runId: run.id, stepId: 'notify' },
        ...(notify.decision ? { decision: notify.decision } : {}),
      };
    default: {
      // The logs step was blocked or failed (so nothing was sent), or notify failed.
      if (logs && logs.status !== 'succeeded') {
        return {
          ...base,
          status: logs.status === 'blocked' ? 'blocked' : 'failed',
          message: `Alert not sent: the logs of ${container} could not be read (${why(logs)})`,
        };
      }
      return { ...base, status: 'failed', message: `Alert not sent: ${why(notify)}`, output: { text: alertText } };
    }
  }
}

/**
 * `fix-suggestion`: asks the configured provider (the agent package's) for
 * a suggestion; 501 without one.
 */
export async function fixSuggestion(options: ContainerActionOptions, viewOf: () => ContainerView, signal: AbortSignal): Promise<ActionResult> {
  if (!options.fixSuggestion) {
    throw new HttpError(501, 'NO_LLM', 'AI fix suggestions need an LLM, and none is configured', {
      hint: 'pass actions.fixSuggestion to createAgentOsHandler (the agent package provides one)',
    });
  }
  const view = viewOf();
  let s: { text: string; label?: string };
  try {
    s = await options.fixSuggestion(view, signal);
  } catch (e) {
    return { action: 'fix-suggestion', container: view.name, status: 'failed', message: `No fix suggestion: ${e instanceof Error ? e.message : String(e)}` };
  }
  return { action: 'fix-suggestion', container: view.name, status: 'done', message: s.label ?? `AI fix suggestion for ${view.name}`, output: { text: s.text, ...(s.label ? { label: s.label } : {}) } };
}

function textOf(output: unknown): string | undefined {
  if (typeof output === 'string') return output;
  if (output && typeof output === 'object' && typeof (output as { text?: unknown }).text === 'string') return (output as { text: string }).text;
  return undefined;
}

function why(step: StepRecordState | undefined): string {
  if (!step) return 'the step did not run';
  return step.reason ?? step.error?.message ?? step.status;
}

