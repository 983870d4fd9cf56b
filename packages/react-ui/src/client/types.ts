/**
 * Types of the AgentOS HTTP API as the browser client sees them. They come
 * from `@agentos/core` with `import type` only, so nothing of core (which
 * uses `node:` modules) reaches the browser bundle.
 * @module
 */
import type { AgentOsEventName, ContainerAction, ContainerView, DockerInfo, Violation, WorkflowJson } from '@agentos/core';

export type {
  ActionResult,
  AgentChatEvent,
  AgentOsEvent,
  AgentOsEventMap,
  AgentOsEventName,
  ContainerAction,
  ContainerChange,
  ContainerHealth,
  ContainerUpdate,
  ContainerView,
  ContainerViewState,
  Decision,
  DockerInfo,
  HttpErrorBody,
  InfoResponse,
  PendingApproval,
  RunRecord,
  StepPreview,
  StepRecordState,
  ToolInfo,
  ValidateResponse,
  Violation,
  WorkflowJson,
  WorkflowPreview,
} from '@agentos/core';

/** Names of the `/events` stream, as a value (the client listens for each). */
export const AGENTOS_EVENT_NAMES = [
  'hello',
  'containers:snapshot',
  'container:update',
  'monitor:status',
  'run:start',
  'step:start',
  'step:end',
  'step:blocked',
  'step:approval',
  'run:paused',
  'run:end',
  'violation',
] as const satisfies ReadonlyArray<AgentOsEventName>;

/** The one-click container actions, as a value. */
export const CONTAINER_ACTION_NAMES = ['restart', 'fix-suggestion', 'alert'] as const satisfies ReadonlyArray<ContainerAction>;

/** `GET /containers`. */
export interface ContainersResponse {
  containers: ContainerView[];
  docker: DockerInfo | null;
}

/** Filter of `GET /violations`. */
export interface ViolationQuery {
  /** Epoch ms. */
  since?: number;
  workflow?: string;
  tool?: string;
  limit?: number;
}

/** `GET /violations`: the records and the lines users read (newest first). */
export interface ViolationsResponse {
  violations: Violation[];
  lines: string[];
}

/** Filter of `GET /runs`. */
export interface RunQuery {
  limit?: number;
  workflow?: string;
}

/** What `POST /runs` starts: a workflow, or the name of a saved (or registered) one. */
export type RunTarget = { workflow: WorkflowJson } | { name: string };

/** `fetch` as the client uses it. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** The part of the browser's `EventSource` the client uses. */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((this: never, ev: Event) => unknown) | null;
  onerror: ((this: never, ev: Event) => unknown) | null;
  addEventListener(type: string, listener: (ev: MessageEvent) => void): void;
  close(): void;
}

/** A constructor of {@link EventSourceLike}. */
export type EventSourceConstructor = new (url: string) => EventSourceLike;

/** Connection state of a subscription. */
export type SubscriptionStatus = 'connecting' | 'connected' | 'disconnected';
