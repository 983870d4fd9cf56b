/**
 * Typed errors of `@agentos/core`. All extend {@link AgentOSError}.
 * @module
 */
import { AgentOSError, type AgentOSErrorOptions } from '@agentos/policy';

export { AgentOSError, isAgentOSError, formatPath } from '@agentos/policy';

/** Tool arguments (or a tool's output) do not match its zod schema. */
export class ToolValidationError extends AgentOSError {
  readonly tool: string;
  readonly issues: ReadonlyArray<{ path: string; message: string }>;
  constructor(tool: string, which: 'input' | 'output', issues: ReadonlyArray<{ path: string; message: string }>, options: AgentOSErrorOptions = {}) {
    const first = issues[0];
    super(
      which === 'input' ? 'TOOL_INPUT_INVALID' : 'TOOL_OUTPUT_INVALID',
      `${tool}: invalid ${which}${first ? ` at ${first.path || '(root)'}: ${first.message}` : ''}${issues.length > 1 ? ` (+${issues.length - 1} more)` : ''}`,
      { ...options, hint: options.hint ?? (which === 'input' ? `check the arguments against ${tool}'s input schema` : `the tool returned data that does not match its output schema`) },
    );
    this.tool = tool;
    this.issues = issues;
  }
}

/** A tool failed while running. `cause` holds the original error. */
export class ToolExecutionError extends AgentOSError {
  readonly tool: string;
  constructor(tool: string, message: string, options: AgentOSErrorOptions = {}) {
    super('TOOL_FAILED', `${tool} failed: ${message}`, options);
    this.tool = tool;
  }
}

/**
 * No tool of that name is registered (code `UNKNOWN_TOOL`).
 * @example
 * ```ts
 * try { registry.require('docker_exce'); } catch (e) { if (e instanceof UnknownToolError) console.log(e.message); } // unknown tool "docker_exce" (…)
 * ```
 */
export class UnknownToolError extends AgentOSError {
  constructor(tool: string, options: AgentOSErrorOptions = {}) {
    super('UNKNOWN_TOOL', `unknown tool "${tool}"`, { hint: 'register it in the ToolRegistry, or check the spelling', ...options });
  }
}

/**
 * A workflow (builder or JSON) is invalid: bad shape, cycle, unknown step or tool. `issues` lists every problem with its path.
 * @example
 * ```ts
 * try {
 *   loadWorkflow({ name: 'broken', steps: [{ id: 'notify', tool: 'slack_notify', args: { text: '{{ logs.text }}' } }] }, registry);
 * } catch (e) {
 *   if (e instanceof WorkflowValidationError) console.log(e.issues);
 *   // [{ path: 'steps[0].args.text', message: '{{ logs.text }} refers to unknown step "logs"' }]
 * }
 * ```
 */
export class WorkflowValidationError extends AgentOSError {
  readonly issues: ReadonlyArray<{ path: string; message: string }>;
  constructor(message: string, issues: ReadonlyArray<{ path: string; message: string }>, options: AgentOSErrorOptions = {}) {
    super('WORKFLOW_INVALID', message, options);
    this.issues = issues;
  }
}

/** An operation timed out. */
export class TimeoutError extends AgentOSError {
  constructor(what: string, ms: number, options: AgentOSErrorOptions = {}) {
    super('TIMEOUT', `${what} timed out after ${ms} ms`, options);
  }
}

/** An operation was cancelled through its AbortSignal. */
export class CancelledError extends AgentOSError {
  constructor(what: string, options: AgentOSErrorOptions = {}) {
    super('CANCELLED', `${what} was cancelled`, options);
  }
}

/** A sink refused to send (e.g. a webhook host not on the allow list). */
export class SinkRefusedError extends AgentOSError {
  constructor(tool: string, message: string, options: AgentOSErrorOptions = {}) {
    super('SINK_REFUSED', `${tool}: ${message}`, options);
  }
}
