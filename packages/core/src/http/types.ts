/**
 * Wire types of the AgentOS HTTP API (see `docs/http-api.md`), and the small
 * structural interfaces the handler takes (a container monitor, an agent, a
 * workflow store) so `@agentos/core` depends on neither docker-tools nor the
 * agent package. Browser clients import these with `import type`.
 * @module
 */
import type { Decision, Violation } from '@agentos/policy';
import type { ToolInfo } from '../registry.js';
import type { StepRef } from '../runtime/events.js';
import type { StepPreview, WorkflowPreview } from '../runtime/preview.js';
import type { PendingApproval, RunRecord, StepRecordState } from '../stores/types.js';
import type { WorkflowJson } from '../workflow/schema.js';

export type { Decision, Violation, ToolInfo, StepRef, StepPreview, WorkflowPreview, PendingApproval, RunRecord, StepRecordState, WorkflowJson };

// ---- containers ---------------------------------------------------------

/** Container health: Docker's three values, plus `none` without a healthcheck. */
export type ContainerHealth = 'healthy' | 'unhealthy' | 'starting' | 'none';

/** Docker's container states, plus `removed` (gone) and `unknown` (no monitor to ask). */
export type ContainerViewState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead' | 'removed' | 'unknown';

/** One container as the dashboard shows it. */
export interface ContainerView {
  id: string;
  name: string;
  image: string;
  state: ContainerViewState;
  health: ContainerHealth;
  /** Null unless running (or when unknown). */
  uptimeSeconds: number | null;
  restartCount: number;
  /** The Docker host it runs on. */
  host: string;
  labels: Record<string, string>;
}

/** What changed in a `container:update` event. */
export type ContainerChange = 'state' | 'health' | 'die' | 'oom' | 'restart' | 'start' | 'stop' | 'destroy';

/** Where the containers come from: `{ kind, description }`, or null without a monitor. */
export interface DockerInfo {
  kind: 'docker' | 'memory';
  description: string;
}

// ---- actions --------------------------------------------------------------

/** One-click container actions. */
export const CONTAINER_ACTIONS = ['restart', 'fix-suggestion', 'alert'] as const;
/** A one-click container action. */
export type ContainerAction = (typeof CONTAINER_ACTIONS)[number];

/**
 * The outcome of a container action. `message` is what the UI shows in
 * place (`Restarted db`; for a blocked alert `Alert displayed on screen only:
 * the data comes from docker_logs`, with the alert text in `output.text`).
 */
export interface ActionResult {
  action: ContainerAction;
  container: string;
  status: 'done' | 'blocked' | 'failed' | 'awaiting_approval';
  message: string;
  /** The policy decision behind a blocked (or allowed) call. */
  decision?: Decision;
  /** Text to show (alert text, fix suggestion), or the approval to wait for. */
  output?: { text?: string; label?: string; runId?: string; stepId?: string };
  /** The run or session the action went through (its events arrive on `/events`). */
  runId?: string;
}

// ---- responses ------------------------------------------------------------

/** `GET /info`. */
export interface InfoResponse {
  version: string;
  docker: DockerInfo | null;
  agent: boolean;
  auth: boolean;
}

/** An error answer: `{ error: { code, message, path? } }`. */
export interface HttpErrorBody {
  error: {
    code: string;
    message: string;
    /** Where in the request: a body path like `steps[1].tool`, or a query/route parameter name. */
    path?: string;
    /** Every problem found, for workflow and request validation. */
    issues?: Array<{ path: string; message: string }>;
  };
}

/** `POST /workflows/validate`. */
export type ValidateResponse = { ok: true } | { ok: false; issues: Array<{ path: string; message: string }> };

// ---- server-sent events --------------------------------------------------

/** A `container:update` event. */
export interface ContainerUpdate {
  container: ContainerView;
  change: ContainerChange;
  from?: string | null;
  to?: string;
  /** Exit code, for `die`. */
  exitCode?: number | null;
  /** Epoch ms (the daemon's time of the event). */
  time: number;
}

/** Every event of `GET /events`, by name, with its `data`. */
export interface AgentOsEventMap {
  hello: { time: number };
  'containers:snapshot': { containers: ContainerView[] };
  'container:update': ContainerUpdate;
  'monitor:status': { connected: boolean; reason?: string; host?: string };
  'run:start': { run: RunRecord };
  'step:start': StepRef & { attempt: number };
  'step:end': StepRef & { step: StepRecordState };
  'step:blocked': StepRef & { reason: string; decision?: Decision; violation: Violation };
  'step:approval': StepRef & { approval: PendingApproval };
  'run:paused': { run: RunRecord };
  'run:end': { run: RunRecord };
  violation: { violation: Violation; line: string };
}

/** Names of the `/events` stream. */
export type AgentOsEventName = keyof AgentOsEventMap;

/** One `/events` message: its name and parsed data. */
export type AgentOsEvent = { [K in AgentOsEventName]: { type: K; data: AgentOsEventMap[K] } }[AgentOsEventName];

// ---- agent ---------------------------------------------------------------

/** One event of an agent's chat (`plan`, `step`, `blocked`, `approval`, `answer`, `error`, …). */
export interface AgentChatEvent {
  type: string;
  [key: string]: unknown;
}

/**
 * What the handler needs from an agent (the agent package provides one).
 * @example
 * ```ts
 * const agent: AgentLike = { async *chat(message) { yield { type: 'answer', text: `You said ${message}` }; } };
 * ```
 */
export interface AgentLike {
  /** Events need a `type` (the SSE event name); the whole event is sent as its data. */
  chat(message: string, options: { signal: AbortSignal }): AsyncIterable<{ type: string }>;
}

// ---- monitor (structural; docker-tools' ContainerMonitor fits) ----------

/** A container as a monitor reports it (docker-tools' `ContainerStatus` fits). */
export interface MonitorContainerLike {
  host: string;
  id: string;
  name: string;
  image: string;
  state: string;
  health: string;
  uptimeSeconds: number | null;
  restartCount: number;
  labels: Record<string, string>;
}

/** What every monitor container event carries. */
export interface MonitorEventBaseLike {
  host: string;
  id: string;
  name: string;
  image: string;
  time: number;
}

/** Monitor events the handler forwards, by name. */
export interface MonitorEventMapLike {
  snapshot: { containers: MonitorContainerLike[]; host: string; reason: string };
  'container:state': MonitorEventBaseLike & { from: string | null; to: string; action: string };
  'container:health': MonitorEventBaseLike & { from: string; to: string };
  'container:die': MonitorEventBaseLike & { exitCode: number | null };
  'container:oom': MonitorEventBaseLike;
  'container:restart': MonitorEventBaseLike & { kind: string; restartCount: number | null };
  disconnected: { host: string; error: Error };
  reconnected: { host: string };
}

/** Connection state of one monitored host. */
export interface MonitorHostLike {
  host: string;
  kind: 'docker' | 'memory';
  address: string;
  connected: boolean;
  lastError: string | null;
}

/**
 * The container monitor as the handler sees it: docker-tools'
 * `createContainerMonitor(...)` satisfies it.
 */
export interface MonitorLike {
  snapshot(): MonitorContainerLike[];
  hosts?(): MonitorHostLike[];
  /** Listeners get the payloads of {@link MonitorEventMapLike} (typed loosely so any typed emitter fits). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  on(event: keyof MonitorEventMapLike, listener: (payload: any) => void): unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  off(event: keyof MonitorEventMapLike, listener: (payload: any) => void): unknown;
}

// ---- workflows -----------------------------------------------------------

/** Where saved workflows live (see `createMemoryWorkflowStore`, `createFileWorkflowStore`). */
export interface WorkflowStoreLike {
  /** Every saved workflow, sorted by name. */
  list(): Promise<WorkflowJson[]>;
  get(name: string): Promise<WorkflowJson | undefined>;
  /** Save (or replace) a workflow under its `name`. */
  save(workflow: WorkflowJson): Promise<void>;
  /** False when there was none. */
  remove(name: string): Promise<boolean>;
}
