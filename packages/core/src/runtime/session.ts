/**
 * Tool sessions: one call at a time, through the same guard as workflow
 * runs, with taint kept across calls. Used by the MCP server (one session
 * per MCP session), the agent and the monitor's one-click actions.
 * @module
 */
import type { Decision, Label, OutputLabel } from '@agentos/policy';
import type { PendingApproval } from '../stores/types.js';

/** The outcome of one session call. */
export type CallResult =
  | { status: 'succeeded'; stepId: string; output: unknown; outcome: 'trusted' | 'untrusted'; label: OutputLabel; decision: Decision }
  | { status: 'blocked'; stepId: string; reason: string; decision?: Decision; outputBlocked?: boolean }
  | { status: 'failed'; stepId: string; error: { code: string; message: string } }
  | { status: 'awaiting_approval'; stepId: string; approval: PendingApproval };

/** Options of a session. */
export interface SessionOptions {
  /** Shown as the workflow name in violations (`MCP session`, `Monitor`). */
  name?: string;
  /**
   * `context` (default): once any untrusted output is seen in the session,
   * every later call is untrusted — right when an LLM sees every result.
   * `dataflow`: each call's context is only what the caller passes as `context`.
   */
  mode?: 'dataflow' | 'context';
}

/** Options of one call. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Labels of the data the caller put into the arguments (joined into the context). */
  context?: Label;
  /** Per-call timeout. */
  timeoutMs?: number;
  /** Shown in violations as what was attempted. */
  title?: string;
}

/**
 * A sequence of guarded calls sharing taint; made by `runtime.session(…)`.
 * @example
 * ```ts
 * const session = runtime.session({ name: 'MCP session' });
 * const logs = await session.call('docker_logs', { container: 'db' });
 * const sent = await session.call('slack_notify', { channel: '#ops', text: 'done' });
 * if (sent.status === 'blocked') console.log(sent.reason); // the logs were seen: the session's context is untrusted
 * await session.close();
 * ```
 */
export interface ToolSession {
  readonly id: string;
  readonly name: string;
  call(tool: string, args: unknown, options?: CallOptions): Promise<CallResult>;
  /** The join of every output seen so far. */
  seen(): Label;
  close(): Promise<void>;
}
